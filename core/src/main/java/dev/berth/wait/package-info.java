/**
 * Readiness checks for started containers, as Testcontainers users know them: a log message,
 * a listening port, an HTTP answer, a successful command ({@link dev.berth.wait.Wait}). They act
 * on a {@link dev.berth.wait.WaitTarget}, the few things they need of a container;
 * a container gives such a target the lines of its log as {@link dev.berth.wait.LogLines}.
 *
 * @see <a href="https://java.testcontainers.org/features/startup_and_waits/">Testcontainers: startup and waits</a>
 */
package dev.berth.wait;
