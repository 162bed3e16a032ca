package dev.berth;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.Stdio;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether this host can run Berth containers, and if not why, checked once per JVM: a stage-1
 * helper that loads, and root or a user namespace that this user can create (rootless; also
 * root in a user namespace or without CAP_SYS_ADMIN, see {@link Host#isRoot()}).
 */
final class HostSupport {
    private static final Optional<String> REASON = check();

    private HostSupport() {
    }

    /** Why containers cannot run here; empty when they can. */
    static Optional<String> missing() {
        return REASON;
    }

    private static Optional<String> check() {
        String uid;
        try {
            uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElse("Uid: ?").split("\\s+")[2];
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot tell whether this process is root: " + e);
        }
        try {
            Host.system().launcher();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("the Berth stage-1 helper cannot start on this host: " + e);
        }
        // root in a user namespace (a pod with hostUsers: false) takes the rootless path: probe it too
        return Host.system().isRoot() ? Optional.empty() : userNamespaces(uid);
    }

    /** Without root, containers need a user namespace: one is made once, running {@code true}. */
    private static Optional<String> userNamespaces(String uid) {
        ProcessSpec probe = ProcessSpec.builder("true").name("berth-userns-probe")
                .namespaces(List.of(Namespace.Type.USER)).stdout(Stdio.discard()).stderr(Stdio.discard()).build();
        try (IsolatedProcess p = Host.system().launcher().launch(probe)) {
            ExitStatus status = p.waitFor();
            return status.exited() && status.exitCode() == 0 ? Optional.empty()
                    : Optional.of("a user namespace for uid " + uid + " ran true with " + status);
        } catch (RuntimeException e) {
            return Optional.of("Berth containers need root or unprivileged user namespaces, and uid " + uid
                    + " cannot create one here: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking user namespaces");
        }
    }
}
