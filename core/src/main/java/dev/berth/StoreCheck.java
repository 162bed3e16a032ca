package dev.berth;

import java.util.List;

/**
 * What {@link Berth#check()} found in a home ({@code berth system check}): every blob's digest
 * verified, every reference followed (index.json to manifests, configs and layers; containers and
 * images to unpacked layers), every unpacked layer's metadata, parent and files checked. A
 * <em>problem</em> is an inconsistency that no crash of a correct writer can leave; a
 * <em>leftover</em> is what a crashed JVM leaves (staging files, half-applied layers, references
 * of dead pulls and containers, containers of dead JVMs), which {@link Berth#open()} removes.
 * The home, its first-level directories and the runtime directory must be reachable by their
 * owner only: one other users could reach is a problem, naming it and its mode, and what the open
 * of this {@link Berth} had to make owner-only is listed as <em>tightened</em>.
 * The store follows the OCI
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">image layout</a>.
 *
 * @param blobs blobs whose digest was verified
 * @param bytesVerified bytes hashed
 * @param layers unpacked layers checked
 * @param containers container directories checked
 * @param problems one sentence per inconsistency, naming what is wrong
 * @param leftovers one sentence per leftover, naming it
 * @param tightened one line per directory that other users could reach until this Berth's open
 *        made it owner-only, "PATH MODE -> 0700"
 */
public record StoreCheck(int blobs, long bytesVerified, int layers, int containers, List<String> problems,
        List<String> leftovers, List<String> tightened) {
    public StoreCheck {
        problems = List.copyOf(problems);
        leftovers = List.copyOf(leftovers);
        tightened = List.copyOf(tightened);
    }

    /** No problems (leftovers may remain). */
    public boolean consistent() {
        return problems.isEmpty();
    }

    /** No problems and no leftovers. */
    public boolean clean() {
        return problems.isEmpty() && leftovers.isEmpty();
    }

    /** A human-readable report: the counts, then each problem, leftover and directory tightened on its own line. */
    public String report() {
        StringBuilder s = new StringBuilder()
                .append(blobs).append(" blobs (").append(bytesVerified).append(" bytes) verified, ")
                .append(layers).append(" layers, ").append(containers).append(" containers checked: ")
                .append(problems.size()).append(" problems, ").append(leftovers.size()).append(" leftovers\n");
        problems.forEach(p -> s.append("problem: ").append(p).append('\n'));
        leftovers.forEach(l -> s.append("leftover: ").append(l).append('\n'));
        tightened.forEach(t -> s.append("tightened (other host users could reach it until this open): ").append(t)
                .append('\n'));
        return s.toString();
    }
}
