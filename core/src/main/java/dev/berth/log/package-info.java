/**
 * Container logs as the API hands them out: a {@link dev.berth.log.LogRecord} per line of
 * output, a {@link dev.berth.log.LogQuery} to select them, a {@link dev.berth.log.LogStream} to
 * follow them, the {@link dev.berth.log.LogOptions} that bound the files, and the
 * {@link dev.berth.log.AttachedOutput} of a container run attached. The records follow Docker's
 * json-file log.
 *
 * @see <a href="https://docs.docker.com/engine/logging/drivers/json-file/">json-file driver</a>
 */
package dev.berth.log;
