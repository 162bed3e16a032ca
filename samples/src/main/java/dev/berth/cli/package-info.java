/**
 * The {@code berth} command-line tool: one picocli command class per Docker verb, on the
 * {@link dev.berth.Berth} API. A container belongs to the process that started it (the
 * foreground {@code berth run}, or the monitor of {@code run -d}); other {@code berth}
 * processes reach it over its {@link dev.berth.cli.ControlSocket}.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/">docker CLI reference</a>
 */
package dev.berth.cli;
