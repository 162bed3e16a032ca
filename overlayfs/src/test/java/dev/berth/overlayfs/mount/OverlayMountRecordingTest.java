package dev.berth.overlayfs.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.launch.OverlayIndex;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.linux.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calls an overlay mount makes, recorded without root. */
class OverlayMountRecordingTest {
    static final Path UPPER = Path.of("/c/upper");
    static final Path WORK = Path.of("/c/work");

    @Test
    void newApiPassesEachLowerWithItsOwnLowerdirPlus() throws IOException {
        RecordingSyscalls sys = new RecordingSyscalls();
        OverlayMount.of(sys, List.of(Path.of("/l/top"), Path.of("/l/a:b,c")), UPPER, WORK).mountOn(Path.of("/m"));
        List<String> fsconfig = sys.calls("fsconfig");
        List<String> expected = new ArrayList<>(List.of("fsconfig(100, 1, source, overlay)", "fsconfig(100, 1, lowerdir+, /l/top)",
                "fsconfig(100, 1, lowerdir+, /l/a:b,c)", "fsconfig(100, 1, upperdir, /c/upper)",
                "fsconfig(100, 1, workdir, /c/work)", "fsconfig(100, 1, index, on)", "fsconfig(100, 6, null, null)"));
        if (!OverlayIndex.supported()) {
            expected.remove("fsconfig(100, 1, index, on)");
        }
        assertEquals(expected, fsconfig);
        assertEquals(List.of("move_mount(101, /m)"), sys.calls("move_mount"));
        assertEquals(List.of(), sys.calls("mount"));
    }

    @Test
    void oldApiEscapesSeparatorsInAShortOptionString() throws IOException {
        RecordingSyscalls sys = new RecordingSyscalls();
        OverlayMount.of(sys, List.of(Path.of("/l/top"), Path.of("/l/a:b,c")), UPPER, WORK).userXattr(true).legacyApi(true)
                .mountOn(Path.of("/m"));
        assertEquals(List.of("mount(overlay, /m, overlay, 0x0, lowerdir=/l/top:/l/a\\:b\\,c,upperdir=/c/upper,"
                + "workdir=/c/work,userxattr)"), sys.calls("mount"));
    }

    @Test
    void oldApiUsesShortRelativeNamesFromAThreadPrivateDirectoryWhenAPageIsNotEnough() throws IOException {
        RecordingSyscalls sys = new RecordingSyscalls();
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lowers.add(Path.of("/var/lib/berth/layers/" + String.format("%064x", i) + "/diff"));
        }
        OverlayMount.readOnly(sys, lowers).legacyApi(true).mountOn(Path.of("/m"));
        assertEquals(List.of("unshare(0x200)"), sys.calls("unshare"));
        assertEquals(1, sys.calls("chdir").size());
        String mount = sys.calls("mount").get(0);
        assertTrue(mount.startsWith("mount(overlay, /m, overlay, 0x0, lowerdir=0:1:2:"), mount);
        assertTrue(mount.endsWith(":5i:5j)"), mount); // 199 in base 36
        assertTrue(mount.length() < 4096);
    }

    @Test
    void launcherGetsTheSameStackAsARootFsOrAMountStep() {
        OverlayMount o = OverlayMount.of(new RecordingSyscalls(), List.of(Path.of("/l/top"), Path.of("/l/base")), UPPER, WORK);
        RootFs root = o.rootFs(Path.of("/c/merged"));
        assertEquals(List.of(Path.of("/l/top"), Path.of("/l/base")), root.lowers());
        assertEquals(UPPER, root.upper());
        Mount m = o.mount("/data");
        assertEquals(Mount.Op.OVERLAY, m.op());
        assertEquals("/l/top\n/l/base", m.source());
        assertEquals("upperdir=/c/upper,workdir=/c/work", m.data());
        assertThrows(IllegalArgumentException.class, () -> OverlayMount.readOnly(new RecordingSyscalls(), List.of()));
    }
}
