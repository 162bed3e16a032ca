package dev.berth.namespaces.userns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNamespaceMapTest {
    @TempDir
    Path dir;

    @Test
    void subordinateIdsMatchByNameOrUidAndSkipMalformedLines() {
        String text = "alice:100000:65536\n# comment\nbob:x:5\n1001:200000:1000\ncarol:300000:0\nalice:500000:10\n";
        assertEquals(List.of(new IdMapping(0, 100000, 65536), new IdMapping(0, 200000, 1000),
                new IdMapping(0, 500000, 10)), SubordinateIds.parse(text, "alice", 1001));
        assertEquals(List.of(), SubordinateIds.parse(text, "carol", 1003));
    }

    @Test
    void withRangesAndProgramsTheUserIsRootAndItsRangesFollow() throws IOException {
        Path subuid = Files.writeString(dir.resolve("subuid"), "alice:100000:65536\nalice:300000:10\n");
        Path subgid = Files.writeString(dir.resolve("subgid"), "alice:200000:65536\n");
        UserNamespaceMap m = UserNamespaceMap.forUser("alice", 1001, 1002, subuid, subgid,
                Path.of("/usr/bin/newuidmap"), Path.of("/usr/bin/newgidmap"));
        assertEquals("0 1001 1\n1 100000 65536\n65537 300000 10\n", m.uidMap());
        assertEquals("0 1002 1\n1 200000 65536\n", m.gidMap());
        assertTrue(m.usesPrograms());
        assertFalse(m.isSingle());
        assertEquals(OptionalLong.of(100999), m.hostUid(1000));
        assertEquals(OptionalLong.of(300001), m.hostUid(65538));
        assertEquals(OptionalLong.empty(), m.hostUid(65547));
        assertEquals(OptionalLong.of(0), m.containerUid(1001));
        assertEquals(OptionalLong.of(1000), m.containerGid(200999));
        assertEquals(OptionalLong.empty(), m.containerUid(0));
        assertEquals(65537, m.size());
    }

    @Test
    void repeatedAndOverlappingLinesMapEachHostIdOnce() throws IOException {
        // Two tools each added the user (a repeated line), a range overlapping an earlier one, and
        // a range that holds the user's own id: newuidmap accepts such files, the kernel refuses
        // a map whose outside ranges overlap.
        Path subuid = Files.writeString(dir.resolve("subuid"),
                "alice:100000:65536\nalice:100000:65536\nalice:160000:10000\n1001:1000:2000\n");
        Path subgid = Files.writeString(dir.resolve("subgid"), "alice:200000:65536\nalice:200000:65536\n");
        UserNamespaceMap m = UserNamespaceMap.forUser("alice", 1001, 1002, subuid, subgid,
                Path.of("/usr/bin/newuidmap"), Path.of("/usr/bin/newgidmap"));
        assertEquals("0 1001 1\n1 100000 65536\n65537 165536 4464\n70001 1000 1\n70002 1002 1998\n", m.uidMap());
        assertEquals("0 1002 1\n1 200000 65536\n", m.gidMap());
        for (List<IdMapping> map : List.of(m.uids(), m.gids())) {
            for (IdMapping a : map) {
                for (IdMapping b : map) {
                    if (a != b) {
                        assertFalse(a.outside() < b.outside() + b.count() && b.outside() < a.outside() + a.count(),
                                a.line() + " overlaps " + b.line());
                    }
                }
            }
        }
    }

    /** Root of a pod with hostUsers: false (podman --uidmap 0:300000:65536, then two ranges). */
    @Test
    void rootInAUserNamespaceMapsEveryIdOfItsNamespaceToItselfWithoutPrograms() {
        UserNamespaceMap m = UserNamespaceMap.ownNamespace("         0     300000      65536\n",
                "         0     300000       1000\n      1000     400000      64536\n");
        assertEquals("0 0 65536\n", m.uidMap());
        assertEquals("0 0 1000\n1000 1000 64536\n", m.gidMap());
        assertFalse(m.usesPrograms(), "root there holds CAP_SETUID and CAP_SETGID: written directly");
        assertFalse(m.deniesSetgroups());
        assertFalse(m.isSingle());
        assertEquals(OptionalLong.of(33), m.hostUid(33));
        assertEquals(OptionalLong.empty(), m.hostUid(65536), "an id the pod does not have stays unmapped");
    }

    @Test
    void withoutRangesOrProgramsOnlyTheUsersOwnIdsAreMapped() throws IOException {
        Path subuid = Files.writeString(dir.resolve("subuid"), "alice:100000:65536\n");
        UserNamespaceMap noFile = UserNamespaceMap.forUser("alice", 1001, 1002, subuid, dir.resolve("missing"),
                Path.of("/usr/bin/newuidmap"), Path.of("/usr/bin/newgidmap"));
        UserNamespaceMap noProgram = UserNamespaceMap.forUser("alice", 1001, 1002, subuid, subuid, null, null);
        for (UserNamespaceMap m : List.of(noFile, noProgram)) {
            assertTrue(m.isSingle());
            assertFalse(m.usesPrograms());
            assertEquals("0 1001 1\n", m.uidMap());
            assertEquals("0 1002 1\n", m.gidMap());
            assertEquals(OptionalLong.empty(), m.hostUid(1));
        }
    }

    @Test
    void realIdsComeFromTheStatusFile() {
        long[] ids = InvokingUser.realIds("Name:\tjava\nUid:\t1001\t1001\t1001\t1001\nGid:\t1002\t1002\t1002\t1002\n");
        assertEquals(1001, ids[0]);
        assertEquals(1002, ids[1]);
    }
}
