package dev.berth.hostile;

import static dev.berth.hostile.HostileReport.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Berth;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.ContainerBuilder;
import dev.berth.ContainerException;
import dev.berth.ExecResult;
import dev.berth.hostile.HostileReport.Outcome;
import dev.berth.namespaces.testing.Leaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile workloads: from inside a container, each attack on the host fails, and a check on the
 * host shows it unchanged. Subclasses say how containers are made (root, rootless), so the same
 * attempts run in each mode; every attempt and its outcome goes into {@link HostileReport}.
 * The attacks follow the threats Docker's security page names
 * (<a href="https://docs.docker.com/engine/security/">Docker security</a>) and the default
 * seccomp profile (<a href="https://docs.docker.com/engine/security/seccomp/">seccomp</a>).
 */
abstract class HostileWorkloadSuite {
    static final String IMAGE = BusyboxImage.REFERENCE;
    /** The start of a Docker column entry where Docker stops the attack as Berth does. */
    static final String DOCKER_SAME = "same as Docker: ";

    @TempDir
    Path host;

    Berth berth;

    /** The mode named in the report, e.g. "root". */
    abstract String mode();

    /** Opens the Berth whose home holds {@link #IMAGE}; skips, saying why, where the mode cannot run. */
    abstract Berth openBerth() throws IOException;

    /** A builder for a container of {@code image} in this mode. */
    abstract ContainerBuilder<?> container(Berth berth, String image);

    @BeforeEach
    void open() throws IOException {
        berth = openBerth();
    }

    @AfterEach
    void close() {
        if (berth != null) {
            berth.close();
        }
    }

    @AfterAll
    static void report() throws IOException {
        HostileReport.write();
    }

    /** A running busybox container as root with the probe bound read-only at /probe. */
    Container target(ContainerBuilder<?> b) throws Exception {
        return b.user("root").bind(HostileProbe.directory(), "/probe", true).command("sleep", "600").start();
    }

    Container target() throws Exception {
        return target(container(berth, IMAGE));
    }

    static ExecResult sh(Container c, String script) {
        return c.exec("sh", "-c", script);
    }

    /** Asserts that {@code script} failed inside and returns its error output for the report. */
    static String refused(Container c, String script, String expectedError) {
        ExecResult r = sh(c, script);
        assertNotEquals(0, r.exitCode(), "succeeded inside: " + script + " -> " + r);
        String said = (r.stdout() + r.stderr()).strip();
        assertTrue(said.contains(expectedError), "expected \"" + expectedError + "\" from " + script + ": " + said);
        return "exit " + r.exitCode() + ": " + said;
    }

    /** Runs the probe's {@code call}, asserting it failed with {@code errno} (e.g. EPERM). */
    static String probeRefused(Container c, String call, String errno) {
        ExecResult r = c.exec("sh", "-c", "/probe/probe " + call);
        assertEquals(1, r.exitCode(), "the probe's " + call + " was not refused: " + r);
        assertTrue(r.stdout().contains(": " + errno + " "), call + " should fail with " + errno + ": " + r.stdout());
        return r.stdout().strip();
    }

    @Test
    void mountingAFileSystemFails() throws Exception {
        String source = "berth-hostile-" + ProcessHandle.current().pid();
        attempt(mode(), "mount a file system", "mount -t tmpfs " + source + " /mnt",
                DOCKER_SAME + "EPERM (no CAP_SYS_ADMIN, and its seccomp profile refuses mount)", () -> {
            try (Container c = target()) {
                String inside = refused(c, "mount -t tmpfs " + source + " /mnt", "denied")
                        + "\n" + probeRefused(c, "mount " + source, "EPERM")
                        + "\n" + refused(c, "mount -o remount,rw /sys", "denied");
                assertEquals(List.of(), Leaks.mounts(source), "the tmpfs appeared on the host");
                assertEquals(List.of(), sh(c, "grep " + source + " /proc/self/mountinfo").stdout().lines().toList());
                return new Outcome(inside, "no mount of " + source + " in the host's mountinfo");
            }
        });
    }

    @Test
    void hostProcessesCannotBeSeenOrSignalled() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            long pid = sleeper.pid();
            attempt(mode(), "see and signal a host process", "ls /proc/" + pid + "; kill -9 " + pid,
                DOCKER_SAME + "the container has its own pid namespace", () -> {
                try (Container c = target()) {
                    String inside = refused(c, "ls /proc/" + pid, "No such file")
                            + "\n" + refused(c, "kill -9 " + pid, "No such process");
                    String ps = sh(c, "ps -o pid,comm").stdout();
                    assertFalse(ps.lines().anyMatch(l -> l.strip().startsWith(pid + " ")), ps);
                    assertTrue(sleeper.isAlive(), "the host process died");
                    return new Outcome(inside + "\nps lists " + (ps.lines().count() - 1) + " processes, none of the host's",
                            "host sleep " + pid + " still alive");
                }
            });
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void procSysIsReadOnly() throws Exception {
        Path corePattern = Path.of("/proc/sys/kernel/core_pattern");
        String before = Files.readString(corePattern);
        attempt(mode(), "write /proc/sys", "cat core_pattern > /proc/sys/kernel/core_pattern",
                DOCKER_SAME + "/proc/sys is mounted read-only (EROFS)", () -> {
            try (Container c = target()) {
                // Writes back the value it read: harmless even where the write would go through.
                String inside = refused(c, "v=$(cat /proc/sys/kernel/core_pattern); echo \"$v\" > /proc/sys/kernel/core_pattern",
                        "Read-only file system")
                        + "\n" + refused(c, "echo 1 > /proc/sys/vm/drop_caches", "Read-only file system");
                assertEquals(before, Files.readString(corePattern));
                return new Outcome(inside, "host core_pattern unchanged");
            }
        });
    }

    /**
     * The CVE-2024-21626 class, through exec: the exec's stage-1 child is born inside the
     * container's pid namespace holding the helper's descriptors (once the host's /proc among
     * them), so a root process of the container that watches /proc for new pids could open
     * /proc/PID/fd/N and reach the host through it. Docker on the same attack exposed nothing
     * over 20 execs (runc init is non-dumpable and closes its descriptors).
     */
    @Test
    void aProcessWatchingExecsReachesNoHostDescriptor() throws Exception {
        long jvm = ProcessHandle.current().pid();
        Path marker = Files.writeString(host.resolve("berth-hostile-marker"), "host\n");
        // Relative paths that resolve only under a host directory: a host /proc, a host root.
        String sees = jvm + "/status proc/" + jvm + "/status " + marker.toString().substring(1);
        String watch = "/probe/probe fdwatch /tmp/fdwatch.stop 600 " + sees;
        attempt(mode(), "open /proc/PID/fd/N of 20 exec'd processes while they start (CVE-2024-21626 class)", watch,
                "Docker 28 with runc 1.2 exposed nothing over 20 execs: runc init is non-dumpable and closes its descriptors (the CVE-2024-21626 fix); Berth the same", () -> {
            try (Container c = target()) {
                assertEquals("started\n", sh(c, "(" + watch + ") >/tmp/fdwatch.out 2>&1 & echo started").stdout());
                // A command that lives 0.1 s once it runs, so that the watcher, however loaded the
                // machine, sees every exec's process; the setup window before it is the same.
                for (int i = 0; i < 20; i++) {
                    assertEquals(0, c.exec("sleep", "0.1").exitCode());
                }
                sh(c, "touch /tmp/fdwatch.stop");
                String out = "";
                for (long end = System.nanoTime() + 60_000_000_000L; !out.contains("fdwatch: ") && System.nanoTime() < end;) {
                    Thread.sleep(50);
                    out = sh(c, "cat /tmp/fdwatch.out").stdout();
                }
                String summary = out.lines().filter(l -> l.startsWith("fdwatch: ")).findFirst()
                        .orElseThrow(() -> new AssertionError("the watcher did not finish: " + sh(c, "cat /tmp/fdwatch.out")));
                int seen = Integer.parseInt(summary.split(" ")[1]);
                assertTrue(seen >= 20, "the watcher saw " + seen + " new processes, fewer than the 20 execs: " + out);
                // What the container may hold of an exec: the command's stdio, and its cwd and root
                // inside the container, once it runs. Nothing else, nothing through which the host shows.
                List<String> leaks = out.lines().filter(l -> l.startsWith("reached ")).filter(l -> {
                    String[] f = l.split(" ");
                    return l.contains(" sees ") || !List.of("0", "1", "2", "cwd", "root").contains(f[2]);
                }).toList();
                assertEquals(List.of(), leaks, "descriptors of an exec reached from inside the container:\n" + out);
                long reached = out.lines().filter(l -> l.startsWith("reached ")).count();
                return new Outcome(summary + "\nreached only stdio, cwd and root of exec'd commands (" + reached + "), none showing the host",
                        "no descriptor showed host pid " + jvm + " or " + marker);
            }
        });
    }

    /**
     * Limits through exec: Docker puts an exec'd process in the container's cgroup (runc exec
     * joins the cgroup paths of the container's state), so its memory and tasks count there.
     * Also for a container that another handle (another JVM, the CLI) started.
     */
    @Test
    void execdProcessesAreUnderTheContainersLimits() throws Exception {
        String dd = "dd if=/dev/zero of=/dev/null bs=100M count=1";
        String fork = "for i in $(seq 60); do sleep 5 & done";
        attempt(mode(), "exceed memory(32 MiB) and pids(20) through exec", dd + "; " + fork,
                DOCKER_SAME + "an exec'd process joins the container's cgroup, so the OOM killer and the pids limit stop it", () -> {
            Container started;
            try {
                // With Berth's init as PID 1, which reaps: killed sleeps must not stay as zombies.
                started = target(container(berth, IMAGE).init(true).memory(32L << 20).pids(20));
            } catch (ContainerException e) {
                // Rootless without a delegated cgroup v2 subtree there is no cgroup to put an exec
                // into; exec gets the container's --ulimit rlimits instead (see the fork bomb row).
                Assumptions.abort(refusedWithoutRoot(e, "limit"));
                throw e;
            }
            try (Container c = started; Berth other = openBerth()) {
                StringBuilder inside = new StringBuilder();
                String initGroups = sh(c, "cat /proc/1/cgroup").stdout();
                Container elsewhere = other.findContainer(c.id()).orElseThrow();
                for (Container handle : List.of(c, elsewhere)) {
                    String who = handle == c ? "exec" : "exec from another Berth";
                    assertEquals(initGroups, sh(handle, "cat /proc/self/cgroup").stdout(), who + ": not in the init's cgroups");
                    ExecResult big = sh(handle, dd);
                    assertEquals(137, big.exitCode(), who + ": a 100 MB dd was not OOM-killed: " + big);
                    sh(handle, "(" + fork + ") >/dev/null 2>&1 &");
                    Path containerProc = Path.of("/proc", Integer.toString(c.state().pid()), "root", "proc");
                    long peak = 0;
                    for (int i = 0; i < 30; i++) {
                        peak = Math.max(peak, tasks(containerProc));
                        Thread.sleep(100);
                    }
                    assertTrue(peak <= 20, who + ": " + peak + " processes under pids(20)");
                    inside.append(who).append(": /proc/self/cgroup = init's; ").append(dd).append(" exit ").append(big.exitCode())
                            .append(" (OOM-killed); 60 forks peaked at ").append(peak).append(" processes\n");
                    // No fork is left under the limit to kill them with: the sleeps end by themselves,
                    // and the container's init reaps them.
                    for (int i = 0; i < 300 && tasks(containerProc) > 2; i++) {
                        Thread.sleep(100);
                    }
                    assertTrue(tasks(containerProc) <= 2, "the forked sleeps did not go: " + tasks(containerProc));
                }
                assertTrue(c.isRunning(), "the container died: " + c.state());
                return new Outcome(inside.toString(), "the container's cgroup counted every exec'd process");
            }
        });
    }

    /**
     * docker cp out while a process of the container swaps the path's parent between a directory
     * and a symlink to /etc: the copy resolves inside the container (a thread in its mount
     * namespace, or its own tar rootless), so it returns the container's file or the decoy, never
     * the host's. Docker resolves the path in the container's root too (the fix of CVE-2018-15664).
     */
    @Test
    void aCopyOutRacedBySymlinkSwapsReadsNothingOfTheHost() throws Exception {
        String host = Files.readString(Path.of("/etc/passwd"));
        String swap = "while :; do rm -rf /x; mkdir /x; echo decoy > /x/passwd; rm -rf /x; ln -s /etc /x; done";
        attempt(mode(), "copy out of a path swapped to a symlink to /etc while it is read", swap,
                "Docker pauses the container while docker cp runs (the CVE-2018-15664 fix); Berth resolves every path under the container's root (openat2 RESOLVE_IN_ROOT) with the container running", () -> {
            try (Container c = target()) {
                String inside = sh(c, "cat /etc/passwd").stdout();
                assertNotEquals(host, inside, "the host's and the image's /etc/passwd are the same: the check would prove nothing");
                assertEquals("started\n", sh(c, "(" + swap + ") >/dev/null 2>&1 & echo started").stdout());
                int decoys = 0;
                int containers = 0;
                int refusedCopies = 0;
                for (int i = 0; i < 100; i++) {
                    Path out = this.host.resolve("out-" + i);
                    try {
                        c.copyFileFrom("/x/passwd", out);
                    } catch (RuntimeException raced) {
                        refusedCopies++; // the path was not there at that moment
                        continue;
                    }
                    String got = Files.readString(out);
                    assertNotEquals(host, got, "copy " + i + " returned the host's /etc/passwd");
                    // Empty: the decoy caught between its creation and its write.
                    assertTrue(got.equals("decoy\n") || got.equals(inside) || got.isEmpty(),
                            "copy " + i + " returned something else: " + got);
                    if (got.equals("decoy\n")) {
                        decoys++;
                    } else {
                        containers++;
                    }
                }
                return new Outcome("100 copies: " + decoys + " decoys, " + containers + " the container's /etc/passwd, "
                        + refusedCopies + " found no file", "no copy returned the host's /etc/passwd");
            }
        });
    }

    /**
     * docker commit while a process of the container swaps a directory of its upper layer for a
     * symlink to /etc: the host walks the upper, and must neither follow the link nor descend into
     * what it points to. Docker pauses the container during commit by default; Berth does not, but
     * its walk is descriptor-based: each entry is opened from its parent's descriptor by its one
     * name with O_PATH | O_NOFOLLOW, and described, listed and read through that descriptor, so a
     * swap changes at most which of the container's own entries is taken, never reaching the host.
     * This row checks that end to end; LayerDiffRaceTest races the walk itself thousands of times.
     */
    @Test
    void aCommitRacedBySymlinkSwapsTakesNothingOfTheHost() throws Exception {
        String swap = "while :; do rm -rf /r; mkdir -p /r/d; echo inside > /r/d/f; rm -rf /r; ln -s /etc /r; done";
        attempt(mode(), "commit while a directory is swapped for a symlink to /etc", swap,
                "Docker pauses the container during docker commit by default (--pause=true); Berth reads the upper through descriptors that never follow a symlink, with the container running", () -> {
            try (Container c = target()) {
                assertEquals("started\n", sh(c, "(" + swap + ") >/dev/null 2>&1 & echo started").stdout());
                StringBuilder seen = new StringBuilder();
                java.util.Map<String, Integer> shapes = new java.util.TreeMap<>();
                for (int i = 0; i < 20; i++) {
                    String ref = "berth.test/hostile-commit:" + i;
                    try {
                        c.commit(ref);
                    } catch (ContainerException raced) {
                        shapes.merge("commit refused", 1, Integer::sum); // a file shrank under the walk
                        continue;
                    }
                    try (Container copy = container(berth, ref).user("root").command("sh", "-c",
                            "if [ -L /r ]; then echo link; elif [ -d /r ]; then ls -A /r /r/d 2>&1 | tr '\\n' ' '; else echo none; fi").start()) {
                        assertEquals(0, copy.waitFor());
                        String shape = copy.logs().strip();
                        // A directory may hold only what the container made (d, and f in it), perhaps
                        // caught half made; any other name came from elsewhere.
                        List<String> allowed = List.of("link", "none", "/r:", "/r/d:", "d", "f", "ls:", "No", "such", "file",
                                "or", "directory");
                        assertTrue(java.util.Arrays.stream(shape.split("\\s+")).allMatch(allowed::contains),
                                "commit " + i + " took something that is not the container's: " + shape);
                        shapes.merge(shape, 1, Integer::sum);
                    } finally {
                        berth.removeImage(ref);
                    }
                }
                shapes.forEach((k, v) -> seen.append(v).append(" x ").append(k).append('\n'));
                return new Outcome("20 commits racing the swap, /r in the committed image:\n" + seen,
                        "no entry of the host's /etc in a committed layer");
            }
        });
    }

    @Test
    void sysrqTriggerIsReadOnly() throws Exception {
        attempt(mode(), "write /proc/sysrq-trigger", "echo h > /proc/sysrq-trigger",
                DOCKER_SAME + "/proc/sysrq-trigger is mounted read-only", () -> {
            try (Container c = target()) {
                // 'h' only prints the SysRq help to the kernel log, should the write go through.
                if (Files.exists(Path.of("/proc/sysrq-trigger"))) {
                    String inside = refused(c, "echo h > /proc/sysrq-trigger", "Read-only file system");
                    return new Outcome(inside, "the write never reached the kernel (EROFS at the mount)");
                }
                String inside = refused(c, "echo h > /proc/sysrq-trigger", "nonexistent");
                return new Outcome(inside, "the host's kernel has no /proc/sysrq-trigger (no CONFIG_MAGIC_SYSRQ)");
            }
        });
    }

    @Test
    void sysKernelIsReadOnly() throws Exception {
        // A root-writable file of /sys/kernel; written back with its own value, harmless if it went through.
        Path file = java.util.stream.Stream.of("rcu_expedited", "profiling", "uevent_helper").map(n -> Path.of("/sys/kernel", n))
                .filter(Files::exists).findFirst().orElseThrow();
        String before = Files.readString(file);
        attempt(mode(), "write /sys/kernel", "echo $(cat " + file + ") > " + file,
                DOCKER_SAME + "/sys is mounted read-only", () -> {
            try (Container c = target()) {
                String inside = refused(c, "echo $(cat " + file + ") > " + file, "Read-only file system")
                        + "\n" + refused(c, "mkdir /sys/kernel/berth-hostile", "Read-only file system");
                assertEquals(before, Files.readString(file));
                assertFalse(Files.exists(Path.of("/sys/kernel/berth-hostile")));
                return new Outcome(inside, "host " + file + " unchanged, nothing made in /sys/kernel");
            }
        });
    }

    @Test
    void kernelModulesCannotBeLoaded() throws Exception {
        Path list = Path.of("/proc/modules");
        String modules = Files.exists(list) ? Files.readString(list) : "(no /proc/modules: a kernel without modules)";
        attempt(mode(), "load a kernel module", "probe init_module; probe finit_module",
                DOCKER_SAME + "EPERM (no CAP_SYS_MODULE; its seccomp profile refuses both calls)", () -> {
            try (Container c = target()) {
                String inside = probeRefused(c, "init_module", "EPERM") + "\n" + probeRefused(c, "finit_module", "EPERM");
                assertEquals(modules, Files.exists(list) ? Files.readString(list) : "(no /proc/modules: a kernel without modules)");
                return new Outcome(inside, "host /proc/modules unchanged " + (Files.exists(list) ? "" : modules));
            }
        });
    }

    @Test
    void rawSocketsNeedNetRaw() throws Exception {
        attempt(mode(), "open raw sockets without CAP_NET_RAW", "probe raw_socket; probe packet_socket",
                "Docker grants CAP_NET_RAW by default, so both sockets open there; Berth is stricter: podman's default set, without NET_RAW", () -> {
            try (Container c = target()) {
                String caps = sh(c, "grep CapEff /proc/self/status").stdout().strip();
                long eff = Long.parseLong(caps.substring(caps.indexOf(':') + 1).strip(), 16);
                assertEquals(0, eff & (1L << 13), "CAP_NET_RAW is effective: " + caps);
                String inside = caps + "\n" + probeRefused(c, "raw_socket", "EPERM") + "\n" + probeRefused(c, "packet_socket", "EPERM");
                return new Outcome(inside, "nothing sent (the sockets were never made)");
            }
        });
    }

    @Test
    void deviceNodesCannotBeMadeAndHostDisksNotOpened() throws Exception {
        String[] disk = HostDisk.first();
        String node = disk[0] + " " + disk[1];
        attempt(mode(), "make a device node for the host disk /dev/" + disk[2] + " and open it",
                "mknod /tmp/disk b " + node + "; head -c 512 /dev/" + disk[2],
                "Docker grants CAP_MKNOD, so the mknod succeeds there and the open fails with EPERM (device cgroup); Berth is stricter: no CAP_MKNOD by default, and the device cgroup too", () -> {
                    try (Container c = target()) {
                        String inside = refused(c, "mknod /tmp/disk b " + node, "not permitted")
                                + "\n" + probeRefused(c, "mknod_disk " + node, "EPERM")
                                + "\n" + refused(c, "head -c 512 /dev/" + disk[2], "No such file")
                                + "\n" + probeRefused(c, "open /dev/" + disk[2], "ENOENT");
                        return new Outcome(inside, "/dev/" + disk[2] + " (" + node + ") not reachable");
                    }
                });
    }

    /**
     * Runs {@code script} as the first process of a container of {@code image} (as root, the probe at
     * /probe), which is in the container's cgroup before it runs, and returns what it printed.
     */
    String firstProcess(ContainerBuilder<?> b, String script) throws Exception {
        try (Container c = b.user("root").bind(HostileProbe.directory(), "/probe", true).command("sh", "-c", script).start()) {
            assertTrue(c.waitFor(java.time.Duration.ofSeconds(60)).isPresent(), "the container did not finish: " + c.logs());
            return c.logs();
        }
    }

    @Test
    void deviceNodesAnImageShipsDoNotOpen() throws Exception {
        List<String[]> nodes = HostileImages.deviceNodes();
        StringBuilder script = new StringBuilder();
        for (String[] n : nodes) {
            script.append("/probe/probe open /hostile/").append(n[0]).append("; ");
        }
        // What every program expects still works.
        script.append("echo x > /dev/null && head -c 3 /dev/zero | wc -c && head -c 4 /dev/urandom | wc -c;"
                + " /probe/probe open /dev/ptmx; /probe/probe open /dev/tty");
        String names = nodes.stream().map(n -> n[0] + " " + n[1] + " " + n[2] + ":" + n[3]).collect(java.util.stream.Collectors.joining(", "));
        attempt(mode(), "open device nodes shipped in an image (" + names + ")", "probe open /hostile/loop0 ...",
                DOCKER_SAME + "EPERM for each node an image ships (default device cgroup rules)", () -> {
            String out = firstProcess(container(berth, HostileImages.DEVICES), script.toString());
            List<String> lines = out.lines().toList();
            String expected = mode().equals("rootless") ? "ENOENT" : "EPERM";
            for (int i = 0; i < nodes.size(); i++) {
                assertTrue(lines.get(i).startsWith("open: " + expected + " "), "/hostile/" + nodes.get(i)[0] + " should fail with "
                        + expected + ": " + out);
            }
            assertEquals(List.of("3", "4", "open: ok"), lines.subList(nodes.size(), nodes.size() + 3), out);
            assertFalse(lines.get(nodes.size() + 3).contains("EPERM"), "/dev/tty is allowed (no controlling terminal is"
                    + " ENXIO): " + out);
            String how = mode().equals("rootless")
                    ? "absent: a layer applied without root leaves device nodes out (Docker rootless: the same; its nodev mounts refuse them anyway)"
                    : "EPERM from the device cgroup (Docker: EPERM, the same default rules)";
            return new Outcome(out.strip() + "\n" + how, "no host device opened; /dev/null, zero, urandom, ptmx work");
        });
    }

    @Test
    void aNodeMadeInsideDoesNotOpen() throws Exception {
        attempt(mode(), "mknod tty1 (c 4:1) with CAP_MKNOD, then open it", "mknod /tmp/tty1 c 4 1; probe open /tmp/tty1",
                DOCKER_SAME + "mknod succeeds with CAP_MKNOD, the open fails with EPERM (device cgroup)", () -> {
            String out = firstProcess(container(berth, IMAGE).capAdd("MKNOD"),
                    "mknod /tmp/tty1 c 4 1 && echo made; /probe/probe open /tmp/tty1");
            if (mode().equals("rootless")) {
                // A user namespace cannot make device nodes at all, whatever its capabilities.
                assertTrue(out.contains("Operation not permitted") && out.contains("open: ENOENT"), out);
                return new Outcome(out.strip() + "\nmknod refused in the user namespace (Docker rootless: the same)", "-");
            }
            assertEquals("made\nopen: EPERM (Operation not permitted)\n", out);
            return new Outcome(out.strip() + "\nmknod allowed, open refused by the device cgroup (Docker: the same, and Docker"
                    + " grants MKNOD by default; Berth only on capAdd(\"MKNOD\"), stricter)", "-");
        });
    }

    @Test
    void aSetuidRootBinaryInTheImageDoesNotRaiseAUser() throws Exception {
        attempt(mode(), "run a set-uid root binary from the image as uid 1000", HostileImages.SUID_PROBE + " ids",
                "Docker runs it with euid 0 unless --security-opt no-new-privileges is given; Berth is stricter: no_new_privs is always set, so it stays uid 1000", () -> {
            try (Container c = container(berth, HostileImages.SUID).user("1000:1000")
                    .command("sh", "-c", "ls -ln " + HostileImages.SUID_PROBE + "; " + HostileImages.SUID_PROBE + " ids").start()) {
                assertTrue(c.waitFor(java.time.Duration.ofSeconds(60)).isPresent(), c.logs());
                String out = c.logs();
                assertTrue(out.startsWith("-rwsr-xr-x"), "the image's binary should be set-uid: " + out);
                assertTrue(out.contains("uid=1000 euid=1000\n"), "the set-uid bit raised the user: " + out);
                return new Outcome(out.strip() + "\nno_new_privs: the set-uid bit is ignored (Docker by default runs it as euid 0;"
                        + " only --security-opt no-new-privileges stops that: Berth is stricter)", "-");
            }
        });
    }

    @Test
    void symlinkedEtcFilesInTheImageReachNoHostFile() throws Exception {
        List<Path> hostFiles = List.of(Path.of("/etc/passwd"), Path.of("/etc/group"), Path.of("/etc/shadow"),
                Path.of("/etc/hosts"), Path.of("/etc/resolv.conf"));
        java.util.Map<Path, String> before = new java.util.LinkedHashMap<>();
        for (Path f : hostFiles) {
            before.put(f, fingerprint(f));
        }
        attempt(mode(), "image with /etc/passwd, group, hosts, resolv.conf symlinked to host paths",
                "passwd -> /etc/shadow, group -> ../../../../etc/group, hosts -> /etc/shadow, resolv.conf -> ../../../../etc/passwd",
                DOCKER_SAME + "runc resolves such links inside the root file system; no host file is read or written", () -> {
            // Resolving a user by name reads the image's passwd: a symlink there is not followed out of the image.
            ContainerException byName = org.junit.jupiter.api.Assertions.assertThrows(ContainerException.class,
                    () -> container(berth, HostileImages.SYMLINKED_ETC).user("root").command("true").start());
            assertTrue(String.valueOf(byName.getMessage()).contains("unable to find user root"), byName.getMessage());
            try (Container c = container(berth, HostileImages.SYMLINKED_ETC).user("0:0").command("sh", "-c",
                    "cat /etc/hosts /etc/resolv.conf | head -3; echo pwned >> /etc/hosts; echo pwned >> /etc/resolv.conf;"
                            + " echo pwned >> /etc/passwd; echo pwned >> /etc/group; id").start()) {
                assertTrue(c.waitFor(java.time.Duration.ofSeconds(60)).isPresent(), c.logs());
                String out = c.logs();
                // hosts and resolv.conf both lead to the image's /etc/shadow, where Berth's files are bound, the last on top.
                assertTrue(out.contains("nameserver") || out.contains("localhost"), "Berth's files are not inside: " + out);
                for (Path f : hostFiles) {
                    assertEquals(before.get(f), fingerprint(f), "the host's " + f + " changed");
                }
                return new Outcome("user \"root\" refused: " + byName.getMessage().lines().findFirst().orElse("") + "\nuid 0:\n"
                        + out.strip() + "\nsymlinks resolve inside the root (Docker: the same, runc resolves them in the rootfs)",
                        "host passwd, group, shadow, hosts, resolv.conf unchanged (size, mtime, hash)");
            }
        });
    }

    private static String fingerprint(Path f) throws IOException {
        if (!Files.exists(f)) {
            return "absent";
        }
        if (!Files.isReadable(f)) {
            return "unreadable, mtime " + Files.getLastModifiedTime(f);
        }
        return Files.size(f) + " " + Files.getLastModifiedTime(f) + " " + java.util.Arrays.hashCode(Files.readAllBytes(f));
    }

    @Test
    void kcoreAndOtherMaskedFilesReadNothing() throws Exception {
        attempt(mode(), "read /proc/kcore (and other masked files)", "wc -c < /proc/kcore",
                DOCKER_SAME + "/proc/kcore and the other masked paths are /dev/null binds or empty tmpfs", () -> {
            try (Container c = target()) {
                StringBuilder inside = new StringBuilder();
                for (String name : List.of("kcore", "keys", "timer_list", "sched_debug")) {
                    ExecResult r = sh(c, "wc -c < /proc/" + name);
                    if (Files.exists(Path.of("/proc", name))) {
                        assertEquals("0\n", r.stdout(), "/proc/" + name + " is not masked: " + r);
                        inside.append("/proc/").append(name).append(": 0 bytes (masked)\n");
                    } else {
                        // This host's kernel lacks it (e.g. no CONFIG_PROC_KCORE): it must stay absent inside too.
                        assertTrue(r.stderr().contains("no such file"), "/proc/" + name + " is missing on the host: " + r);
                        inside.append("/proc/").append(name).append(": absent, as on the host's kernel\n");
                    }
                }
                assertEquals("0\n", sh(c, "ls /sys/firmware | wc -l").stdout(), "/sys/firmware is not masked");
                return new Outcome(inside + "/sys/firmware: empty", "kernel memory and keys not exposed");
            }
        });
    }

    @Test
    void keyctlAndBpfAreRefused() throws Exception {
        attempt(mode(), "call keyctl, add_key and bpf", "probe keyctl; probe add_key; probe bpf",
                DOCKER_SAME + "its default seccomp profile refuses them (EPERM)", () -> {
            try (Container c = target()) {
                String inside = probeRefused(c, "keyctl", "EPERM") + "\n" + probeRefused(c, "add_key", "EPERM")
                        + "\n" + probeRefused(c, "bpf", "EPERM");
                return new Outcome(inside, "no key or BPF map made (refused by seccomp)");
            }
        });
    }

    @Test
    void newNamespacesAreRefused() throws Exception {
        // chroot is allowed, as in Docker and podman (CAP_SYS_CHROOT is in the default set): it
        // only narrows the view inside the container's own root.
        attempt(mode(), "make a user or mount namespace", "probe unshare_user; unshare -m true",
                DOCKER_SAME + "its seccomp profile refuses unshare and clone with namespace flags without CAP_SYS_ADMIN", () -> {
            try (Container c = target()) {
                String inside = probeRefused(c, "unshare_user", "EPERM")
                        + "\n" + refused(c, "unshare -m true", "not permitted");
                return new Outcome(inside, "-");
            }
        });
    }

    @Test
    void dotDotThroughABindMountStaysInside() throws Exception {
        Path data = Files.createDirectories(host.resolve("data"));
        Path secret = Files.writeString(host.resolve("secret.txt"), "host secret\n");
        attempt(mode(), "escape a bind mount with ..", "cat /data/../secret.txt; ls /data/../../..",
                DOCKER_SAME + "the bind mount is the boundary; .. stops at the container's root", () -> {
            try (Container c = target(container(berth, IMAGE).bind(data, "/data", true))) {
                String inside = refused(c, "cat /data/../secret.txt", "No such file")
                        + "\n" + refused(c, "cat /data/../../../../" + secret, "No such file")
                        + "\n" + refused(c, "touch /data/x", "Read-only file system")
                        + "\n" + refused(c, "mount -o remount,rw /data", "denied");
                assertEquals(sh(c, "ls /").stdout(), sh(c, "ls /data/../../..").stdout());
                assertEquals(List.of(), Files.list(data).toList());
                return new Outcome(inside + "\n/data/../../.. lists the container's root",
                        "secret.txt unread, read-only bind still empty");
            }
        });
    }

    @Test
    void symlinksInAVolumeResolveInsideTheContainer() throws Exception {
        Path data = Files.createDirectories(host.resolve("volume"));
        Path file = Files.writeString(host.resolve("payload"), "payload\n");
        String probe = "berth-hostile-" + ProcessHandle.current().pid();
        List<Path> hostTargets = List.of(Path.of("/etc", probe), Path.of("/tmp", probe));
        String races = "while :; do for t in /etc /proc/self/root/etc /proc/1/root/tmp ../../../../../../tmp; do "
                + "rm -rf /data/x; mkdir /data/x; rm -rf /data/x; ln -s $t /data/x; done; done";
        attempt(mode(), "symlink race and /proc/self/root games on a volume", races,
                DOCKER_SAME + "links in a volume resolve inside the container's mount namespace", () -> {
            try (Container c = target(container(berth, IMAGE).bind(data, "/data", false))) {
                try {
                    c.copyFileTo(file, "/tmp/control");
                } catch (RuntimeException e) {
                    // Otherwise every copy below is "refused" and the attempt holds without testing anything.
                    Assumptions.abort("copying a file into a " + mode() + " container fails even without links, so no"
                            + " copy can be raced: " + e.getCause());
                }
                assertEquals("payload\n", sh(c, "cat /tmp/control").stdout(), "the control copy did not land at /tmp/control");
                StringBuilder inside = new StringBuilder();
                for (String link : List.of("/etc", "/proc/self/root/etc", "/proc/1/root/tmp", "../../../../../../tmp")) {
                    sh(c, "rm -rf /data/x; ln -s " + link + " /data/x");
                    try {
                        c.copyFileTo(file, "/data/x/" + probe);
                        String landed = sh(c, "ls /etc/" + probe + " /tmp/" + probe + " 2>/dev/null").stdout().strip();
                        assertFalse(landed.isEmpty(), "a copy through " + link + " landed nowhere inside");
                        inside.append("x -> ").append(link).append(": copy landed inside at ").append(landed.replace('\n', ' ')).append('\n');
                    } catch (RuntimeException refused) {
                        // e.g. /proc/self names no process of the container's pid namespace
                        inside.append("x -> ").append(link).append(": copy refused (").append(refused.getCause()).append(")\n");
                    }
                    sh(c, "rm -f /etc/" + probe + " /tmp/" + probe);
                }
                ExecResult racer = c.exec("sh", "-c", "(" + races + ") >/dev/null 2>&1 & echo started");
                assertEquals("started\n", racer.stdout());
                int copied = 0;
                for (int i = 0; i < 200; i++) {
                    try {
                        c.copyFileTo(file, "/data/x/" + probe);
                        copied++;
                    } catch (RuntimeException raced) {
                        // the path changed under the copy: refused, which is fine
                    }
                }
                for (Path t : hostTargets) {
                    assertFalse(Files.exists(t), "a copy through a volume symlink reached the host: " + t);
                }
                return new Outcome(inside + "200 copies racing the link swaps: " + copied + " went through, all inside",
                        "no " + probe + " in the host's /etc or /tmp");
            } finally {
                for (Path t : hostTargets) {
                    Files.deleteIfExists(t);
                }
            }
        });
    }

    /**
     * The message of a limit refused for want of root, asserted to name {@code limit} and why;
     * rethrows {@code e} in a mode that must apply every limit.
     */
    String refusedWithoutRoot(ContainerException e, String limit) {
        if (!mode().equals("rootless")) {
            throw e;
        }
        String m = String.valueOf(e.getMessage());
        assertTrue(m.contains(limit) && m.contains("without root: "),
                "unclear refusal of the " + limit + ": " + m);
        return m;
    }

    @Test
    void forkBombStopsAtThePidsLimit() throws Exception {
        // Each copy forks two more, waits, and forks again when they die (a copy whose fork is refused
        // exits), so the bomb keeps pressing at the limit; the classic ":|:&" bomb returns at once and
        // can die back out between two samples.
        String bomb = "b(){ while :; do b & b & wait; done; }; b";
        String name = mode().equals("rootless") ? "fork bomb under pids(64), else ulimit nproc=64" : "fork bomb under pids(64)";
        attempt(mode(), name, bomb,
                "Docker sets no pids limit by default; with --pids-limit 64 the bomb stops at 64 as here", () -> {
            String refusal = null;
            Container started;
            try {
                started = target(container(berth, IMAGE).pids(64));
            } catch (ContainerException e) {
                // Rootless without a delegated cgroup v2 subtree: no pids cgroup. RLIMIT_NPROC is
                // counted per user namespace (ucounts, since Linux 5.14) and container root has no
                // CAP_SYS_RESOURCE outside it, so nproc bounds the container's tasks instead.
                refusal = refusedWithoutRoot(e, "pids limit");
                started = target(container(berth, IMAGE).ulimit("nproc", 64, 64));
            }
            try (Container c = started) {
                String bound = "";
                if (refusal != null) {
                    // Before the bomb: an exec'd shell must run under the container's nproc, or the
                    // bomb below would be bounded by nothing but the host's limit.
                    ExecResult limits = sh(c, "ulimit -u; ulimit -Hu");
                    assertEquals("64\n64\n", limits.stdout(), "an exec'd shell escapes the container's nproc limit: " + limits);
                    bound = "pids(64) refused: " + refusal + "\nexec'd shell: ulimit -u 64 (hard 64)\n";
                }
                c.exec("sh", "-c", "(" + bomb + ") >/dev/null 2>&1 &");
                // Without a pids cgroup, the container's own /proc (seen from the host through its
                // init's root) lists its tasks: one readdir, where walking the host's /proc for the
                // init's descendants was too slow to catch a bomb churning through pids.
                Path containerProc = Path.of("/proc", Integer.toString(c.state().pid()), "root", "proc");
                long peak = 0;
                // Sample for 2 s, longer (up to 10 s) on a loaded machine until the bomb reaches the limit.
                for (int i = 0; i < 100 && (i < 20 || peak < 60); i++) {
                    peak = Math.max(peak, refusal == null ? c.stats().orElseThrow().pidsCurrent().orElseThrow() : tasks(containerProc));
                    Thread.sleep(100);
                }
                // A pids cgroup is exact. RLIMIT_NPROC, read through /proc, is not quite: the kernel
                // uncounts a task being reaped (release_task) before it leaves /proc, and a process that
                // enters the namespace's root through setuid (an exec) is counted without the check;
                // seen: 65. A few tasks in passing, one per CPU reaping at once, are allowed for.
                long max = refusal == null ? 64 : 64 + Math.max(2, Runtime.getRuntime().availableProcessors());
                assertTrue(peak <= max, "tasks above the limit (" + max + "): " + peak);
                assertTrue(peak >= 32, "the bomb did not get going: " + peak);
                Process p = new ProcessBuilder("true").start();
                assertEquals(0, p.waitFor(), "the host cannot fork");
                c.kill();
                assertTrue(c.waitFor(java.time.Duration.ofSeconds(20)).isPresent(), "the bombed container did not stop");
                return new Outcome(bound + "tasks peaked at " + peak + " of " + max
                        + (refusal == null ? "" : " (the pids in the container's /proc, read from the host)"),
                        "host forks; the container stopped on kill");
            }
        });
    }

    /** The processes a /proc lists. */
    private static long tasks(Path proc) throws IOException {
        try (var entries = Files.list(proc)) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        }
    }

    @Test
    void memoryExhaustionIsOomKilledAndTheJvmIsUnharmed() throws Exception {
        long heapBefore = Runtime.getRuntime().maxMemory();
        attempt(mode(), "exhaust memory under memory(32 MiB)", "dd if=/dev/zero of=/dev/null bs=256M count=1",
                DOCKER_SAME + "with -m 32m the OOM killer ends the process (exit 137)", () -> {
            Container started;
            try {
                started = container(berth, IMAGE).user("root").memory(32L << 20)
                        .command("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1").start();
            } catch (ContainerException e) {
                // No memory cgroup without root here; no rlimit bounds a container's memory as a
                // whole (RLIMIT_AS and RLIMIT_DATA are per process), so there is nothing to attack.
                Assumptions.abort(refusedWithoutRoot(e, "memory limit"));
                throw e;
            }
            try (Container c = started) {
                assertTrue(c.waitFor(java.time.Duration.ofSeconds(30)).isPresent(), "still running");
                assertTrue(c.state().oomKilled(), "not OOM-killed: " + c.state() + " " + c.logs());
                assertEquals(137, c.state().exitCode(), c.state().toString());
                try (Container next = container(berth, IMAGE).command("true").start()) {
                    assertEquals(0, next.waitFor());
                }
                assertEquals(heapBefore, Runtime.getRuntime().maxMemory());
                return new Outcome("OOM-killed, exit " + c.state().exitCode(), "JVM alive, heap limit unchanged, next container runs");
            }
        });
    }

    @Test
    void aLogFloodStaysWithinTheLogCap() throws Exception {
        // Both log writers: the stage-1 helper's (a detached container) and this JVM's (attached).
        String flood = "yes berth-log-flood-0123456789 | head -n 700000"; // 21 MB
        attempt(mode(), "flood the log with 21 MB under --log-opt max-size=1m max-file=2", flood,
                "Docker's json-file driver keeps all 21 MB unless max-size is given (its default is unbounded); "
                        + "Berth is stricter: 20 MiB x 5 files by default, as Docker's local driver", () -> {
            StringBuilder host = new StringBuilder();
            for (boolean detached : new boolean[] {true, false}) {
                try (Container c = container(berth, IMAGE).detached(detached).logMaxSize(1 << 20).logMaxFiles(2)
                        .command("sh", "-c", flood).start()) {
                    assertEquals(0, c.waitFor(), "the flood did not end by itself");
                    long total = 0;
                    int files = 0;
                    try (var entries = Files.list(c.directory())) {
                        for (Path f : entries.filter(p -> p.getFileName().toString().matches("log\\.json(\\.[0-9]+)?")).toList()) {
                            total += Files.size(f);
                            files++;
                        }
                    }
                    // One 16 KiB record of slack per file: a record is never split across files.
                    assertTrue(files <= 2 && total <= 2 * ((1 << 20) + (32 << 10)),
                            files + " log files of " + total + " bytes in all, over the cap");
                    String last = c.logs().lines().reduce((a, b) -> b).orElse("");
                    assertTrue(last.startsWith("berth-log-flood"), "the newest lines were not kept: " + last);
                    host.append(detached ? "helper's writer: " : "JVM's writer: ").append(files).append(" files, ")
                            .append(total).append(" bytes of log for 21 MB written\n");
                }
            }
            return new Outcome("the flood ran to its end (exit 0)", host.toString());
        });
    }

    @Test
    void aSizeLimitedTmpfsFillsUpAndStops() throws Exception {
        attempt(mode(), "fill a 1 MiB tmpfs", "dd if=/dev/zero of=/scratch/fill bs=64k count=64",
                DOCKER_SAME + "--tmpfs with size=1m fails with ENOSPC", () -> {
            try (Container c = target(container(berth, IMAGE).tmpfs("/scratch", 1 << 20))) {
                String inside = refused(c, "dd if=/dev/zero of=/scratch/fill bs=64k count=64", "No space left on device");
                long size = Long.parseLong(sh(c, "stat -c %s /scratch/fill").stdout().strip());
                assertTrue(size <= 1 << 20, "wrote " + size + " bytes into a 1 MiB tmpfs");
                return new Outcome(inside.lines().reduce((a, b) -> b).orElse(inside) + "; file holds " + size + " bytes",
                        "tmpfs lives in the container's mount namespace only");
            }
        });
    }
}
