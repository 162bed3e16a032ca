package dev.berth.overlayfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LayerStack#find} looks names up layer by layer; it must give what walking the merged
 * listing ({@link LayerStack.Node#children()}) gives for every path: entries of every layer,
 * whiteouts, opaque directories, a non-directory over a directory and the reverse, and names no
 * listing holds ({@code ..}).
 */
class LayerStackFindTest {
    @TempDir
    Path tmp;

    private static final Syscalls SYS = LinuxSyscalls.get();

    private static void file(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static void whiteout(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        SYS.mknod(p.toString(), 0020000 | 0600, 0); // a 0:0 character device
    }

    private static void opaque(Path dir) throws IOException {
        Files.createDirectories(dir);
        SYS.lsetxattr(dir.toString(), Whiteouts.opaqueXattr(true), "y".getBytes(StandardCharsets.US_ASCII));
    }

    /** What a walk of the listings finds at {@code path}, as find did before. */
    private static Optional<LayerStack.Node> listed(LayerStack stack, String path) throws IOException {
        LayerStack.Node node = stack.root();
        for (String name : path.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            LayerStack.Node next = null;
            for (LayerStack.Node c : node.children()) {
                if (c.path().substring(c.path().lastIndexOf('/') + 1).equals(name)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            node = next;
        }
        return Optional.of(node);
    }

    private static String describe(Optional<LayerStack.Node> n) throws IOException {
        if (n.isEmpty()) {
            return "absent";
        }
        List<String> kids = new ArrayList<>();
        for (LayerStack.Node c : n.get().children()) {
            kids.add(c.path() + "@" + c.source());
        }
        return n.get().path() + "@" + n.get().source() + " mode " + n.get().stat().type() + " " + kids;
    }

    @Test
    void findGivesWhatTheListingGives() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: a whiteout (a 0:0 character device) is made with mknod, which needs root");
        Path top = tmp.resolve("top");
        Path mid = tmp.resolve("mid");
        Path low = tmp.resolve("low");
        file(low.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        file(low.resolve("etc/group"), "root:x:0:\n");
        file(low.resolve("etc/hidden/a"), "a");
        file(low.resolve("etc/gone/b"), "b");
        file(low.resolve("opq/old"), "old");
        file(low.resolve("dir-then-file/x"), "x");
        file(low.resolve("file-then-dir"), "f");
        file(low.resolve("usr/lib/l"), "l");
        file(mid.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nu:x:1000:1000::/home/u:/bin/sh\n");
        whiteout(mid.resolve("etc/gone"));
        opaque(mid.resolve("opq"));
        file(mid.resolve("opq/new"), "new");
        file(mid.resolve("dir-then-file"), "now a file");
        file(mid.resolve("file-then-dir/y"), "y");
        file(mid.resolve("usr/lib/m"), "m");
        whiteout(top.resolve("etc/group"));
        file(top.resolve("etc/hidden/c"), "c");
        file(top.resolve("usr/lib/t"), "t");
        LayerStack stack = new LayerStack(SYS, List.of(top, mid, low));
        for (String path : List.of("/", "/etc", "/etc/passwd", "etc/group", "/etc/hidden", "/etc/hidden/a", "/etc/hidden/c",
                "/etc/gone", "/etc/gone/b", "/opq", "/opq/old", "/opq/new", "/dir-then-file", "/dir-then-file/x",
                "/file-then-dir", "/file-then-dir/y", "/usr/lib", "/usr/lib/l", "/usr/./lib/m", "/usr/lib/t", "/etc/..",
                "/etc/../etc/passwd", "/nothing", "/etc/passwd/x", "//etc//passwd")) {
            assertEquals(describe(listed(stack, path)), describe(stack.find(path)), path);
        }
        assertEquals(mid.resolve("etc/passwd"), stack.find("/etc/passwd").orElseThrow().source());
        assertTrue(stack.find("/etc/group").isEmpty());
        assertTrue(stack.find("/opq/old").isEmpty());
        for (List<Path> layers : List.of(List.of(low), List.of(mid, low), List.<Path>of(top))) {
            LayerStack s = new LayerStack(SYS, layers);
            for (String path : List.of("/etc/passwd", "/etc/group", "/opq/old", "/usr/lib/l", "/etc/gone/b")) {
                assertEquals(describe(listed(s, path)), describe(s.find(path)), layers + " " + path);
            }
        }
    }
}
