package dev.berth.runtime;

import dev.berth.log.LogRecord;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/** Where a {@link LogFollower}'s records come from once it has returned what was there at its start. */
interface LogSource extends AutoCloseable {
    /**
     * Passes the records that have come since the last call to {@code out}, in order.
     *
     * @return true once no record will come any more and every one has been passed
     */
    boolean poll(Consumer<LogRecord> out) throws IOException;

    /** Why the writer stopped writing the file, if it did: "{@code <path>: <reason>}". */
    Optional<String> writeFailure();

    @Override
    void close();
}
