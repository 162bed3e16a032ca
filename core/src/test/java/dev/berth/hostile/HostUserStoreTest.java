package dev.berth.hostile;

import static dev.berth.hostile.HostileReport.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Berth;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.hostile.HostileReport.Outcome;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.testing.UnprivilegedUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on a store from a host user other than its owner: running a set-uid file that an image
 * or a container put in the store, opening a device node a layer carries, reading a container's
 * log, listing containers and volumes, and reaching the runtime directory. The store and the
 * runtime directory sit in a directory every user may traverse, as {@code /var/lib} and
 * {@code /run} are, so only Berth's own modes stand in the way. Docker keeps its data root,
 * {@code overlay2} and {@code containers} at 0710 root:root, so the same attempts on
 * {@code /var/lib/docker} fail with EACCES; Berth keeps its home and runtime directory 0700.
 * Needs root (to make the store and switch users) and, for the rootless store, two test users.
 */
@RequiresRoot("creates host users and runs containers")
class HostUserStoreTest {
    static final String IMAGE = "berth.test/hostile-content:1";
    static final String DOCKER = "Docker: data root, overlay2 and containers are 0710 root:root, so the same"
            + " attempt on /var/lib/docker fails with EACCES";
    /** What the container does: a set-uid copy of the probe in its upper, a volume file, a log line. */
    static final String SCRIPT = "cp /probe/probe /upper-probe && chmod 4755 /upper-probe"
            + " && echo volume-secret > /data/secret && echo log-secret && echo ready && exec sleep 600";

    @AfterAll
    static void report() throws IOException {
        HostileReport.write();
    }

    @Test
    void aRootStoreAndRuntimeDirectoryAreClosedToOtherHostUsers() throws Exception {
        try (UnprivilegedUser attacker = UnprivilegedUser.create()) {
            Path work = attacker.work(); // root's, 0755: anyone may traverse it, as /var/lib
            Path probe = readableProbe(work);
            Path scratch = Files.createDirectory(work.resolve("scratch"));
            Path home = work.resolve("home");
            Path runtime = work.resolve("run");
            storeImage(home, scratch, probe, true);
            // A runtime directory as an earlier Berth left it, with a socket's name in it.
            Files.createDirectories(runtime);
            Files.writeString(runtime.resolve("berth-slirp-0123456789ab.sock"), "");
            String mode = "host user";
            try (Berth berth = Berth.builder().home(home).runtimeDirectory(runtime).build();
                    Container c = berth.container(IMAGE).user("root").bind(probe, "/probe", true)
                            .volume("hostile-data", "/data").command("sh", "-c", SCRIPT).start()) {
                awaitLog(c, "ready");
                Path layerProbe = find(home.resolve("layers"), "diff/bin/suid-probe");
                Path upperProbe = find(home.resolve("containers"), "upper/upper-probe");
                Path device = find(home.resolve("layers"), "diff/dev/berth-loop");
                Path log = find(home.resolve("containers").resolve(c.id()), "log.json");
                assertTrue(Files.readString(log).contains("log-secret"), "the log holds no line yet: " + log);
                String user = attacker.name();

                attempt(mode, "run a set-uid-root file from a layer's diff", user + ": " + layerProbe + " open /etc/shadow",
                        DOCKER,
                        () -> refusedOutside(user, layerProbe.toString(), "open", "/etc/shadow"));
                attempt(mode, "run a set-uid-root file a container wrote to its upper",
                        user + ": " + upperProbe + " open /etc/shadow", DOCKER,
                        () -> refusedOutside(user, upperProbe.toString(), "open", "/etc/shadow"));
                attempt(mode, "open a block device node (loop0, 0666) a layer carries", user + ": probe open " + device,
                        DOCKER,
                        () -> refusedOutside(user, probe.resolve("probe").toString(), "open", device.toString()));
                attempt(mode, "read a container's log", user + ": probe open " + log, DOCKER,
                        () -> refusedOutside(user, probe.resolve("probe").toString(), "open", log.toString()));
                attempt(mode, "list containers and volumes", user + ": ls " + home.resolve("containers") + " "
                        + home.resolve("volumes"), DOCKER, () -> refusedOutside(user, "ls",
                                home.resolve("containers").toString(), home.resolve("volumes").toString()));
                attempt(mode, "reach the runtime directory", user + ": ls " + runtime,
                        "Docker: /run/docker is 0700 root; the same attempt fails with EACCES",
                        () -> refusedOutside(user, "ls", runtime.toString()));
            }
        }
    }

    @Test
    void aRootlessStoreIsClosedToOtherHostUsers() throws Exception {
        try (UnprivilegedUser owner = UnprivilegedUser.create();
                UnprivilegedUser attacker = UnprivilegedUser.create(RootlessHostileWorkloadTest.USER,
                        RootlessHostileWorkloadTest.SUBORDINATE_IDS)) {
            Path work = owner.work();
            Path probe = readableProbe(work);
            Path scratch = Files.createDirectory(work.resolve("scratch"));
            // The owner's data and runtime directories, 0755 as many home directories are.
            Path data = Files.createDirectory(work.resolve("data"));
            Path xdgRuntime = Files.createDirectory(work.resolve("xdg-run"));
            Path home = data.resolve("berth");
            Path runtime = xdgRuntime.resolve("berth");
            storeImage(home, scratch, probe, false);
            Files.createDirectories(runtime);
            Files.writeString(runtime.resolve("berth-slirp-0123456789ab.sock"), "");
            // A file only the owner may read: what its identity, had through a set-uid file, would open.
            Path secret = work.resolve("owner-secret");
            Files.writeString(secret, "owner's\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            for (Path p : List.of(data, xdgRuntime, secret)) {
                owner.chown(p);
            }
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(xdgRuntime, PosixFilePermissions.fromString("rwxr-xr-x"));

            UnprivilegedUser.Result jvm = owner.runJava(data, xdgRuntime, Duration.ofSeconds(300),
                    HostUserStoreMain.class.getName(), probe.toString());
            assertEquals(0, jvm.exitCode(), "the owner's JVM did not start its container:\n" + jvm.output());

            String mode = "host user, rootless store";
            String docker = "Docker rootless: ~/.local/share/docker is 0710, so the same attempt fails with EACCES";
            Path layerProbe = find(home.resolve("layers"), "diff/bin/suid-probe");
            Path upperProbe = find(home.resolve("containers"), "upper/upper-probe");
            Path log = find(home.resolve("containers"), "log.json");
            String user = attacker.name();
            attempt(mode, "run a set-uid file (the owner's) from a layer's diff", user + ": " + layerProbe + " open " + secret,
                    docker,
                    () -> refusedOutside(user, layerProbe.toString(), "open", secret.toString()));
            attempt(mode, "run a set-uid file (the owner's) a container wrote to its upper",
                    user + ": " + upperProbe + " open " + secret, docker,
                    () -> refusedOutside(user, upperProbe.toString(), "open", secret.toString()));
            attempt(mode, "read a container's log", user + ": probe open " + log, docker,
                    () -> refusedOutside(user, probe.resolve("probe").toString(), "open", log.toString()));
            attempt(mode, "list containers and volumes", user + ": ls " + home.resolve("containers") + " "
                    + home.resolve("volumes"), docker, () -> refusedOutside(user, "ls",
                            home.resolve("containers").toString(), home.resolve("volumes").toString()));
            attempt(mode, "reach the runtime directory", user + ": ls " + runtime,
                    "Docker rootless: $XDG_RUNTIME_DIR/docker.sock's directory is the user's 0700 one; the same"
                            + " attempt fails with EACCES",
                    () -> refusedOutside(user, "ls", runtime.toString()));
        }
    }

    /**
     * Runs {@code command} as host user {@code user} (through runuser, as a login would) and asserts that the kernel refused it with
     * EACCES ("Permission denied"): the probe's open did not succeed and no listing was printed.
     */
    private static Outcome refusedOutside(String user, String... command) throws IOException {
        // runuser, not setpriv: on this machine setpriv's exec resolved the path with root's
        // permissions (its uid change showed in no trace before the execve), which hides exactly this.
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        argv.addAll(List.of(command));
        UnprivilegedUser.Result r = UnprivilegedUser.run(argv.toArray(String[]::new));
        String said = r.output().strip();
        assertFalse(said.contains(": ok"), "host user " + user + " succeeded: " + String.join(" ", command) + " -> " + said);
        assertTrue(r.exitCode() != 0 && said.contains("Permission denied"),
                "host user " + user + " was not refused with EACCES: " + String.join(" ", command) + " -> exit "
                        + r.exitCode() + ": " + said);
        return new Outcome("(outside: a host user) exit " + r.exitCode() + ": " + said, "EACCES for host user " + user);
    }

    /**
     * Stores busybox with a layer of hostile content on top: {@code /bin/suid-probe}, a copy of the
     * probe owned by root with mode 04755, and (with {@code device}) {@code /dev/berth-loop}, the
     * host's loop0 as a block device node of mode 0666.
     */
    private static void storeImage(Path home, Path scratch, Path probe, boolean device) throws IOException {
        Path layer = Files.createDirectories(scratch.resolve("hostile-layer"));
        Files.createDirectories(layer.resolve("bin"));
        Files.copy(probe.resolve("probe"), layer.resolve("bin/suid-probe"));
        TestImages.run("chmod", "4755", layer.resolve("bin/suid-probe").toString());
        if (device) {
            Files.createDirectories(layer.resolve("dev"));
            TestImages.run("mknod", "-m", "0666", layer.resolve("dev/berth-loop").toString(), "b", "7", "0");
        }
        RuntimeConfig config = new RuntimeConfig(null, Set.of(), List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), null,
                List.of("sh"), null, null, Map.of(), null, null, null, null, null);
        BusyboxImage.store(home, scratch, IMAGE, config, List.of(TestImages.tar(layer, scratch.resolve("hostile.tar"))));
    }

    /** The compiled probe, in a directory of {@code work} that every user may read. */
    private static Path readableProbe(Path work) throws Exception {
        Path dir = Files.createDirectory(work.resolve("probe"));
        Path probe = Files.copy(HostileProbe.directory().resolve("probe"), dir.resolve("probe"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** The one file below {@code root} whose path ends with {@code suffix} (looked for as root). */
    private static Path find(Path root, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> found = s.filter(p -> p.toString().endsWith("/" + suffix)).toList();
            assertEquals(1, found.size(), "expected one " + suffix + " below " + root + ": " + found);
            return found.get(0);
        }
    }

    private static void awaitLog(Container c, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!c.logs().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(c.logs().contains(text), "no \"" + text + "\" in the log: " + c.logs());
    }
}
