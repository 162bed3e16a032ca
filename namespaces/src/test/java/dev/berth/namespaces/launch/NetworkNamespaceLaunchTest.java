package dev.berth.namespaces.launch;

import static dev.berth.namespaces.launch.SpecDecoder.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.testing.Ran;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.testing.Sandbox;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** TAG_NETNS: a process that starts in a network namespace prepared before it, and host networking. */
class NetworkNamespaceLaunchTest {
    @Test
    void aJoinedNetworkNamespaceIsSentInsteadOfANewOne() {
        ProcessSpec spec = ProcessSpec.builder("true").networkNamespace("/proc/1/fd/9").build();
        var recs = SpecDecoder.decode(SpecEncoder.encode(spec, List.of(), List.of(), 0));
        assertEquals("/proc/1/fd/9", tagged(recs, SpecEncoder.TAG_NETNS).get(0).string());
        assertEquals(0, tagged(recs, SpecEncoder.TAG_NAMESPACES).get(0).u64() & Namespace.Type.NET.cloneFlag());
        assertTrue(tagged(recs, SpecEncoder.TAG_LOOPBACK).isEmpty(), "lo is the preparer's to bring up");
        assertTrue(ProcessSpec.builder("true").hostNetwork().build().linux().namespaces().created().stream().noneMatch(t -> t == Namespace.Type.NET));
    }

    @Test
    void aJoinedNetworkNamespaceExcludesANewOneAndRelativePaths() {
        assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("true").networkNamespace("fd/9"));
        var e = assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("true").networkNamespace("/n")
                .namespaces(List.of(Namespace.Type.NET, Namespace.Type.MNT)).build());
        assertTrue(e.getMessage().contains("/n"), e.getMessage());
    }

    @Test
    @RequiresRoot("unshares a network namespace and launches into it")
    void theProcessRunsInThePreparedNamespace() throws Exception {
        Syscalls sys = LinuxSyscalls.get();
        CompletableFuture<Integer> made = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                sys.unshare(Namespace.Type.NET.cloneFlag());
                made.complete(sys.open("/proc/thread-self/ns/net", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0));
            } catch (Throwable e) {
                made.completeExceptionally(e);
            }
        });
        t.start();
        int fd = made.get();
        try {
            String path = "/proc/" + ProcessHandle.current().pid() + "/fd/" + fd;
            String expected = sys.readlink(path);
            Ran r = Ran.run(Sandbox.shared().spec("readlink", "/proc/self/ns/net").networkNamespace(path).build());
            assertEquals(expected, r.stdout().trim(), r.toString());
            assertTrue(Sandbox.shared().spec("true").networkNamespace(path).build().linux().namespaces().own()
                    .contains(Namespace.Type.NET), "exec must join the joined network namespace");
            Ran host = Ran.run(Sandbox.shared().spec("readlink", "/proc/self/ns/net").hostNetwork().build());
            assertEquals(sys.readlink("/proc/self/ns/net"), host.stdout().trim(), host.toString());
        } finally {
            sys.close(fd);
        }
    }
}
