package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NAT rules are rewritten only when what they depend on changed, here or in another JVM. */
class AppliedNatTest {
    private static final NftablesRules NFT = new NftablesRules("berth_x");

    private static NetworkRecord.Endpoint endpoint(char id, String address, List<NetworkRecord.PortMapping> ports) {
        return new NetworkRecord.Endpoint(String.valueOf(id).repeat(64), "c" + id, "c" + id, List.of(), address,
                "berthv" + String.valueOf(id).repeat(8), ports, false);
    }

    private static NetworkRecord bridge(NetworkRecord.Endpoint... endpoints) {
        return new NetworkRecord("bridge", "172.17.0.0/16", true, "berth12345678", List.of(endpoints));
    }

    @Test
    void containersWithoutPublishedPortsLeaveTheInputsAndTheRulesAsTheyWere() {
        List<NetworkRecord> one = List.of(bridge(endpoint('a', "172.17.0.2", List.of())));
        List<NetworkRecord> other = List.of(bridge(endpoint('b', "172.17.0.3", List.of())));
        assertEquals(AppliedNat.inputs(one, Set.of()), AppliedNat.inputs(other, Set.of()));
        assertEquals(NFT.script(one, Set.of()), NFT.script(other, Set.of()));
        // The last one gone, its bridge kept idle: the same rules still.
        List<NetworkRecord> idle = List.of(bridge());
        assertEquals(AppliedNat.inputs(one, Set.of()), AppliedNat.inputs(idle, Set.of("bridge")));
        assertEquals(NFT.script(one, Set.of()), NFT.script(idle, Set.of("bridge")));
        // Not kept: no rules at all.
        assertNotEquals(AppliedNat.inputs(one, Set.of()), AppliedNat.inputs(idle, Set.of()));
        assertFalse(NFT.script(idle, Set.of()).contains("masquerade"));
    }

    @Test
    void aPublishedPortChangesTheInputs() {
        List<NetworkRecord> plain = List.of(bridge(endpoint('a', "172.17.0.2", List.of())));
        List<NetworkRecord> published = List.of(bridge(endpoint('a', "172.17.0.2",
                List.of(new NetworkRecord.PortMapping("tcp", 41000, 80)))));
        List<NetworkRecord> elsewhere = List.of(bridge(endpoint('a', "172.17.0.9",
                List.of(new NetworkRecord.PortMapping("tcp", 41000, 80)))));
        assertNotEquals(AppliedNat.inputs(plain, Set.of()), AppliedNat.inputs(published, Set.of()));
        assertNotEquals(AppliedNat.inputs(published, Set.of()), AppliedNat.inputs(elsewhere, Set.of()));
        assertNotEquals(NFT.script(published, Set.of()), NFT.script(elsewhere, Set.of()));
    }

    @Test
    void rulesAnotherJvmAppliedSinceAreRewrittenAndAFreshJvmRewritesOnce(@TempDir Path home) throws Exception {
        Path networks = Files.createDirectories(home.resolve("networks"));
        AppliedNat here = new AppliedNat(networks);
        AppliedNat there = new AppliedNat(networks);
        String inputs = AppliedNat.inputs(List.of(bridge(endpoint('a', "172.17.0.2", List.of()))), Set.of());
        assertFalse(here.current(inputs), "nothing applied yet");
        here.applied(inputs);
        assertTrue(here.current(inputs));
        assertFalse(here.current(inputs + "x"));
        assertFalse(there.current(inputs), "another JVM does not know what this one applied");
        there.applied(inputs);
        assertFalse(here.current(inputs), "another JVM applied rules since");
        here.applied(inputs);
        assertTrue(here.current(inputs));
        here.forget();
        assertFalse(here.current(inputs), "after a failed apply the rules are unknown");
    }
}
