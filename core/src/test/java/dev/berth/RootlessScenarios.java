package dev.berth;

import com.sun.net.httpserver.HttpServer;
import dev.berth.namespaces.userns.RootlessNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The container scenarios of {@link RootlessContainerTest}, run by that test in a JVM of an
 * unprivileged user: each prints {@code PASS name}, {@code SKIP name: reason} or
 * {@code FAIL name: what} on a line of its own. Arguments: the Berth home, the host:port of a
 * local registry holding {@value RootlessContainerTest#PULLED} (or "none"), and a directory the
 * user cannot write.
 */
public final class RootlessScenarios {
    private final Berth berth;
    private final String registry;
    private final Path notWritable;

    private RootlessScenarios(Berth berth, String registry, Path notWritable) {
        this.berth = berth;
        this.registry = registry;
        this.notWritable = notWritable;
    }

    /** A scenario's body: throws or returns normally; a returned text is a skip reason. */
    private interface Scenario {
        String run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int failed = 0;
        try (Berth berth = Berth.builder().home(Path.of(args[0])).build()) {
            RootlessScenarios s = new RootlessScenarios(berth, args[1], Path.of(args[2]));
            Map<String, Scenario> all = new LinkedHashMap<>();
            all.put("run", s::runEcho);
            all.put("exec", s::exec);
            all.put("terminal", s::terminal);
            all.put("ownership", s::ownership);
            all.put("confined", s::confined);
            all.put("limits", s::limitRefused);
            all.put("commit", s::commit);
            all.put("pull", s::pull);
            all.put("build", s::build);
            all.put("dockerfile", s::dockerfile);
            all.put("devices", s::devices);
            all.put("capabilities", s::capabilities);
            all.put("ports", s::ports);
            all.put("copy", s::copy);
            all.put("drivers", s::drivers);
            all.put("locations", s::locations);
            for (Map.Entry<String, Scenario> e : all.entrySet()) {
                try {
                    String skip = e.getValue().run();
                    System.out.println(skip == null ? "PASS " + e.getKey() : "SKIP " + e.getKey() + ": " + skip);
                } catch (Throwable t) {
                    failed++;
                    System.out.println("FAIL " + e.getKey() + ": " + t.toString().replace('\n', ' '));
                    t.printStackTrace();
                }
                System.out.flush();
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static String finish(Container c) throws InterruptedException {
        OptionalInt code = c.waitFor(Duration.ofSeconds(20));
        check(code.isPresent(), "container did not exit: " + c.logs());
        return c.logs();
    }

    private String runEcho() throws Exception {
        Path dir;
        try (Container c = berth.container(BusyboxImage.REFERENCE).command("echo", "hello rootless").start()) {
            String out = finish(c);
            check(out.equals("hello rootless\n"), "output was '" + out + "'");
            dir = c.directory();
        }
        check(!Files.exists(dir, LinkOption.NOFOLLOW_LINKS), "the container directory (with overlay's work/work) is left");
        return null;
    }

    private String exec() throws Exception {
        try (Container c = berth.container(BusyboxImage.REFERENCE).user("user").command("sleep", "60").start()) {
            ExecResult r = c.exec("sh", "-c", "id -u; id -g; cat /proc/self/uid_map");
            check(r.exitCode() == 0, "exec failed: " + r);
            String[] lines = r.stdout().split("\n");
            check(lines[0].equals("1000") && lines[1].equals("1000"), "exec ran as " + r.stdout());
            check(lines[2].trim().split("\\s+")[1].equals(Long.toString(hostUid())), "uid_map " + r.stdout());
        }
        return null;
    }

    /**
     * run -t and exec -t: a pty of the container's own devpts, made in the user namespace,
     * owned by the command's user and (gid 5 being mapped) the tty group.
     */
    private String terminal() throws Exception {
        try (Container c = berth.container(BusyboxImage.REFERENCE).user("user").terminal(true)
                .command("sh", "-c", "tty; stat -c %u:%g $(tty); echo TERM=$TERM").start();
                dev.berth.namespaces.PseudoTerminal pty = c.terminal()) {
            StringBuilder shown = new StringBuilder();
            byte[] buf = new byte[4096];
            for (int n; (n = pty.read(buf)) > 0;) {
                shown.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            check(shown.toString().equals("/dev/pts/0\r\n1000:5\r\nTERM=xterm\r\n"), "run -t showed '" + shown + "'");
        }
        try (Container c = berth.container(BusyboxImage.REFERENCE).command("sleep", "60").start()) {
            ExecResult r = c.exec(ExecOptions.command("tty").terminal(true));
            check(r.exitCode() == 0 && r.stdout().equals("/dev/pts/0\r\n"), "exec -t: " + r);
        }
        return null;
    }

    /** Files made in the container belong to the user (container root) or its subordinate ids on the host. */
    private String ownership() throws Exception {
        long byRoot;
        long byUser;
        try (Container c = berth.container(BusyboxImage.REFERENCE).user("0").command("sleep", "60").start()) {
            check(c.exec("touch", "/tmp/by-root").exitCode() == 0, "touch as root failed");
            ExecResult r = c.exec(ExecOptions.command("touch", "/tmp/by-user").user("user"));
            check(r.exitCode() == 0, "touch as user failed: " + r);
            Path upper = c.directory().resolve("upper");
            byRoot = owner(upper.resolve("tmp/by-root"));
            byUser = owner(upper.resolve("tmp/by-user"));
            check(byRoot == hostUid(), "a file of container root is host uid " + byRoot + ", not " + hostUid());
            long subuid = subordinateStart() + 999;
            check(byUser == subuid, "a file of container uid 1000 is host uid " + byUser + ", expected " + subuid);
        }
        return null;
    }

    /** Container root cannot write what the user cannot: a host directory bound into it. */
    private String confined() throws Exception {
        try (Container c = berth.container(BusyboxImage.REFERENCE).user("0").bind(notWritable, "/host", false)
                .command("sh", "-c", "touch /host/x 2>&1; echo rc=$?; chmod 777 /host 2>&1; echo rc=$?").start()) {
            String out = finish(c);
            check(out.contains("rc=1") && !out.contains("rc=0"), "container root changed a host directory: " + out);
            check(!Files.exists(notWritable.resolve("x")), "file created on the host");
        }
        return null;
    }

    private String limitRefused() {
        try (Container c = berth.container(BusyboxImage.REFERENCE).memory(64L << 20).command("true").start()) {
            if (c.stats().isPresent()) {
                return null; // a delegated cgroup v2 subtree: the limit was applied
            }
            throw new AssertionError("a memory limit was accepted without a cgroup to apply it");
        } catch (ContainerException e) {
            String m = e.getMessage();
            check(m.contains("memory limit") && m.contains("without root"), "unclear refusal: " + m);
            System.out.println("limit refusal: " + m);
            return null;
        }
    }

    private String commit() throws Exception {
        Image image;
        // A 0700 directory of uid 1000 is a subordinate id's on the host, which the user cannot read.
        try (Container c = berth.container(BusyboxImage.REFERENCE).user("user").command("sh", "-c",
                "echo committed > /tmp/file && mkdir /tmp/dir && mkdir -m 700 /tmp/private"
                        + " && echo private > /tmp/private/f && chmod 600 /tmp/private/f").start()) {
            check(finish(c).isEmpty(), "the container wrote " + c.logs());
            check(!Files.isReadable(c.directory().resolve("upper/tmp/private")), "the user can read a 0700 directory of uid 1000");
            image = c.commit("berth.test/rootless-commit:1");
        }
        try (Container c = berth.container(image).user("0").command("sh", "-c",
                "cat /tmp/file; stat -c '%u:%g %a' /tmp /tmp/file /tmp/dir /tmp/private /tmp/private/f").start()) {
            String out = finish(c);
            check(out.equals("committed\n0:0 777\n1000:1000 644\n1000:1000 755\n1000:1000 700\n1000:1000 600\n"),
                    "committed image shows '" + out + "'");
        }
        try (Container c = berth.container(image).user("user").command("cat", "/tmp/private/f").start()) {
            String out = finish(c);
            check(out.equals("private\n"), "uid 1000 reads '" + out + "' from its 0700 directory");
        }
        return null;
    }

    /**
     * A build with RUN steps as container root and as uid 1000 (one deletes a file of the base:
     * a whiteout in its layer) and a COPY with --chown; the built image shows the owners as the
     * image has them, and on the host the layers hold them as the user and its subordinate ids.
     */
    private String build() throws Exception {
        Path context = Files.createTempDirectory(Path.of(System.getenv("HOME")), "context-");
        Files.writeString(context.resolve("added.txt"), "added\n");
        Image built = berth.imageBuilder().from(BusyboxImage.REFERENCE).context(context)
                .user("0")
                .run("mkdir -p /opt/app && chown user:user /opt/app && rm /bin/vi && echo root > /opt/root-file")
                .user("user")
                .run("echo by-user > /opt/app/by-user && mkdir /opt/app/dir && id -u > /opt/app/dir/uid"
                        + " && mkdir -m 700 /opt/app/private && echo private > /opt/app/private/f")
                .copy(Copy.of("added.txt").to("/opt/app/added.txt").chown("user:user"))
                .build("berth.test/rootless-build:1");
        try (Container c = berth.container(built).user("0").command("sh", "-c",
                "cat /opt/root-file /opt/app/by-user /opt/app/dir/uid /opt/app/added.txt /opt/app/private/f;"
                        + " stat -c '%u:%g %n' /opt/root-file /opt/app /opt/app/by-user /opt/app/dir /opt/app/added.txt;"
                        + " stat -c '%u:%g %a %n' /opt/app/private;"
                        + " test -e /bin/vi || echo no vi").start()) {
            String out = finish(c);
            check(out.equals("root\nby-user\n1000\nadded\nprivate\n0:0 /opt/root-file\n1000:1000 /opt/app\n"
                    + "1000:1000 /opt/app/by-user\n1000:1000 /opt/app/dir\n1000:1000 /opt/app/added.txt\n"
                    + "1000:1000 700 /opt/app/private\nno vi\n"),
                    "built image shows '" + out + "'");
        }
        Path rootLayer = storedLayerWith("opt/root-file");
        Path userLayer = storedLayerWith("opt/app/by-user");
        check(owner(rootLayer.resolve("opt/root-file")) == hostUid(), "a file of container root is host uid "
                + owner(rootLayer.resolve("opt/root-file")));
        check(owner(userLayer.resolve("opt/app/by-user")) == subordinateStart() + 999, "a file of container uid 1000 is host uid "
                + owner(userLayer.resolve("opt/app/by-user")));
        Path vi = rootLayer.resolve("bin/vi");
        int mode = (Integer) Files.getAttribute(vi, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        check((mode & 0170000) == 0020000 && ((Number) Files.getAttribute(vi, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue() == 0,
                "the deleted /bin/vi is no whiteout in its layer: mode " + Integer.toOctalString(mode));
        return null;
    }

    /**
     * ADD of a root file system tar with device nodes (#18 item 3): without root no node can be
     * made, so they are left out with a warning in the build output; the rest of the tar is added.
     */
    private String devices() throws Exception {
        Path context = Files.createTempDirectory(Path.of(System.getenv("HOME")), "rootfs-");
        try (var out = Files.newOutputStream(context.resolve("rootfs.tar"));
                var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            var console = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("dev/console",
                    org.apache.commons.compress.archivers.tar.TarConstants.LF_CHR);
            console.setDevMajor(5);
            console.setDevMinor(1);
            console.setMode(0620);
            tar.putArchiveEntry(console);
            tar.closeArchiveEntry();
            byte[] body = "kept\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var file = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("etc/rootfs-release");
            file.setSize(body.length);
            tar.putArchiveEntry(file);
            tar.write(body);
            tar.closeArchiveEntry();
        }
        List<String> warnings = new java.util.ArrayList<>();
        Image built = berth.imageBuilder().from(BusyboxImage.REFERENCE).context(context)
                .listener(new BuildListener() {
                    @Override
                    public void warning(int number, String message) {
                        warnings.add(number + " " + message);
                    }
                })
                .add("rootfs.tar", "/").build("berth.test/rootless-devices:1");
        check(warnings.size() == 1 && warnings.get(0).startsWith("2 left out 1 device node(s) (in rootfs.tar)"),
                "the build output warns of the device node left out: " + warnings);
        try (Container c = berth.container(built).user("0").command("sh", "-c",
                "cat /etc/rootfs-release").start()) {
            String out = finish(c);
            check(out.equals("kept\n"), "built image shows '" + out + "'");
        }
        return null;
    }

    /** {@code Berth.build(dir)} of a Dockerfile with RUN as root and as a user, and COPY --chown. */
    private String dockerfile() throws Exception {
        Path context = Files.createTempDirectory(Path.of(System.getenv("HOME")), "dockerfile-");
        Files.writeString(context.resolve("added.txt"), "from the context\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BusyboxImage.REFERENCE + "\n"
                + "USER root\n"
                + "RUN mkdir /data && chown 1000:1000 /data\n"
                + "COPY --chown=1000:1000 added.txt /data/\n"
                + "USER user\n"
                + "RUN echo written > /data/written && rm /data/added.txt && echo again > /data/added.txt\n");
        Image built = berth.build(context).build("berth.test/rootless-dockerfile:1");
        try (Container c = berth.container(built).user("0").command("sh", "-c",
                "cat /data/written /data/added.txt; stat -c '%u:%g %n' /data /data/written /data/added.txt").start()) {
            String out = finish(c);
            check(out.equals("written\nagain\n1000:1000 /data\n1000:1000 /data/written\n1000:1000 /data/added.txt\n"),
                    "built image shows '" + out + "'");
        }
        return null;
    }

    /**
     * A layer with file capabilities unpacks without root: on the host they are revision 3 with
     * the user (container root) as root id, which the container's user namespace sees as the
     * image's revision 2, also on a file of uid 1000, whose chown comes first.
     */
    private String capabilities() throws Exception {
        try (Container c = berth.container(RootlessContainerTest.CAPABILITIES).user("0").command("sh", "-c",
                "/opt/caps/grep -c ^root: /etc/passwd; /opt/caps/user/grep -c ^user: /etc/passwd;"
                        + " stat -c '%u:%g %a %n' /opt/caps/grep /opt/caps/user/grep").start()) {
            String out = finish(c);
            check(out.equals("1\n1\n0:0 755 /opt/caps/grep\n1000:1000 755 /opt/caps/user/grep\n"),
                    "the image with file capabilities shows '" + out + "'");
        }
        Path layer = storedLayerWith("opt/caps/grep");
        List<String> files = List.of(layer.resolve("opt/caps/grep").toString(), layer.resolve("opt/caps/user/grep").toString());
        for (String f : files) {
            byte[] v = dev.berth.namespaces.linux.LinuxSyscalls.get().lgetxattr(f, "security.capability");
            check(v != null && v.length == 24, f + " has no revision 3 file capability: "
                    + (v == null ? "none" : v.length + " bytes"));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            check(b.getInt(0) == 0x03000001 && b.getInt(4) == 1 << 10 && b.getInt(8) == 0 && b.getInt(12) == 0
                    && b.getInt(16) == 0, f + ": not cap_net_bind_service+ep: " + java.util.HexFormat.of().formatHex(v));
            check(Integer.toUnsignedLong(b.getInt(20)) == hostUid(), f + ": root id " + Integer.toUnsignedLong(b.getInt(20))
                    + ", not the user's uid " + hostUid());
        }
        check(owner(Path.of(files.get(1))) == subordinateStart() + 999, "user/grep is host uid " + owner(Path.of(files.get(1))));
        // As the kernel shows it in a user namespace with the container's map (what the container sees).
        Path getcap = Path.of("/usr/sbin/getcap");
        if (!Files.isExecutable(getcap)) {
            return "the host layer is right; getcap (libcap2-bin) is not installed to read it in a user namespace";
        }
        List<String> argv = new java.util.ArrayList<>(List.of(getcap.toString()));
        argv.addAll(files);
        try (var p = dev.berth.namespaces.launch.Launcher.system().launch(dev.berth.namespaces.launch.ProcessSpec.builder(argv)
                .namespaces(List.of()).userNamespace(dev.berth.namespaces.userns.UserNamespaceMap.ofCurrentUser()).build())) {
            String out = new String(p.stdout().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            check(p.waitFor().success(), "getcap failed: " + out);
            check(out.equals(files.get(0) + " cap_net_bind_service=ep\n" + files.get(1) + " cap_net_bind_service=ep\n"),
                    "getcap in the container's user namespace shows '" + out + "'");
        }
        return null;
    }

    /** The stored layer (unpacked) that has {@code path}; fails when none has. */
    private Path storedLayerWith(String path) throws IOException {
        for (var l : berth.layers().list()) {
            if (Files.exists(l.diff().resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                return l.diff();
            }
        }
        throw new AssertionError("no stored layer has " + path);
    }

    private String pull() throws Exception {
        if (registry.equals("none")) {
            return "docker-registry is not installed";
        }
        Image pulled = berth.pull(registry + "/" + RootlessContainerTest.PULLED);
        try (Container c = berth.container(pulled).user("1000").command("sh", "-c",
                "stat -c '%u:%g %a' /home/user/tool /home/user/private; cat /home/user/private/secret;"
                        + " test -e /home/user/device || echo no device").start()) {
            String out = finish(c);
            check(out.equals("1000:1000 4755\n1000:1000 700\nsecret\nno device\n"), "pulled layer shows '" + out + "'");
        }
        // On the host the layer's files belong to the subordinate id of container uid 1000, and
        // the user itself cannot look into the 0700 directory; removal goes through a user namespace.
        Path layer = null;
        for (var l : berth.layers().list()) {
            if (Files.exists(l.diff().resolve("home/user/tool"), LinkOption.NOFOLLOW_LINKS)) {
                layer = l.diff();
            }
        }
        check(layer != null, "no stored layer has home/user/tool");
        Path tool = layer.resolve("home/user/tool");
        check(owner(tool) == subordinateStart() + 999, "tool is host uid " + owner(tool));
        check(Files.getAttribute(tool, "unix:mode").equals(0104755), "tool mode " + Files.getAttribute(tool, "unix:mode"));
        check(!Files.isReadable(layer.resolve("home/user/private")), "the user can read a 0700 directory of uid 1000");
        Path copy = layer.resolveSibling("removed-by-test");
        Files.move(layer, copy);
        dev.berth.overlayfs.FileTrees.delete(copy);
        check(!Files.exists(copy, LinkOption.NOFOLLOW_LINKS), "the layer was not removed");
        return null;
    }

    /**
     * Rootless networking through slirp4netns: busybox httpd published on a chosen host port and
     * fetched from this JVM; a command that reaches the host at its first instruction (the
     * network is there before it runs); the host's loopback refused through 10.0.2.2; a busy
     * host port named; no slirp4netns left after close.
     */
    private String ports() throws Exception {
        java.util.Optional<String> why = RootlessNetwork.unavailable();
        if (why.isPresent()) {
            // Refused, saying why: a published port is never silently dropped.
            try (Container c = berth.container(BusyboxImage.REFERENCE).publish(8080).command("true").start()) {
                throw new AssertionError("a port was published without slirp4netns: " + c.networkMode());
            } catch (ContainerException e) {
                check(e.getMessage().contains(why.get()), "unclear refusal: " + e.getMessage());
            }
            return why.get();
        }
        try (Container c = berth.container(BusyboxImage.REFERENCE).publish(8080).command(NetworkTesting.HTTPD).start()) {
            check(c.networkMode() == NetworkMode.SLIRP4NETNS, "network mode " + c.networkMode());
            int port = c.mappedPort(8080);
            String body = NetworkTesting.getWhenUp(new InetSocketAddress("127.0.0.1", port));
            check(body.equals("hello from " + c.id().substring(0, 12) + "\n"), "httpd answered '" + body + "'");
            System.out.println("ports: httpd of a rootless container answered on 127.0.0.1:" + port);
            try (Berth other = Berth.builder().home(berth.home()).build()) {
                Container seen = other.findContainer(c.id()).orElseThrow();
                check(seen.mappedPort(8080) == port, "another Berth sees port " + seen.mappedPort(8080) + ", not " + port);
            }
        }
        InetAddress host = nonLoopbackAddress();
        if (host == null) {
            System.out.println("ports: outbound part skipped: this host has no non-loopback IPv4 address");
        } else {
            try (HostServer server = new HostServer(new InetSocketAddress(host, 0))) {
                // The first instruction of the command goes out: slirp4netns has configured tap0 before it runs.
                try (Container c = berth.container(BusyboxImage.REFERENCE).networkMode(NetworkMode.SLIRP4NETNS)
                        .command("wget", "-q", "-O", "-", "http://" + server.url()).start()) {
                    String out = finish(c);
                    check(out.equals("from the host\n"), "outbound wget printed '" + out + "'");
                    // slirp4netns ends with the container through its exit fd, which the stage-1
                    // helper holds (as after a JVM crash), before close() kills it; until then
                    // it is an unreaped child of this JVM.
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (!slirpProcesses(false).isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    check(slirpProcesses(false).isEmpty(), "slirp4netns runs on after its container ended: "
                            + slirpProcesses(false));
                }
                System.out.println("ports: outbound from a rootless container reached " + server.url());
            }
        }
        try (HostServer loopback = new HostServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Container c = berth.container(BusyboxImage.REFERENCE).networkMode(NetworkMode.SLIRP4NETNS)
                     .command("sh", "-c", "wget -q -T 3 -O - http://10.0.2.2:" + loopback.port() + "/; echo rc=$?").start()) {
            String out = finish(c);
            check(!out.contains("from the host") && out.contains("rc=1"), "the host's loopback was reached: " + out);
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            try (Container c = berth.container(BusyboxImage.REFERENCE).publish(taken.getLocalPort(), 8080)
                    .command("true").start()) {
                throw new AssertionError("a busy host port was published: " + c.mappedPort(8080));
            } catch (ContainerException e) {
                check(e.getMessage().contains(taken.getLocalPort() + "/tcp is already in use"), "unclear: " + e.getMessage());
            }
        }
        List<Long> left = slirpProcesses(true);
        check(left.isEmpty(), "slirp4netns processes left: " + left);
        return null;
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface i : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (i.isUp() && !i.isLoopback()) {
                for (InetAddress a : java.util.Collections.list(i.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a;
                    }
                }
            }
        }
        return null;
    }

    /** The slirp4netns processes of this user (its uid), by pid; zombies too if {@code zombies}. */
    private static List<Long> slirpProcesses(boolean zombies) throws IOException {
        long uid = hostUid();
        List<Long> found = new java.util.ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                try {
                    if (p.getFileName().toString().matches("\\d+") && owner(p) == uid
                            && Files.readString(p.resolve("comm")).strip().equals("slirp4netns")
                            && (zombies || !Files.readString(p.resolve("stat")).replaceAll("^.*\\) ", "").startsWith("Z"))) {
                        found.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return found;
    }

    /** An HTTP server of this JVM that answers "from the host". */
    private static final class HostServer implements AutoCloseable {
        private final HttpServer server;

        HostServer(InetSocketAddress at) throws IOException {
            server = HttpServer.create(at, 0);
            server.createContext("/", x -> {
                byte[] body = "from the host\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url() {
            return server.getAddress().getAddress().getHostAddress() + ":" + port() + "/";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * "auto" found overlay through a trial launch in a user namespace (this kernel has it); the
     * copy driver, for kernels that do not, runs, commits and removes a container without root too.
     */
    private String drivers() throws Exception {
        check(berth.storageDriver() == LayerStorage.OVERLAY, "auto chose " + berth.storageDriver() + " without root");
        try (Berth vfs = Berth.builder().home(berth.home()).storageDriver(LayerStorage.VFS).build()) {
            Image image;
            Path dir;
            try (Container c = vfs.container(BusyboxImage.REFERENCE).user("user")
                    .command("sh", "-c", "mkdir -m 700 /tmp/mine && echo copied > /tmp/mine/f").start()) {
                check(c.waitFor(Duration.ofSeconds(20)).orElse(-1) == 0, "the vfs container failed: " + c.logs());
                image = c.commit("berth.test/rootless-vfs:1");
                dir = c.directory();
            }
            check(!Files.exists(dir, LinkOption.NOFOLLOW_LINKS), "the vfs container's directory is left");
            try (Container c = vfs.container(image).user("user").command("cat", "/tmp/mine/f").start()) {
                check(finish(c).equals("copied\n"), "the committed vfs image shows '" + c.logs() + "'");
            }
        }
        return null;
    }

    /**
     * docker cp without root goes through the container's tar: a file in and out with its mode,
     * a tree out as an archive and back in, and a symlink in the container resolves inside it;
     * a stopped container is refused with the reason.
     */
    private String copy() throws Exception {
        Path work = Files.createTempDirectory("berth-copy-");
        try {
            Path source = Files.writeString(work.resolve("in.txt"), "copied in\n");
            Files.setPosixFilePermissions(source, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
            try (Container c = berth.container(BusyboxImage.REFERENCE).user("user").command("sleep", "60").start()) {
                check(c.exec("sh", "-c", "mkdir -p /tmp/tree/sub && echo deep > /tmp/tree/sub/f && ln -s /etc /tmp/etc-link")
                        .exitCode() == 0, "setup failed");
                c.copyFileTo(source, "/tmp/new/dir/in.txt");
                // Root's, as docker cp leaves it, with the host file's mode.
                ExecResult seen = c.exec(ExecOptions.command("sh", "-c", "cat /tmp/new/dir/in.txt; stat -c '%a %u' /tmp/new/dir/in.txt")
                        .user("0"));
                check(seen.stdout().equals("copied in\n750 0\n"), "inside: " + seen);
                c.copyFileTo(source, "/tmp/etc-link/berth-copied");
                ExecResult linked = c.exec(ExecOptions.command("cat", "/etc/berth-copied").user("0"));
                check(linked.stdout().equals("copied in\n"), "the link did not lead to the container's /etc: " + linked);
                check(!Files.exists(Path.of("/etc/berth-copied")), "the copy reached the host's /etc");
                Path back = work.resolve("back.txt");
                c.copyFileFrom("/tmp/tree/sub/f", back);
                check(Files.readString(back).equals("deep\n"), "copied out: " + Files.readString(back));
                java.io.ByteArrayOutputStream tree = new java.io.ByteArrayOutputStream();
                c.copyArchiveFrom("/tmp/tree", tree);
                c.copyArchiveTo(new java.io.ByteArrayInputStream(tree.toByteArray()), "/tmp/new");
                check(c.exec("cat", "/tmp/new/tree/sub/f").stdout().equals("deep\n"), "the archive did not round-trip");
                c.stop(Duration.ofSeconds(5));
                try {
                    c.copyFileTo(source, "/tmp/late");
                    throw new AssertionError("a copy into a stopped rootless container was not refused");
                } catch (ContainerException e) {
                    check(e.getMessage().contains("stopped container needs root"), "unclear refusal: " + e.getMessage());
                }
            }
        } finally {
            dev.berth.overlayfs.FileTrees.delete(work);
        }
        return null;
    }

    /**
     * Without root, the store's default is under XDG_DATA_HOME and the runtime directory under
     * XDG_RUNTIME_DIR; after the ports scenario that directory is the user's alone and holds no socket.
     */
    private String locations() throws IOException {
        Path data = Path.of(System.getenv("XDG_DATA_HOME"), "berth");
        Path runtime = Path.of(System.getenv("XDG_RUNTIME_DIR"), "berth");
        check(dev.berth.image.store.StoreLocation.berthHome().equals(data), "home " + dev.berth.image.store.StoreLocation.berthHome());
        check(dev.berth.image.store.StoreLocation.runtimeDirectory().equals(runtime),
                "runtime " + dev.berth.image.store.StoreLocation.runtimeDirectory());
        check(berth.runtimeDirectory().equals(runtime), "this Berth's runtime directory is " + berth.runtimeDirectory());
        if (Files.isDirectory(runtime)) {
            check(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime)).equals("rwx------"),
                    "the runtime directory is open to others");
            try (var left = Files.list(runtime)) {
                check(left.findAny().isEmpty(), "sockets left in " + runtime);
            }
        }
        return null;
    }

    private static long owner(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static long hostUid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no Uid in /proc/self/status");
    }

    private static long subordinateStart() throws IOException {
        String name = System.getProperty("user.name");
        for (String line : Files.readAllLines(Path.of("/etc/subuid"))) {
            String[] f = line.split(":");
            if (f.length == 3 && (f[0].equals(name) || f[0].equals(Long.toString(hostUid())))) {
                return Long.parseLong(f[1]);
            }
        }
        throw new IOException("no /etc/subuid range for " + name);
    }
}
