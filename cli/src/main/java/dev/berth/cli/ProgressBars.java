package dev.berth.cli;

import dev.berth.image.ProgressListener;
import dev.berth.image.TransferProgress;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-layer progress of a pull or push, as {@code docker pull} draws it: on a terminal one line
 * per blob with a bar, bytes and rate, redrawn in place (ANSI cursor-up) at most ten times a
 * second; elsewhere one line per finished blob; nothing when quiet.
 */
final class ProgressBars implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final String doneWord;
    private final long started = System.nanoTime();
    private final Map<String, TransferProgress> blobs = new LinkedHashMap<>();
    private int drawnLines;
    private long lastDraw;

    private ProgressBars(PrintStream out, boolean terminal, String doneWord) {
        this.out = out;
        this.terminal = terminal;
        this.doneWord = doneWord;
    }

    /** Bars on an interactive terminal, a line per blob elsewhere, nothing when {@code quiet}. */
    static ProgressListener choose(boolean quiet, String doneWord) {
        if (quiet) {
            return ProgressListener.NONE;
        }
        return new ProgressBars(System.out, System.console() != null, doneWord);
    }

    /** To {@code out} (stderr for {@code run}'s pull, as Docker's), bars when it is a terminal. */
    static ProgressListener to(PrintStream out, boolean terminal, String doneWord) {
        return new ProgressBars(out, terminal, doneWord);
    }

    @Override
    public synchronized void onProgress(TransferProgress p) {
        TransferProgress before = blobs.put(p.digest(), p);
        if (!terminal) {
            if (p.blobDone() && (before == null || !before.blobDone())) {
                out.println(shortDigest(p.digest()) + ": " + doneWord + " " + Human.size(p.blobBytes()));
            }
            return;
        }
        long now = System.nanoTime();
        if (p.blobDone() || now - lastDraw > 100_000_000L) {
            lastDraw = now;
            draw(now);
        }
    }

    private void draw(long now) {
        StringBuilder s = new StringBuilder();
        if (drawnLines > 0) {
            s.append("\033[").append(drawnLines).append('A');
        }
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        for (TransferProgress p : blobs.values()) {
            s.append("\r\033[2K").append(shortDigest(p.digest())).append(": ");
            if (p.blobDone()) {
                s.append(doneWord).append(' ').append(Human.size(p.blobBytes()));
            } else {
                s.append(bar(p)).append(' ').append(Human.size(p.blobBytes())).append('/')
                        .append(p.blobSize() < 0 ? "?" : Human.size(p.blobSize())).append("  ")
                        .append(Human.size((long) (p.blobBytes() / seconds))).append("/s");
            }
            s.append('\n');
        }
        drawnLines = blobs.size();
        out.print(s);
        out.flush();
    }

    private static String bar(TransferProgress p) {
        int filled = p.blobSize() <= 0 ? 0 : (int) Math.min(WIDTH, p.blobBytes() * WIDTH / p.blobSize());
        return "[" + "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled) + "]";
    }

    private static String shortDigest(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
