package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.testing.Ran;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.testing.Sandbox;
import dev.berth.namespaces.userns.IdMapping;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper's user-namespace paths with real launches as root: a map written directly with
 * setgroups denied, a map program's refusal, and the ownership pass (RootlessContainerTest runs
 * them as an unprivileged user through newuidmap).
 */
@RequiresRoot("chowns the root file system and maps ids into user namespaces")
class UserNamespaceLauncherTest {
    private static final int BASE = 300000;

    @TempDir
    Path tmp;

    private static void chown(Path p, int id) throws IOException {
        Files.setAttribute(p, "unix:uid", id, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
    }

    private static int owner(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aSingleMapIsWrittenDirectlyWithSetgroupsDeniedAndItsRootOwnsWhatItWrites() throws Exception {
        RootFs root = Sandbox.shared().overlay();
        // The namespace's root is host uid BASE: the sandbox's 0700 temporary directory must let it through.
        Files.setPosixFilePermissions(root.mountPoint().getParent().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        chown(root.upper(), BASE);
        chown(root.work(), BASE);
        Ran r = Ran.run(ProcessSpec.builder("sh", "-c", "cat /proc/self/uid_map /proc/self/setgroups; id -u; touch /made")
                .rootfs(root).groups(List.of(10)).userNamespace(UserNamespaceMap.single(BASE, BASE)).build());
        List<String> lines = r.stdout().lines().map(String::trim).toList();
        assertEquals(List.of("0 " + BASE + " 1", "deny", "0"),
                List.of(lines.get(0).replaceAll("\\s+", " "), lines.get(1), lines.get(2)), r.toString());
        assertEquals(BASE, owner(root.upper().resolve("made")));
    }

    @Test
    void repeatedSubordinateLinesGiveAMapTheKernelTakes() throws Exception {
        // /etc/subuid with the user's line twice (two tools each added it): the maps made from it
        // must still be written, where overlapping outside ranges make the kernel refuse them.
        String line = "alice:" + BASE + ":65536\n";
        Path subuid = Files.writeString(tmp.resolve("subuid"), line + line);
        UserNamespaceMap fromFiles = UserNamespaceMap.forUser("alice", BASE + 70000, BASE + 70000, subuid, subuid,
                Path.of("/usr/bin/newuidmap"), Path.of("/usr/bin/newgidmap"));
        // Written directly (root may), so that the test needs no /etc/subuid of its own: the
        // kernel's overlap check is the same for a map newuidmap writes.
        UserNamespaceMap map = UserNamespaceMap.direct(fromFiles.uids(), fromFiles.gids());
        Ran r = Ran.run(ProcessSpec.builder("cat", "/proc/self/uid_map").namespaces(List.of()).userNamespace(map).build());
        assertEquals(0, r.status().shellCode(), r.toString());
        assertEquals(List.of("0 " + (BASE + 70000) + " 1", "1 " + BASE + " 65536"),
                r.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList(), r.toString());
    }

    @Test
    void aMapProgramThatRefusesTheRangesIsReportedWithItsOwnMessage() throws Exception {
        UserNamespaceMap notGranted = UserNamespaceMap.withPrograms(List.of(new IdMapping(0, 1234567, 10)),
                List.of(new IdMapping(0, 1234567, 10)), Path.of("/usr/bin/newuidmap"), Path.of("/usr/bin/newgidmap"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/newuidmap")),
                "newuidmap is not installed (Debian package uidmap)");
        LaunchException e = assertThrows(LaunchException.class, () -> Launcher.system().launch(
                ProcessSpec.builder("true").namespaces(List.of()).userNamespace(notGranted).build()));
        assertTrue(e.getMessage().contains("/usr/bin/newuidmap") && e.getMessage().contains("not allowed"), e.getMessage());
    }

    @Test
    void ownerChangesStayBelowTheirDirectoryAndPutSetuidBitsBack() throws Exception {
        UserNamespaceMap map = UserNamespaceMap.direct(List.of(new IdMapping(0, BASE, 65536)),
                List.of(new IdMapping(0, BASE, 65536)));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path layer = Files.createDirectories(tmp.resolve("layer/bin"));
        Path tool = Files.writeString(layer.resolve("tool"), "x");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path outside = Files.writeString(tmp.resolve("outside"), "host file");
        Files.createSymbolicLink(layer.resolve("escape"), tmp);
        for (Path p : List.of(layer.getParent(), layer, tool, layer.resolve("escape"), outside)) {
            chown(p, BASE);
        }
        Launcher.system().changeOwners(map, layer.getParent(), List.of(new OwnerChange("bin/tool", 1000, 1000, 04755)));
        assertEquals(BASE + 1000, owner(tool));
        assertEquals(04755, (Integer) Files.getAttribute(tool, "unix:mode") & 07777, "setuid bit put back after chown");

        LaunchException e = assertThrows(LaunchException.class, () -> Launcher.system().changeOwners(map,
                layer.getParent(), List.of(new OwnerChange("bin/escape/outside", 5, 5, -1))));
        assertTrue(e.getMessage().contains("chown bin/escape/outside") && e.errnoName().equals("ELOOP"), e.getMessage());
        assertEquals(BASE, owner(outside), "a symlink in the path was followed");
    }

    @Test
    void aFileCapabilityIsWrittenAfterTheChownAsV3WithTheNamespacesRoot() throws Exception {
        UserNamespaceMap map = UserNamespaceMap.direct(List.of(new IdMapping(0, BASE, 65536)),
                List.of(new IdMapping(0, BASE, 65536)));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path layer = Files.createDirectories(tmp.resolve("layer"));
        Path tool = Files.writeString(layer.resolve("tool"), "x");
        Path dir = Files.createDirectory(layer.resolve("dir"));
        for (Path p : List.of(layer, tool, dir)) {
            chown(p, BASE);
        }
        // cap_net_bind_service (bit 10) permitted and effective, revision 2, as an image has it.
        byte[] v2 = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(0x02000001).putInt(1 << 10).array();
        Launcher.system().changeOwners(map, layer, List.of(new OwnerChange("tool", 1000, 1000, 04755, v2)));
        assertEquals(BASE + 1000, owner(tool));
        assertEquals(04755, (Integer) Files.getAttribute(tool, "unix:mode") & 07777);
        ByteBuffer v3 = ByteBuffer.wrap(LinuxSyscalls.get().lgetxattr(tool.toString(), "security.capability"))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24, v3.capacity());
        assertEquals(List.of(0x03000001, 1 << 10, 0, 0, 0, BASE),
                List.of(v3.getInt(0), v3.getInt(4), v3.getInt(8), v3.getInt(12), v3.getInt(16), v3.getInt(20)));

        LaunchException e = assertThrows(LaunchException.class, () -> Launcher.system().changeOwners(map, layer,
                List.of(new OwnerChange("dir", 0, 0, -1, v2))));
        assertTrue(e.getMessage().contains("setxattr security.capability dir") && e.errnoName().equals("EINVAL"),
                e.getMessage());
    }
}
