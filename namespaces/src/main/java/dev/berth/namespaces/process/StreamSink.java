package dev.berth.namespaces.process;

/**
 * Receives what a launched process writes to stdout or stderr, from the one
 * {@link ProcessWatcher} thread that drains every such pipe with
 * epoll, instead of a thread per stream. Calls come from that thread, in order, and must not
 * block: a slow sink delays every other container's output.
 */
public interface StreamSink {
    /** The launch succeeded and the pipe is drained from now on; called before any {@link #write}. */
    default void opened() {
    }

    /** The next {@code length} bytes of the stream, in {@code bytes} (valid only during the call). */
    void write(byte[] bytes, int length);

    /** End of the stream (every writer has closed it, or reading failed); no call follows. */
    void closed();
}
