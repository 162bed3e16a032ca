/**
 * The system-call layer: {@link dev.berth.namespaces.linux.Syscalls} with a real JNA
 * implementation over the C library loaded by soname, and a recording one for tests without
 * root; errno names; syscall numbers for x86_64 and aarch64.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/syscalls.2.html">syscalls(2)</a>
 */
package dev.berth.namespaces.linux;
