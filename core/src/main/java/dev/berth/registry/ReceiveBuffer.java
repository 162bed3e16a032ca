package dev.berth.registry;

/**
 * The JDK HTTP client reads responses in buffers of {@code jdk.httpclient.bufsize} bytes, 16 KiB
 * by default, which caps blob downloads far below what loopback or a fast link carries (a 100 MB
 * pull took 506 ms of downloading with 16 KiB and 370 ms with 256 KiB here). The JDK reads the
 * property once, when its first client is built, so it is set before Berth builds one, and only
 * when the application has not chosen a value itself (then that value stands).
 *
 * @see <a href="https://docs.oracle.com/en/java/javase/17/docs/api/java.net.http/module-summary.html">java.net.http properties</a>
 */
final class ReceiveBuffer {
    static final String PROPERTY = "jdk.httpclient.bufsize";
    static final int BYTES = 256 * 1024;

    private ReceiveBuffer() {
    }

    static void enlarge() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(BYTES));
        }
    }
}
