package dev.berth.runtime;

import dev.berth.log.LogRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a log's files as a writer in any process appends to them and rotates them: it holds
 * the file it reads open, reads it to its end once {@code log.json} is another file (the writer
 * rotates only between whole records), then goes on with its successor. What a reader holds open
 * stays readable after the writer dropped it, so only a reader that falls behind by the whole
 * log (max-size x max-file) loses records, as with Docker's.
 */
final class LogTail implements LogSource {
    /** How long a known absence of a write failure is trusted before the marker is read again. */
    private static final long FAILURE_RECHECK_NANOS = 500_000_000L;

    private final ContainerLog log;
    private final LogFiles files;
    private LogFiles.Open current;
    private long offset;
    private String failure;
    private long failureCheckedAt;
    private boolean failureChecked;

    /** Follows on from {@code offset} in {@code newest}, which it takes over (null: no file yet). */
    LogTail(ContainerLog log, LogFiles files, LogFiles.Open newest, long offset) {
        this.log = log;
        this.files = files;
        this.current = newest;
        this.offset = offset;
    }

    @Override
    public boolean poll(Consumer<LogRecord> out) throws IOException {
        // Before reading: whatever the writer wrote before it went is read below.
        boolean writerGone = !log.isBeingWritten();
        if (current == null) {
            List<LogFiles.Open> all = files.openAll();
            if (all.isEmpty()) {
                return writerGone;
            }
            for (int i = 0; i < all.size() - 1; i++) {
                LogFileScanner.scan(all.get(i).channel(), 0, Long.MAX_VALUE, out);
                all.get(i).close();
            }
            current = all.get(all.size() - 1);
            offset = 0;
        }
        offset = LogFileScanner.scan(current.channel(), offset, Long.MAX_VALUE, out);
        for (Object now = files.currentKey(); now != null && !now.equals(current.key()); now = files.currentKey()) {
            // Rotated away: the writer has finished with it.
            offset = LogFileScanner.scan(current.channel(), offset, Long.MAX_VALUE, out);
            LogFiles.Open next = files.next(current.key());
            if (next == null) {
                break;
            }
            current.close();
            current = next;
            offset = LogFileScanner.scan(current.channel(), 0, Long.MAX_VALUE, out);
        }
        Object now = files.currentKey();
        return writerGone && (now == null || now.equals(current.key()));
    }

    @Override
    public Optional<String> writeFailure() {
        if (failure == null && (!failureChecked || System.nanoTime() - failureCheckedAt > FAILURE_RECHECK_NANOS)) {
            failure = log.writeFailure().orElse(null);
            failureChecked = true;
            failureCheckedAt = System.nanoTime();
        }
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        if (current != null) {
            LogFiles.closeAll(List.of(current));
            current = null;
        }
    }
}
