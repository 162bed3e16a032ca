package dev.berth.network;

import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.linux.SyscallException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One container's <a href="https://github.com/rootless-containers/slirp4netns">slirp4netns</a>:
 * the user-mode network stack that gives a container without root outbound access (NAT through
 * the host's sockets, 10.0.2.2 the host, 10.0.2.3 a DNS forwarder) and published ports, as
 * podman's rootless mode does. {@link #start} runs at the launch's network gate (the container
 * exists, its command has not started): it spawns slirp4netns on the container's pid, waits
 * for {@code tap0} to be configured, and adds each published port over the API socket.
 *
 * <p>Decisions, and why:
 * <ul>
 *   <li>{@code --userns-path}: without it slirp4netns cannot {@code setns} into the network
 *       namespace of a container in a user namespace (EPERM), since it must first become that
 *       namespace's root.</li>
 *   <li>{@code --exit-fd}: slirp4netns does not notice its namespace's end by itself (measured:
 *       it keeps running). The exit fd's write end is held by the stage-1 helper, so
 *       slirp4netns ends with the container even when this JVM is gone; {@link #close()} kills
 *       it at once.</li>
 *   <li>{@code --disable-host-loopback}: the container cannot reach the host's 127.0.0.1
 *       services through 10.0.2.2, as in podman; the host's other addresses stay reachable.</li>
 *   <li>The API socket is deleted as soon as the ports are added: nothing changes them later,
 *       and so a crash leaves no socket behind.</li>
 *   <li>Host ports are chosen and checked by binding them in this JVM first
 *       ({@link HostPorts}), which names a busy port exactly; they are let go just before
 *       slirp4netns binds them.</li>
 * </ul>
 */
final class SlirpNetwork implements AutoCloseable {
    /** podman's MTU for slirp4netns: large frames make the user-mode stack several times faster. */
    static final int MTU = 65520;
    static final String TAP = "tap0";
    /** The descriptors slirp4netns is given (0-2 are /dev/null, /dev/null and its log). */
    static final int EXIT_FD = 3;
    static final int READY_FD = 4;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final int SIGKILL = 9;
    /** In the container's directory: its published ports, for a JVM that finds it later. */
    static final String PORTS_FILE = "slirp4netns.ports";

    private final Syscalls sys;
    private final Path program;
    private final Path log;
    private final Path socket;
    private final List<NetworkRecord.PortMapping> ports;
    private HostPorts reserved;
    private int pidfd = -1;

    /**
     * @param program the slirp4netns binary
     * @param directory the container's directory, which gets its log
     * @param socket where the API socket goes while the ports are added (at most 107 bytes)
     * @param reserved the published ports, held until slirp4netns takes them over
     */
    SlirpNetwork(Syscalls sys, Path program, Path directory, Path socket, HostPorts reserved) {
        this.sys = sys;
        this.program = program;
        this.log = directory.resolve("slirp4netns.log");
        this.socket = socket;
        this.reserved = reserved;
        this.ports = reserved.mappings();
    }

    /**
     * The command line for the container whose pid is {@code pid}: with {@code userns} it joins the
     * container's user namespace first; {@code apiSocket} is null when nothing is published.
     */
    static List<String> command(Path program, int pid, boolean userns, Path apiSocket) {
        List<String> argv = new ArrayList<>(List.of(program.toString(), "--configure", "--mtu=" + MTU,
                "--disable-host-loopback", "--enable-sandbox", "--enable-seccomp",
                "--exit-fd=" + EXIT_FD, "--ready-fd=" + READY_FD));
        if (apiSocket != null) {
            argv.add("--api-socket=" + apiSocket);
        }
        if (userns) {
            argv.add("--userns-path=/proc/" + pid + "/ns/user");
        }
        argv.add(Integer.toString(pid));
        argv.add(TAP);
        return argv;
    }

    /** The published ports, with the host ports chosen. */
    List<NetworkRecord.PortMapping> ports() {
        return ports;
    }

    /**
     * The network gate of a launch: starts slirp4netns on the container {@code pid} with
     * {@code exitFd} as its exit fd, waits until {@code tap0} is configured, then publishes the
     * ports. A previous run's slirp4netns (restart) is stopped first.
     */
    synchronized void start(int pid, int exitFd) throws IOException {
        stop();
        Path api = ports.isEmpty() ? null : socket;
        if (api != null) {
            Files.deleteIfExists(api);
        }
        int[] ready = sys.pipe2(Syscalls.O_CLOEXEC);
        try {
            spawn(pid, exitFd, api, ready[1]);
            sys.close(ready[1]);
            ready[1] = -1;
            awaitReady(ready[0]);
            if (reserved != null) {
                reserved.close(); // from here on slirp4netns holds the ports
                reserved = null;
            }
            SlirpApi client = new SlirpApi(api);
            for (NetworkRecord.PortMapping p : ports) {
                client.publish(p);
            }
            recordPorts();
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        } finally {
            for (int fd : ready) {
                if (fd >= 0) {
                    sys.close(fd);
                }
            }
            if (api != null) {
                Files.deleteIfExists(api);
            }
        }
    }

    private void spawn(int pid, int exitFd, Path api, int readyFd) throws IOException {
        int logFd = sys.open(log.toString(), Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_TRUNC
                | Syscalls.O_CLOEXEC, 0600);
        try {
            int child = sys.spawnClosingOthers(program.toString(), command(program, pid, inOtherUserNamespace(pid), api), List.of(),
                    new int[] {-1, -1, logFd, exitFd, readyFd});
            pidfd = sys.pidfdOpen(child); // a zombie still has one: nothing reaps it but this class
        } catch (SyscallException e) {
            throw new IOException("start " + program + ": " + e.getMessage(), e);
        } finally {
            sys.close(logFd);
        }
    }

    /** Writes the published ports beside the log, one {@code PROTO HOST CONTAINER} line each. */
    private void recordPorts() throws IOException {
        StringBuilder text = new StringBuilder();
        ports.forEach(p -> text.append(p.protocol()).append(' ').append(p.hostPort()).append(' ').append(p.containerPort())
                .append(p.allAddresses() ? "" : " " + p.hostIp()).append('\n'));
        AtomicFile.write(log.resolveSibling(PORTS_FILE), text.toString().getBytes(StandardCharsets.UTF_8), log.getParent());
    }

    /** The ports that {@link #recordPorts} wrote in container directory {@code dir}, or empty when it has none. */
    static java.util.Optional<List<NetworkRecord.PortMapping>> recordedPorts(Path dir) throws IOException {
        Path file = dir.resolve(PORTS_FILE);
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        List<NetworkRecord.PortMapping> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(" ");
            if (f.length == 3 || f.length == 4) { // the host address came later: a line without it is every address
                out.add(new NetworkRecord.PortMapping(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        f.length == 4 ? f[3] : ""));
            }
        }
        return java.util.Optional.of(out);
    }

    /** Whether the container has a user namespace of its own, which slirp4netns must join. */
    private static boolean inOtherUserNamespace(int pid) throws IOException {
        return !Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/user"))
                .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/user")));
    }

    /** Waits for slirp4netns's "1" on the ready fd; fails with its log when it exits or takes too long. */
    private void awaitReady(int readyFd) throws IOException {
        int ep = sys.epollCreate();
        try {
            sys.epollAdd(ep, readyFd, Syscalls.EPOLLIN);
            sys.epollAdd(ep, pidfd, Syscalls.EPOLLIN);
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new IOException("slirp4netns did not configure " + TAP + " within " + READY_TIMEOUT.toSeconds()
                            + " s" + logText());
                }
                for (int fd : sys.epollWait(ep, 2, (int) left)) {
                    if (fd == readyFd) {
                        byte[] b = new byte[1];
                        if (sys.read(readyFd, b, 0, 1) == 1 && b[0] == '1') {
                            return;
                        }
                    }
                    throw new IOException("slirp4netns exited before " + TAP + " was configured" + logText());
                }
            }
        } finally {
            sys.close(ep);
        }
    }

    private String logText() {
        try {
            String text = Files.readString(log).strip();
            return text.isEmpty() ? "" : ": " + text.replace('\n', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills and reaps this container's slirp4netns if it runs. */
    private void stop() {
        if (pidfd < 0) {
            return;
        }
        sys.pidfdSendSignal(pidfd, SIGKILL);
        try {
            sys.waitPidfd(pidfd, true);
        } finally {
            sys.close(pidfd);
            pidfd = -1;
        }
    }

    /** Stops slirp4netns and lets go of ports still held. */
    @Override
    public synchronized void close() {
        stop();
        if (reserved != null) {
            reserved.close();
            reserved = null;
        }
    }
}
