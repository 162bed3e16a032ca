package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.remote.ImagePusher;
import dev.berth.image.remote.RegistryClients;
import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.testing.BusyboxRootfs;
import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.Root;
import dev.berth.overlayfs.FileTrees;
import dev.berth.registry.CredentialSource;
import dev.berth.registry.ProgressListener;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.testing.LocalRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container scenarios again as an unprivileged user ({@value #USER}, created here once with
 * {@code /etc/subuid} and {@code /etc/subgid} ranges and kept for later runs): a JVM of that user
 * runs {@link RootlessScenarios} on a home in its own temporary XDG directories, pulling from a
 * real registry on 127.0.0.1 that this (root) JVM fills. Needs root to create the user.
 */
class RootlessContainerTest {
    static final String USER = "berthtest";
    static final String PULLED = "rootless/owned:1";

    private static Path work;

    @BeforeAll
    static void createUser() throws IOException {
        Root.require();
        if (run("id", "-u", USER).exitCode != 0) {
            Result r = run("useradd", "--no-create-home", "--shell", "/bin/sh", USER);
            assertEquals(0, r.exitCode, "useradd: " + r.output);
        }
        if (!subordinateLine(Path.of("/etc/subuid")) || !subordinateLine(Path.of("/etc/subgid"))) {
            Result r = run("usermod", "--add-subuids", "300000-365535", "--add-subgids", "300000-365535", USER);
            assertEquals(0, r.exitCode, "usermod: " + r.output);
        }
        work = Files.createTempDirectory("berth-rootless-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void removeWork() throws IOException {
        if (work != null) {
            killUserProcesses();
            FileTrees.delete(work);
        }
    }

    @Test
    void containerScenariosRunAsAnUnprivilegedUser() throws Exception {
        Path classpath = copyClasspath(work.resolve("cp"));
        Path home = userDirectory("home");
        Path runtime = userDirectory("run");
        Path notWritable = Files.createDirectory(work.resolve("root-owned"));
        BusyboxImage.store(home, Files.createDirectory(work.resolve("scratch")));
        chownToUser(home);
        String output;
        try (LocalRegistry registry = LocalRegistry.available() ? LocalRegistry.start(work.resolve("registry")) : null) {
            if (registry != null) {
                pushOwnedImage(registry.host());
            }
            output = runAsUser(classpath, home, runtime, notWritable, registry == null ? "none" : registry.host());
        }
        System.out.println(output);
        for (String scenario : List.of("run", "exec", "ownership", "confined", "limits", "commit")) {
            assertTrue(output.contains("\nPASS " + scenario + "\n") || output.startsWith("PASS " + scenario + "\n"),
                    scenario + " did not pass as " + USER + ":\n" + output);
        }
        assertTrue(output.contains("PASS pull") || output.contains("SKIP pull"), output);
        assertTrue(!output.contains("FAIL "), output);
        output.lines().filter(l -> l.startsWith("SKIP ")).forEach(l -> System.out.println("rootless: " + l));
        assertEquals(List.of(), Leaks.mounts(work.toString()));
    }

    /**
     * An image whose second layer has files of uid 1000 (setuid tool, 0700 directory) and a
     * device node (which a user cannot make), pushed to the registry.
     */
    private static void pushOwnedImage(String host) throws IOException {
        Path rootfs = BusyboxRootfs.create(work.resolve("owned-base"));
        Path base = TestImages.tar(rootfs, work.resolve("owned-base.tar"));
        Path layer = Files.createDirectories(work.resolve("owned-layer/home/user/private"));
        Files.writeString(layer.resolve("secret"), "secret\n");
        Path tool = Files.writeString(layer.getParent().resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(layer, PosixFilePermissions.fromString("rwx------"));
        TestImages.run("chown", "-R", "1000:1000", work.resolve("owned-layer/home/user").toString());
        TestImages.run("chmod", "4755", tool.toString());
        TestImages.run("mknod", layer.getParent().resolve("device").toString(), "c", "1", "3");
        Path tar = work.resolve("owned-layer.tar");
        TestImages.run("tar", "--sort=name", "--mtime=@0", "--numeric-owner", "-C", work.resolve("owned-layer").toString(),
                "-cf", tar.toString(), ".");
        ImageStore store = ImageStore.open(work.resolve("push-store"));
        RuntimeConfig config = new RuntimeConfig(null, null, List.of("PATH=/bin"), null, List.of("sh"), null, null,
                Map.of(), null, null, null, null, null);
        TestImages.build(store, "berth.test/owned:1", List.of(base, tar), true, config);
        RegistryClients anonymous = RegistryClients.caching(
                h -> RegistryClient.builder(h).credentialSource(CredentialSource.none()).build());
        ImagePusher.create(store, anonymous).push(ImageReference.parse("berth.test/owned:1"),
                ImageReference.parse(host + "/" + PULLED), ProgressListener.NONE);
    }

    private static String runAsUser(Path classpath, Path home, Path runtime, Path notWritable, String registry)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cp = new ArrayList<>(List.of(classpath + "/*"));
        try (Stream<Path> s = Files.list(classpath.resolve("classes"))) {
            s.sorted().forEach(p -> cp.add(p.toString()));
        }
        List<String> argv = List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups", "--",
                java, "-cp", String.join(File.pathSeparator, cp), RootlessScenarios.class.getName(),
                home.toString(), registry, notWritable.toString());
        Path log = work.resolve("scenarios.log");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("HOME", home.toString());
        env.put("USER", USER);
        env.put("XDG_DATA_HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return Files.readString(log) + "\nFAIL timeout: the scenarios did not finish in 300 s\n";
        }
        return Files.readString(log);
    }

    /** The test classpath, copied where the user can read it (the Maven repository is root's). */
    private static Path copyClasspath(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("classes"));
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (Files.isDirectory(from)) {
                copyTree(from, dir.resolve("classes").resolve(String.format("%03d", n++)));
            } else if (Files.isRegularFile(from)) {
                Files.copy(from, dir.resolve(String.format("%03d-", n++) + from.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        run("chmod", "-R", "a+rX", dir.toString());
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static Path userDirectory(String name) throws IOException {
        Path d = Files.createDirectory(work.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        chownToUser(d);
        return d;
    }

    private static void chownToUser(Path p) throws IOException {
        Result r = run("chown", "-R", USER + ":" + USER, p.toString());
        assertEquals(0, r.exitCode, "chown: " + r.output);
    }

    private static boolean subordinateLine(Path file) throws IOException {
        return Files.exists(file) && Files.readAllLines(file).stream().anyMatch(l -> l.startsWith(USER + ":"));
    }

    /** Processes the test user still has (its JVM's helpers, had anything gone wrong), by pid. */
    private static void killUserProcesses() throws IOException {
        String uid = run("id", "-u", USER).output.trim();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (p.getFileName().toString().matches("\\d+")) {
                    try {
                        if (String.valueOf(Files.getAttribute(p, "unix:uid")).equals(uid)) {
                            ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
                        }
                    } catch (IOException gone) {
                        // exited meanwhile
                    }
                }
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

}
