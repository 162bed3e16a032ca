package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SubnetTest {
    @Test
    void parsesCidrWithGatewayAddressesAndOffsets() throws Exception {
        Subnet s = Subnet.parse("10.89.4.0/24");
        assertEquals("10.89.4.0/24", s.toString());
        assertEquals(256, s.size());
        assertEquals("10.89.4.1", s.gateway().getHostAddress());
        assertEquals("10.89.4.254", s.address(254).getHostAddress());
        assertEquals(7, s.offsetOf((Inet4Address) InetAddress.getByName("10.89.4.7")));
        assertEquals(-1, s.offsetOf((Inet4Address) InetAddress.getByName("10.89.5.7")));
        assertThrows(IllegalArgumentException.class, () -> s.address(255)); // broadcast
        assertThrows(IllegalArgumentException.class, () -> s.address(0)); // network
    }

    @Test
    void overlapIsDecidedOnTheShorterPrefix() {
        assertTrue(Subnet.parse("10.0.0.0/8").overlaps(Subnet.parse("10.200.3.0/24")));
        assertTrue(Subnet.parse("10.200.3.0/24").overlaps(Subnet.parse("10.0.0.0/8")));
        assertFalse(Subnet.parse("10.200.3.0/24").overlaps(Subnet.parse("10.200.4.0/24")));
        assertFalse(Subnet.parse("192.168.0.0/16").overlaps(Subnet.parse("172.16.0.0/12")));
    }

    @Test
    void invalidSubnetsAreRefusedNamingTheTextAndTheProblem() {
        assertMessage("10.0.0.0", "expected IPv4 CIDR");
        assertMessage("fd00::/64", "expected IPv4 CIDR");
        assertMessage("10.0.0.0/33", "prefix length must be 8 to 29");
        assertMessage("10.0.0.0/30", "prefix length must be 8 to 29");
        assertMessage("10.0.0.0/4", "prefix length must be 8 to 29");
        assertMessage("256.0.0.0/8", "256 is not an octet");
        assertMessage("10.0.0.1/24", "host bits are set (did you mean 10.0.0.0/24?)");
        assertMessage("127.0.0.0/8", "loopback");
        assertMessage("169.254.0.0/16", "link-local");
        assertMessage("224.0.0.0/8", "multicast");
        assertMessage("0.0.0.0/8", "reserved");
    }

    private static void assertMessage(String cidr, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Subnet.parse(cidr));
        assertTrue(e.getMessage().startsWith("invalid subnet \"" + cidr + "\""), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
