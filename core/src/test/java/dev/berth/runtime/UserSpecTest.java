package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserSpecTest {
    static final PasswdFile PASSWD = PasswdFile.parse(bytes("""
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            app:x:1000:1000:App User:/home/app:/bin/sh
            nohome:x:1001:1001:::/bin/sh
            500:x:1500:1500:a user named like a number:/home/n500:/bin/sh
            ghost:x:500:600::/home/ghost
            # a comment, then a line that is not an entry
            not an entry at all
              dup:x:2000:2000::/first:/bin/sh
            dup:x:2001:2001::/second:/bin/sh
            big:x:3000000000:0::/big:/bin/sh
            """));
    static final GroupFile GROUP = GroupFile.parse(bytes("""
            root:x:0:root
            daemon:x:1:
            app:x:1000:
            wheel:x:10:root,app
            video:x:44:app
            staff:x:50:nobody
            700:x:77:
            ghosts:x:600:ghost
            # comment
            junk
            """));

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ExecUser resolve(String value) {
        return UserSpec.parse(value).resolve(PASSWD, GROUP);
    }

    @Test
    void emptyUserIsRootFromPasswdWithItsGroups() {
        assertEquals(new ExecUser(0, 0, List.of(0, 10), "/root"), resolve(""));
        assertEquals(resolve(""), UserSpec.parse(null).resolve(PASSWD, GROUP));
    }

    @Test
    void emptyUserWithoutFilesIsRootWithHomeSlash() {
        assertEquals(new ExecUser(0, 0, List.of(0), "/"), UserSpec.parse("").resolve(PasswdFile.absent(), GroupFile.absent()));
    }

    @Test
    void nameResolvesToItsEntryAndTheGroupsListingIt() {
        assertEquals(new ExecUser(1000, 1000, List.of(1000, 10, 44), "/home/app"), resolve("app"));
        assertEquals(resolve(""), resolve("root"));
    }

    @Test
    void uidWithAnEntryResolvesLikeTheName() {
        assertEquals(resolve("app"), resolve("1000"));
    }

    @Test
    void uidWithoutAnEntryNeedsNoneAndHasHomeSlash() {
        assertEquals(new ExecUser(4242, 0, List.of(0), "/"), resolve("4242"));
    }

    @Test
    void aNumberIsAlwaysAUidNeverAName() {
        // "500" is uid 500 (ghost), not the user named "500".
        assertEquals(new ExecUser(500, 600, List.of(600), "/home/ghost"), resolve("500"));
    }

    @Test
    void explicitGroupByNameOrNumberReplacesTheGidAndDropsSupplementaryGroups() {
        assertEquals(new ExecUser(1000, 44, List.of(44), "/home/app"), resolve("app:video"));
        assertEquals(new ExecUser(1000, 44, List.of(44), "/home/app"), resolve("1000:44"));
        assertEquals(new ExecUser(1000, 12345, List.of(12345), "/home/app"), resolve("app:12345"));
        assertEquals(new ExecUser(4242, 4343, List.of(4343), "/"), resolve("4242:4343"));
        assertEquals(new ExecUser(4242, 44, List.of(44), "/"), resolve("4242:video"));
    }

    @Test
    void aNumericGroupIsAGidNeverAGroupName() {
        assertEquals(700, resolve("app:700").gid()); // not 77, the gid of the group named "700"
    }

    @Test
    void groupWithoutUserKeepsRootFromPasswd() {
        assertEquals(new ExecUser(0, 44, List.of(44), "/root"), resolve(":video"));
    }

    @Test
    void trailingColonIsNoGroup() {
        assertEquals(resolve("app"), resolve("app:"));
    }

    @Test
    void emptyHomeFieldMeansSlash() {
        assertEquals("/", resolve("nohome").home());
    }

    @Test
    void firstMatchingEntryWins() {
        assertEquals(new ExecUser(2000, 2000, List.of(2000), "/first"), resolve("dup"));
    }

    @Test
    void linesThatAreNotEntriesAreSkipped() {
        assertEquals(9, PASSWD.entries().size());
        assertEquals(8, GROUP.entries().size());
        assertEquals("dup", PASSWD.byUid(2000).orElseThrow().name()); // leading blanks trimmed
    }

    @Test
    void unknownNameIsAnErrorLikeRuncs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve("nobody"));
        assertEquals("unable to find user nobody: no matching entries in passwd file", e.getMessage());
    }

    @Test
    void unknownGroupNameIsAnErrorLikeRuncs() {
        for (String v : List.of("app:nogroup", "4242:nogroup")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(v));
            assertEquals("unable to find group nogroup: no matching entries in group file", e.getMessage());
        }
    }

    @Test
    void withoutPasswdNamesFailAndNumbersResolve() {
        UserSpec named = UserSpec.parse("app");
        assertThrows(IllegalArgumentException.class, () -> named.resolve(PasswdFile.absent(), GroupFile.absent()));
        assertEquals(new ExecUser(33, 33, List.of(33), "/"),
                UserSpec.parse("33:33").resolve(PasswdFile.absent(), GroupFile.absent()));
        assertThrows(IllegalArgumentException.class,
                () -> UserSpec.parse("33:www").resolve(PasswdFile.absent(), GroupFile.absent()));
    }

    @Test
    void largestIdIsAccepted() {
        assertEquals(new ExecUser(Integer.MAX_VALUE, Integer.MAX_VALUE, List.of(Integer.MAX_VALUE), "/"),
                resolve("2147483647:2147483647"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b:c", "app ", " app", "ap\tp", "-1", "0:-3", "-5:-2", "2147483648", "1:2147483648",
        "9223372036854775807", "9223372036854775808", "99999999999999999999999:1"})
    void malformedValuesAreRejectedNamingTheValue(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserSpec.parse(value));
        assertTrue(e.getMessage().contains("\"" + value + "\""), e.getMessage());
    }

    @Test
    void entryWithAnOutOfRangeUidIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve("big"));
        assertTrue(e.getMessage().contains("3000000000"), e.getMessage());
    }

    @Test
    void extraGroupsByNameOrNumberFollowWithoutDuplicates() {
        ExecUser u = UserSpec.parse("app").resolve(PASSWD, GROUP, List.of("video", "4000", "wheel", "staff"));
        assertEquals(List.of(1000, 10, 44, 4000, 50), u.additionalGids());
    }

    @Test
    void unknownExtraGroupNameIsAnError() {
        UserSpec app = UserSpec.parse("app");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> app.resolve(PASSWD, GROUP, List.of("missing")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void groupListingTheUserWithAnOutOfRangeGidIsAnError() {
        GroupFile huge = GroupFile.parse(bytes("app:x:1000:\nhuge:x:4000000000:app\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserSpec.parse("app").resolve(PASSWD, huge));
        assertTrue(e.getMessage().contains("huge"), e.getMessage());
    }
}
