package dev.berth.overlayfs.diff;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.userns.UserNamespaceMap;
import dev.berth.overlayfs.UserNamespaceJvm;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The tar entries of an overlay upper directory (or of a copied root against its layers) that
 * this user cannot read itself, written by
 * a JVM that runs as root of a user namespace with the user's map. Without root, a container
 * user other than root (a subordinate id on the host) may make a 0700 directory or a 0600 file;
 * the user who owns the container may then neither list nor read it, but the root of its user
 * namespace may, with {@code CAP_DAC_READ_SEARCH} over the ids the map covers. A
 * {@link UserNamespaceJvm} ({@link #main}) walks the upper with the same {@link LayerDiff} code
 * and streams the entries to this one; owners then read as the container's ids already. It
 * costs a JVM start, so it is used only when a walk finds something unreadable.
 */
public final class UserNamespaceDiff {
    private static final String ENTRIES = "entries ";

    private UserNamespaceDiff() {
    }

    /**
     * Writes the entries of {@code upper} (no end-of-archive blocks) to {@code entries}, made in
     * a user namespace with {@code map}; returns how many there are.
     *
     * @param sourceDateEpoch the mtime clamp, or null
     */
    static long write(Launcher launcher, UserNamespaceMap map, Path upper, Long sourceDateEpoch, Instant whiteoutTime,
            OutputStream entries) throws IOException {
        return run(launcher, map, upper, sourceDateEpoch, whiteoutTime, entries, List.of("upper", upper.toString()));
    }

    /**
     * As {@link #write} for the copy driver: the entries that make {@code layers} (highest first)
     * into {@code changed}.
     */
    static long writeCopy(Launcher launcher, UserNamespaceMap map, List<Path> layers, Path changed, Long sourceDateEpoch,
            Instant whiteoutTime, OutputStream entries) throws IOException {
        List<String> args = new ArrayList<>(List.of("copy", changed.toString()));
        layers.forEach(l -> args.add(l.toString()));
        return run(launcher, map, changed, sourceDateEpoch, whiteoutTime, entries, args);
    }

    private static long run(Launcher launcher, UserNamespaceMap map, Path upper, Long sourceDateEpoch, Instant whiteoutTime,
            OutputStream entries, List<String> what) throws IOException {
        List<String> args = new ArrayList<>(List.of(sourceDateEpoch == null ? "-" : Long.toString(sourceDateEpoch),
                whiteoutTime.toString()));
        args.addAll(what);
        String[] lines = UserNamespaceJvm.run(launcher, map, List.of(Capability.DAC_READ_SEARCH), "read the changes in " + upper,
                entries, UserNamespaceDiff.class, args).split("\n");
        String last = lines[lines.length - 1];
        if (!last.startsWith(ENTRIES)) {
            throw new IOException("cannot read the changes in " + upper + " in a user namespace: the JVM there said "
                    + String.join("\n", lines));
        }
        return Long.parseLong(last.substring(ENTRIES.length()));
    }

    /**
     * The child's side: {@code args} are the mtime clamp ("-" for none), the whiteouts' time
     * (ISO-8601), then {@code upper DIR}
     * or {@code copy CHANGED LAYER...}; writes its entries to stdout and then {@code entries N}
     * to stderr.
     */
    public static void main(String[] args) throws IOException {
        Long epoch = args[0].equals("-") ? null : Long.parseLong(args[0]);
        OutputStream out = new BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
        LayerDiff diff = LayerDiff.inUserNamespace(Host.system(), epoch, Instant.parse(args[1])); // this JVM's entry point
        long n = args[2].equals("upper") ? diff.entriesOfUpper(Path.of(args[3]), out)
                : diff.entriesOfCopy(java.util.Arrays.stream(args, 4, args.length).map(Path::of).toList(), Path.of(args[3]), out);
        out.flush();
        System.err.println(ENTRIES + n);
        System.exit(0);
    }
}
