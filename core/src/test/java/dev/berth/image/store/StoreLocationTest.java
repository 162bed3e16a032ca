package dev.berth.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
    @Test
    void usersKeepTheStoreUnderXdgDataHomeAndRootUnderVarLib() {
        assertEquals(Path.of("/var/lib/berth"), StoreLocation.berthHome(Map.of("XDG_DATA_HOME", "/x"), true, "/root"));
        assertEquals(Path.of("/x/berth"), StoreLocation.berthHome(Map.of("XDG_DATA_HOME", "/x"), false, "/home/a"));
        assertEquals(Path.of("/home/a/.local/share/berth"), StoreLocation.berthHome(Map.of(), false, "/home/a"));
        assertEquals(Path.of("/home/a/.local/share/berth"),
                StoreLocation.berthHome(Map.of("XDG_DATA_HOME", "relative"), false, "/home/a"), "a relative XDG path is ignored");
        assertEquals(Path.of("/b"), StoreLocation.berthHome(Map.of("BERTH_HOME", "/b", "XDG_DATA_HOME", "/x"), false, "/h"));
    }

    @Test
    void runtimeStateGoesUnderXdgRuntimeDirElseAPerUserTmpDirectory() {
        assertEquals(Path.of("/run/berth"), StoreLocation.runtimeDirectory(Map.of("XDG_RUNTIME_DIR", "/run/user/0"), true, 0));
        assertEquals(Path.of("/run/user/1001/berth"),
                StoreLocation.runtimeDirectory(Map.of("XDG_RUNTIME_DIR", "/run/user/1001"), false, 1001));
        assertEquals(Path.of("/tmp/berth-1001"), StoreLocation.runtimeDirectory(Map.of(), false, 1001));
    }
}
