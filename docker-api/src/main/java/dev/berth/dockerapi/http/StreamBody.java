package dev.berth.dockerapi.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body written as it is produced (followed logs, events, JSON progress): sent in
 * chunks, each {@link OutputStream#flush()} pushing what was written to the client. A write
 * after the client has gone throws {@link IOException}, which ends the stream.
 */
@FunctionalInterface
public interface StreamBody {
    void write(OutputStream out) throws Exception;
}
