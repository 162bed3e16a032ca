package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDatabaseFilesTest {
    @TempDir
    Path etc;

    @Test
    void readsRegularFiles() throws IOException {
        Files.writeString(etc.resolve("passwd"), "web:x:33:33:www:/var/www:/bin/false\n");
        Files.writeString(etc.resolve("group"), "web:x:33:\nlog:x:4:web,other\n");
        assertEquals(new PasswdFile.Entry("web", "x", 33, 33, "www", "/var/www", "/bin/false"),
                PasswdFile.read(etc.resolve("passwd")).byName("web").orElseThrow());
        GroupFile group = GroupFile.read(etc.resolve("group"));
        assertEquals(List.of("web", "other"), group.byGid(4).orElseThrow().members());
        assertEquals(List.of(4), group.gidsListing("web"));
    }

    @Test
    void missingOrNonRegularFilesAreAbsentDatabases() throws IOException {
        assertSame(PasswdFile.absent(), PasswdFile.read(etc.resolve("passwd")));
        Files.createDirectory(etc.resolve("group"));
        assertSame(GroupFile.absent(), GroupFile.read(etc.resolve("group")));
    }

    @Test
    void symbolicLinksAreRefusedRatherThanFollowedOnTheHost() throws IOException {
        Files.writeString(etc.resolve("elsewhere"), "root:x:0:0::/root:/bin/sh\n");
        Files.createSymbolicLink(etc.resolve("passwd"), Path.of("elsewhere"));
        IOException e = assertThrows(IOException.class, () -> PasswdFile.read(etc.resolve("passwd")));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void filesOverTenMebibytesAreRefused() throws IOException {
        Path big = etc.resolve("group");
        Files.write(big, new byte[ColonFile.MAX_BYTES + 1]);
        IOException e = assertThrows(IOException.class, () -> GroupFile.read(big));
        assertTrue(e.getMessage().contains(big.toString()), e.getMessage());
    }

    @Test
    void missingTrailingFieldsAreEmpty() {
        PasswdFile.Entry e = PasswdFile.parse("short:x:7:8\n".getBytes()).entries().get(0);
        assertEquals(new PasswdFile.Entry("short", "x", 7, 8, "", "", ""), e);
    }
}
