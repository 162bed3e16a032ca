package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NftablesRulesTest {
    private static final NetworkRecord.Endpoint WEB = new NetworkRecord.Endpoint("a".repeat(64), "web", "web", List.of(),
            "10.231.0.2", "berthvaaaaaaaa", List.of(new NetworkRecord.PortMapping("tcp", 41000, 80),
                    new NetworkRecord.PortMapping("udp", 5353, 53)), false);

    @Test
    void replacesTheWholeTableInOneTransaction() {
        NetworkRecord net = new NetworkRecord("berth", "10.231.0.0/24", true, "berth12345678", List.of(WEB));
        NetworkRecord unused = new NetworkRecord("idle", "10.231.1.0/24", true, "berth87654321", List.of());
        String dnat = "    fib daddr type local tcp dport 41000 dnat to 10.231.0.2:80\n"
                + "    fib daddr type local udp dport 5353 dnat to 10.231.0.2:53\n";
        assertEquals("table ip berth_x\ndelete table ip berth_x\n"
                + "table ip berth_x {\n"
                + "  chain guard {\n    type filter hook prerouting priority raw; policy accept;\n"
                + "    iifname \"berth12345678\" ip daddr 127.0.0.0/8 drop\n"
                + "    iifname \"berth12345678\" ip saddr 127.0.0.0/8 drop\n  }\n"
                + "  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n" + dnat + "  }\n"
                + "  chain output {\n    type nat hook output priority -100; policy accept;\n" + dnat + "  }\n"
                + "  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n"
                + "    ip saddr 10.231.0.0/24 oifname != \"berth12345678\" masquerade\n"
                + "    oifname \"berth12345678\" ct status dnat masquerade\n"
                + "  }\n}\n", new NftablesRules("berth_x").script(List.of(net, unused)));
    }

    @Test
    void aPortOnOneAddressMatchesThatAddressOnly() {
        NetworkRecord.Endpoint local = new NetworkRecord.Endpoint("c".repeat(64), "l", "l", List.of(), "10.231.0.4",
                "berthvcccccccc", List.of(new NetworkRecord.PortMapping("tcp", 41002, 8080, "127.0.0.1"),
                        new NetworkRecord.PortMapping("udp", 41002, 53, "0.0.0.0")), false);
        String script = new NftablesRules("berth_x").script(
                List.of(new NetworkRecord("berth", "10.231.0.0/24", true, "berth12345678", List.of(local))));
        assertEquals(true, script.contains("    ip daddr 127.0.0.1 tcp dport 41002 dnat to 10.231.0.4:8080\n"), script);
        assertEquals(true, script.contains("    fib daddr type local udp dport 41002 dnat to 10.231.0.4:53\n"), script);
        assertEquals(false, script.contains("fib daddr type local tcp"), script);
    }

    @Test
    void proxiedPortsGetNoDnatRule() {
        NetworkRecord.Endpoint proxied = new NetworkRecord.Endpoint("b".repeat(64), "p", "p", List.of(), "10.231.0.3",
                "berthvbbbbbbbb", List.of(new NetworkRecord.PortMapping("tcp", 41001, 80)), true);
        String script = new NftablesRules("berth_x").script(
                List.of(new NetworkRecord("berth", "10.231.0.0/24", true, "berth12345678", List.of(proxied))));
        assertEquals(false, script.contains("dnat to"), script);
        assertEquals(true, script.contains("ip saddr 10.231.0.0/24 oifname != \"berth12345678\" masquerade"), script);
    }

    @Test
    void withoutEndpointsTheTableIsOnlyDeleted() {
        NetworkRecord unused = new NetworkRecord("idle", "10.231.1.0/24", true, "berth87654321", List.of());
        assertEquals("table ip berth_x\ndelete table ip berth_x\n", new NftablesRules("berth_x").script(List.of(unused)));
    }
}
