/**
 * Readiness checks for started containers, as Testcontainers users know them: a log message,
 * a listening port, an HTTP answer, a successful command ({@link dev.berth.wait.Wait}). They act
 * on a {@link dev.berth.wait.WaitTarget}, the few things they need of a container;
 * {@link dev.berth.wait.ContainerLogLines} gives such a target the lines of a container log.
 *
 * @see <a href="https://java.testcontainers.org/features/startup_and_waits/">Testcontainers: startup and waits</a>
 */
package dev.berth.wait;
