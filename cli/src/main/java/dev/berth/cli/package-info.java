/**
 * The {@code berth} command-line tool: one picocli command class per Docker verb, on the
 * {@link dev.berth.Berth} API. Each command is a short-lived process on a shared
 * {@code BERTH_HOME}; detached containers outlive it with their stage-1 helper, and later
 * commands find them with {@link dev.berth.Berth#findContainer}.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/">docker CLI reference</a>
 */
package dev.berth.cli;
