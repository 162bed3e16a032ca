package dev.berth.overlayfs.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.overlayfs.LayerException;
import org.junit.jupiter.api.Test;

/** Tar names made relative to the layer root; no root needed. */
class EntryNameTest {
    static String norm(String raw) throws LayerException {
        return EntryName.normalise(raw, raw, "name");
    }

    @Test
    void dotSlashPrefixesDotComponentsAndTrailingSlashesAreDropped() throws LayerException {
        assertEquals("usr/bin/env", norm("./usr/bin/env"));
        assertEquals("usr/bin", norm("usr//./bin/"));
        assertEquals("", norm("./"));
        assertEquals("", norm("."));
        assertEquals("a..b/..c", norm("a..b/..c"), "dots inside a name are fine");
    }

    @Test
    void namesAreCleanedAsIfRootedAtSlashAsContainerdDoes() throws LayerException {
        assertEquals("", norm(".."));
        assertEquals("x", norm("../x"));
        assertEquals("x", norm("../../../x"));
        assertEquals("b", norm("a/../b"));
        assertEquals("", norm("a/.."));
        assertEquals("c", norm("a/b/../../../c"));
        assertEquals("etc/passwd", norm("/etc/passwd"));
        assertEquals("etc", norm("//etc/./"));
    }

    @Test
    void emptyAndNulNamesAreRefusedNamingTheEntry() {
        for (String bad : new String[] {"", "a\0b"}) {
            LayerException e = assertThrows(LayerException.class, () -> EntryName.normalise("entry", bad, "name"), bad);
            assertEquals("entry", e.entry());
        }
    }

    @Test
    void parentBaseAndChildSplitNormalisedNames() {
        assertEquals("a/b", EntryName.parent("a/b/c"));
        assertEquals("", EntryName.parent("c"));
        assertEquals("c", EntryName.base("a/b/c"));
        assertEquals("a/c", EntryName.child("a", "c"));
        assertEquals("c", EntryName.child("", "c"));
    }
}
