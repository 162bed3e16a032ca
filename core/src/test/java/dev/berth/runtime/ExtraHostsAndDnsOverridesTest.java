package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --add-host} lines ({@link ExtraHosts}) and {@code --dns*} ({@link DnsOverrides}) as Docker writes them. */
class ExtraHostsAndDnsOverridesTest {
    @Test
    void extraHostsAreCheckedWithDockersMessages() {
        ExtraHosts.check("db:10.0.0.1");
        ExtraHosts.check("db=::1");
        ExtraHosts.check("gw:host-gateway");
        assertEquals("bad format for add-host: \"db\"", assertThrows(IllegalArgumentException.class, () -> ExtraHosts.check("db")).getMessage());
        assertEquals("bad format for add-host: \":1.2.3.4\"",
                assertThrows(IllegalArgumentException.class, () -> ExtraHosts.check(":1.2.3.4")).getMessage());
        assertEquals("invalid IP address in add-host: \"010.0.0.1\"",
                assertThrows(IllegalArgumentException.class, () -> ExtraHosts.check("db:010.0.0.1")).getMessage());
    }

    @Test
    void hostGatewayIsTheGatewayOrRefusedWithTheReason(@TempDir Path dir) throws Exception {
        List<ExtraHost> hosts = ExtraHosts.resolve(List.of("gw:host-gateway", "six=[2001:db8::1]"),
                Optional.of(InetAddress.getByName("10.88.0.1")), "unused");
        assertEquals(List.of(new ExtraHost("gw", "10.88.0.1"), new ExtraHost("six", "2001:db8::1")), hosts);
        assertEquals("--add-host gw:host-gateway: no gateway here", assertThrows(IllegalArgumentException.class,
                () -> ExtraHosts.resolve(List.of("gw:host-gateway"), Optional.empty(), "no gateway here")).getMessage());
        Path file = dir.resolve("extra-hosts");
        assertEquals(List.of(), ExtraHosts.read(file));
        ExtraHosts.write(file, hosts);
        assertEquals(hosts, ExtraHosts.read(file));
    }

    @Test
    void dnsOptionsReplaceOnlyWhatIsGiven() {
        String host = "nameserver 10.0.0.53\nsearch corp.example\noptions edns0\n";
        assertEquals("nameserver 9.9.9.9\nsearch corp.example\noptions edns0\n",
                new DnsOverrides(List.of("9.9.9.9"), List.of(), List.of()).apply(host));
        assertEquals("nameserver 10.0.0.53\nsearch a.example\noptions ndots:2\n",
                new DnsOverrides(List.of(), List.of("a.example"), List.of("ndots:2")).apply(host));
        assertEquals("nameserver 10.0.0.53\noptions edns0\n", new DnsOverrides(List.of(), List.of("."), List.of()).apply(host));
        assertEquals("1.2.3 is not an ip address",
                assertThrows(IllegalArgumentException.class, () -> new DnsOverrides(List.of("1.2.3"), List.of(), List.of())).getMessage());
    }
}
