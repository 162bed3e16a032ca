package dev.berth.overlayfs.diff;

import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.Stdio;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The tar entries of an overlay upper directory that this user cannot read itself, written by
 * a JVM that runs as root of a user namespace with the user's map. Without root, a container
 * user other than root (a subordinate id on the host) may make a 0700 directory or a 0600 file;
 * the user who owns the container may then neither list nor read it, but the root of its user
 * namespace may, with {@code CAP_DAC_READ_SEARCH} over the ids the map covers. A namespace
 * cannot be entered by a running JVM (it has threads), so the stage-1 helper starts a second
 * JVM there on this JVM's class path ({@link #main}), which walks the upper with the same
 * {@link LayerDiff} code and streams the entries to this one; owners then read as the
 * container's ids already. It costs a JVM start, so it is used only when a walk finds
 * something unreadable.
 */
public final class UserNamespaceDiff {
    private static final String ENTRIES = "entries ";

    private UserNamespaceDiff() {
    }

    /** Whether {@code upper} holds a directory or file that this process may not read. */
    static boolean needed(Path upper) throws IOException {
        boolean[] unreadable = {false};
        Files.walkFileTree(upper, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return check(Files.isReadable(dir) && Files.isExecutable(dir));
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                return check(!attrs.isRegularFile() || Files.isReadable(file));
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof AccessDeniedException) {
                    return check(false);
                }
                throw e;
            }

            private FileVisitResult check(boolean readable) {
                unreadable[0] = !readable;
                return readable ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }
        });
        return unreadable[0];
    }

    /**
     * Writes the entries of {@code upper} (no end-of-archive blocks) to {@code entries}, made in
     * a user namespace with {@code map}; returns how many there are.
     *
     * @param sourceDateEpoch the mtime clamp, or null
     */
    static long write(UserNamespaceMap map, Path upper, Long sourceDateEpoch, OutputStream entries) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-Xshare:auto",
                "-Duser.home=" + System.getProperty("user.home"), "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        // JNA's settings (where its native part is unpacked, how libc is found) as this JVM has them.
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("jna.")).sorted()
                .forEach(k -> argv.add("-D" + k + "=" + System.getProperty(k)));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), UserNamespaceDiff.class.getName(),
                upper.toString(), sourceDateEpoch == null ? "-" : Long.toString(sourceDateEpoch)));
        ProcessSpec spec = ProcessSpec.builder(argv).name("berth-diff").namespaces(List.of()).userNamespace(map)
                .capabilities(List.of(Capability.DAC_READ_SEARCH)).env("HOME", System.getProperty("user.home"))
                .stdout(Stdio.pipe()).stderr(Stdio.pipe()).build();
        try (IsolatedProcess p = Launcher.system().launch(spec)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try {
                    p.stderr().transferTo(err);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "berth-diff-stderr");
            drain.setDaemon(true);
            drain.start();
            p.stdout().transferTo(entries);
            ExitStatus status = p.waitFor();
            drain.join();
            String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
            String last = lines[lines.length - 1];
            if (!status.success() || !last.startsWith(ENTRIES)) {
                throw new IOException("cannot write the changes in " + upper + " in a user namespace (" + map
                        + "): the diff JVM ended with " + status + ": " + err.toString(StandardCharsets.UTF_8).strip());
            }
            return Long.parseLong(last.substring(ENTRIES.length()));
        } catch (LaunchException e) {
            throw new IOException("cannot start a JVM in a user namespace to read " + upper + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the changes in " + upper, e);
        }
    }

    /**
     * The child's side: {@code args} are the upper directory and the mtime clamp ("-" for none);
     * writes its entries to stdout and then {@code entries N} to stderr.
     */
    public static void main(String[] args) throws IOException {
        Long epoch = args[1].equals("-") ? null : Long.parseLong(args[1]);
        OutputStream out = new BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
        long n = LayerDiff.inUserNamespace(epoch).entriesOfUpper(Path.of(args[0]), out);
        out.flush();
        System.err.println(ENTRIES + n);
        System.exit(0);
    }
}
