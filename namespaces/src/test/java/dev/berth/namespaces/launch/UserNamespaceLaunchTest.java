package dev.berth.namespaces.launch;

import static dev.berth.namespaces.launch.SpecDecoder.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.userns.IdMapping;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The user-namespace part of a launch: maps in the spec, credentials the map must carry, the ownership pass. */
class UserNamespaceLaunchTest {
    private static final UserNamespaceMap FULL = UserNamespaceMap.withPrograms(
            List.of(new IdMapping(0, 1001, 1), new IdMapping(1, 100000, 65536)),
            List.of(new IdMapping(0, 1001, 1), new IdMapping(1, 100000, 65536)),
            Path.of("/usr/bin/newuidmap"), Path.of("/usr/bin/newgidmap"));

    private static ProcessSpec.Builder spec() {
        return ProcessSpec.builder("sh").namespaces(Set.of(Namespace.Type.MNT, Namespace.Type.PID))
                .user(1000, 1000).groups(List.of(10, 20));
    }

    @Test
    void aFullMapIsWrittenThroughTheProgramsAndKeepsGroups() {
        ProcessSpec s = spec().userNamespace(FULL).build();
        UserNamespaceLaunch plan = UserNamespaceLaunch.of(s, false);
        var recs = SpecDecoder.decode(SpecEncoder.encode(s, List.of(), List.of(), 0, plan));
        assertEquals(0x10000000L | 0x00020000L | 0x20000000L, tagged(recs, SpecEncoder.TAG_NAMESPACES).get(0).u64());
        assertEquals("/usr/bin/newuidmap", tagged(recs, SpecEncoder.TAG_UID_MAP_PROGRAM).get(0).string());
        assertEquals("/usr/bin/newgidmap", tagged(recs, SpecEncoder.TAG_GID_MAP_PROGRAM).get(0).string());
        assertEquals("0 1001 1\n1 100000 65536\n", tagged(recs, SpecEncoder.TAG_UID_MAP).get(0).string());
        assertTrue(tagged(recs, SpecEncoder.TAG_SETGROUPS).isEmpty(), "newgidmap leaves setgroups allowed");
        assertEquals(List.of(10, 20), plan.groups());
    }

    @Test
    void aSingleMapDeniesSetgroupsAndDropsTheGroups() {
        ProcessSpec s = spec().user(0, 0).userNamespace(UserNamespaceMap.single(1001, 1002)).build();
        UserNamespaceLaunch plan = UserNamespaceLaunch.of(s, false);
        var recs = SpecDecoder.decode(SpecEncoder.encode(s, List.of(), List.of(), 0, plan));
        assertEquals("deny", tagged(recs, SpecEncoder.TAG_SETGROUPS).get(0).string());
        assertEquals("0 1002 1\n", tagged(recs, SpecEncoder.TAG_GID_MAP).get(0).string());
        assertTrue(tagged(recs, SpecEncoder.TAG_UID_MAP_PROGRAM).isEmpty());
        assertEquals(List.of(), plan.groups());
    }

    @Test
    void aDirectMapOfRootKeepsSetgroupsAndGroups() {
        UserNamespaceMap direct = UserNamespaceMap.direct(List.of(new IdMapping(0, 100000, 65536)),
                List.of(new IdMapping(0, 100000, 65536)));
        ProcessSpec s = spec().userNamespace(direct).build();
        UserNamespaceLaunch plan = UserNamespaceLaunch.of(s, false);
        var recs = SpecDecoder.decode(SpecEncoder.encode(s, List.of(), List.of(), 0, plan));
        assertTrue(tagged(recs, SpecEncoder.TAG_SETGROUPS).isEmpty());
        assertTrue(tagged(recs, SpecEncoder.TAG_UID_MAP_PROGRAM).isEmpty());
        assertEquals("0 100000 65536\n", tagged(recs, SpecEncoder.TAG_UID_MAP).get(0).string());
        assertEquals(List.of(10, 20), plan.groups());
    }

    @Test
    void aUserTheMapDoesNotCoverIsRefusedBeforeAnythingStarts() {
        ProcessSpec s = spec().userNamespace(UserNamespaceMap.single(1001, 1002)).build();
        LaunchException e = assertThrows(LaunchException.class, () -> UserNamespaceLaunch.of(s, false));
        assertTrue(e.getMessage().contains("uid 1000 is not mapped in the user namespace"), e.getMessage());
        assertTrue(e.getMessage().contains("/etc/subuid"), e.getMessage());
        ProcessSpec group = spec().groups(List.of(70000)).userNamespace(FULL).build();
        LaunchException g = assertThrows(LaunchException.class, () -> UserNamespaceLaunch.of(group, false));
        assertTrue(g.getMessage().contains("supplementary gid 70000"), g.getMessage());
    }

    @Test
    void rootWithoutAMapMakesNoUserNamespace() {
        ProcessSpec s = spec().build();
        UserNamespaceLaunch plan = UserNamespaceLaunch.of(s, false);
        assertEquals(null, plan.map());
        assertEquals(s.linux().namespaces().created(), plan.namespaces());
    }

    @Test
    void theOwnershipPassCarriesTheRootTheRecordsAndOnlyAUserNamespace() {
        byte[] bytes = SpecEncoder.encodeOwnership(FULL, Path.of("/store/tmp/x/diff"),
                List.of(new OwnerChange("home/user", 1000, 1000, -1), new OwnerChange("bin/su", 0, 5, 04755)));
        var recs = SpecDecoder.decode(bytes);
        assertEquals(0x10000000L, tagged(recs, SpecEncoder.TAG_NAMESPACES).get(0).u64());
        assertEquals("/store/tmp/x/diff", tagged(recs, SpecEncoder.TAG_CHOWN_ROOT).get(0).string());
        assertTrue(tagged(recs, SpecEncoder.TAG_ARG).isEmpty());
        var chowns = tagged(recs, SpecEncoder.TAG_CHOWN);
        assertEquals(2, chowns.size());
        ByteBuffer b = chowns.get(1).payload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.getInt());
        assertEquals(5, b.getInt());
        assertEquals(04755, b.getInt());
        assertEquals(0, b.getInt());
        byte[] path = new byte[b.remaining()];
        b.get(path);
        assertEquals("bin/su", new String(path, StandardCharsets.UTF_8));
        assertEquals(-1, chowns.get(0).payload().duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(8));
        assertThrows(IllegalArgumentException.class, () -> new OwnerChange("/etc/passwd", 0, 0, -1));
    }
}
