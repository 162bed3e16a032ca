package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The iptables backend against the host's real iptables (as root; skipped where it does not work). */
@RequiresRoot("writes chains into the host's iptables nat table")
class IptablesRulesTest {
    private static final String NAME = "berth_t" + (ProcessHandle.current().pid() % 1_000_000);

    @Test
    void fillsItsChainsJumpsToThemOnceAndRemovesEverythingWhenUnused() throws Exception {
        Assumptions.assumeTrue(Tools.works("iptables", "-t", "nat", "-S"), "iptables does not work here");
        IptablesRules rules = new IptablesRules(NAME);
        String chain = NAME.toUpperCase(java.util.Locale.ROOT);
        NetworkRecord.Endpoint e = new NetworkRecord.Endpoint("c".repeat(64), "web", "web", List.of(), "10.231.200.2",
                "berthvcccccccc", List.of(new NetworkRecord.PortMapping("tcp", 41234, 80),
                        new NetworkRecord.PortMapping("tcp", 41235, 81, "127.0.0.1")), false);
        NetworkRecord net = new NetworkRecord("t", "10.231.200.0/24", false, "berthtestbr0", List.of(e));
        try {
            rules.apply(List.of(net));
            rules.apply(List.of(net)); // a second apply refills, it does not add
            String all = Tools.run(null, "iptables", "-t", "nat", "-S");
            assertEquals(1, count(all, "-A " + chain + "_OUT -p tcp -m addrtype --dst-type LOCAL -m tcp --dport 41234 -j DNAT --to-destination 10.231.200.2:80"), all);
            assertEquals(1, count(all, "-A " + chain + "_OUT -d 127.0.0.1/32 -p tcp -m tcp --dport 41235 -j DNAT --to-destination 10.231.200.2:81"), all);
            assertEquals(1, count(all, "-A OUTPUT -j " + chain + "_OUT"), all);
            assertEquals(1, count(all, "-A PREROUTING -j " + chain + "_PRE"), all);
            assertTrue(all.contains("-A " + chain + "_POST -s 10.231.200.0/24 ! -o berthtestbr0 -j MASQUERADE"), all);
        } finally {
            rules.apply(List.of());
        }
        assertTrue(!Tools.run(null, "iptables", "-t", "nat", "-S").contains(chain), "chains left");
    }

    private static int count(String text, String line) {
        return (int) text.lines().filter(line::equals).count();
    }
}
