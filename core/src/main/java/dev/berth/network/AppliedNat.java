package dev.berth.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Skips rewriting the NAT rules when they would not change: each rewrite starts {@code nft} (or
 * {@code iptables-restore}), which costs tens of milliseconds, and most containers (no published
 * port, on a bridge that exists) leave the rules as they were.
 *
 * <p>The rules are a function of {@link #inputs}; this JVM remembers the inputs it applied last
 * and a random stamp it wrote beside the store ({@code networks/.nat-applied}, under the store's
 * lock, as every apply is). Another JVM that applies rules writes its own stamp, so a stamp that
 * is not ours means the rules may differ and they are rewritten. A new JVM (after a reboot too)
 * remembers nothing and rewrites. What this does not see is the rules being removed by hand
 * ({@code nft flush ruleset}): they come back at the next change or the next JVM, as Docker's
 * come back only when dockerd restarts.
 */
final class AppliedNat {
    /** Made at the first stamp: a SecureRandom loads the security providers, which opening a home need not (#18). */
    private static final class Nonces {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private final Path stampFile;
    private String inputs; // guarded by the store's lock
    private String stamp;

    AppliedNat(Path networksDirectory) {
        this.stampFile = networksDirectory.resolve(".nat-applied");
    }

    /**
     * What the rules of {@code networks} depend on (those with endpoints, or in {@code kept}):
     * each one's bridge, subnet and whether it is internal, and each endpoint's DNATed ports
     * with its address. Equal inputs, equal rules.
     */
    static String inputs(List<NetworkRecord> networks, Set<String> kept) {
        StringBuilder s = new StringBuilder();
        for (NetworkRecord n : networks) {
            if (n.endpoints().isEmpty() && !kept.contains(n.name())) {
                continue;
            }
            s.append(n.bridge()).append(' ').append(n.subnet()).append(' ').append(n.internal()).append('\n');
            for (NetworkRecord.Endpoint e : n.endpoints()) {
                if (!e.proxied() && !e.ports().isEmpty()) {
                    s.append("  ").append(e.address()).append(' ').append(e.ports()).append('\n');
                }
            }
        }
        return s.toString();
    }

    /** Whether the rules for {@code inputs} are those this JVM applied last and no other JVM has applied since. */
    boolean current(String inputs) {
        if (this.inputs == null || !this.inputs.equals(inputs)) {
            return false;
        }
        try {
            return stamp.equals(Files.readString(stampFile, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Records that the rules for {@code inputs} have just been applied (the store's lock is held). */
    void applied(String inputs) throws IOException {
        byte[] nonce = new byte[16];
        Nonces.RANDOM.nextBytes(nonce);
        String s = HexFormat.of().formatHex(nonce);
        this.inputs = null; // until the stamp is written: a failure below means "not known"
        if (Files.isDirectory(stampFile.getParent())) {
            // Not synced: a stamp lost in a crash only makes the next JVM rewrite the rules.
            Files.writeString(stampFile, s, StandardCharsets.US_ASCII); // in the owner-only home
            this.stamp = s;
            this.inputs = inputs;
        }
    }

    /** Forgets what was applied (a failed apply leaves the rules unknown). */
    void forget() {
        this.inputs = null;
    }
}
