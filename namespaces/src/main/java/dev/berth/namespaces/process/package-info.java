/**
 * Handles of launched processes, built on pidfds so that no signal reaches a recycled pid, and
 * the one watcher thread that follows all of them.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/pidfd_open.2.html">pidfd_open(2)</a>
 */
package dev.berth.namespaces.process;
