package dev.berth.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host's packet-filter tools ({@code nft}, {@code iptables}): the one place Berth
 * starts a host program for networking, since their kernel interfaces (nf_tables netlink,
 * the xtables blob) are far larger than the rules Berth writes.
 */
final class Tools {
    private Tools() {
    }

    /** Whether {@code command} runs and exits 0. */
    static boolean works(String... command) {
        try {
            run(null, command);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code command} with {@code stdin} (null: none) and returns its stdout.
     *
     * @throws IOException with the command and its stderr when it fails or takes over 30 s
     */
    static String run(String stdin, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException(String.join(" ", argv) + " did not finish in 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", argv) + " failed (exit " + p.exitValue() + "): "
                        + new String(err, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv, e);
        } finally {
            p.destroy();
        }
    }
}
