package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpLiteralTest {
    @Test
    void ipv4AndIpv6LiteralsParseToTheirAddress() throws Exception {
        assertEquals(InetAddress.getByAddress(new byte[] {10, 0, 0, 2}), IpLiteral.parse("10.0.0.2"));
        assertInstanceOf(Inet6Address.class, IpLiteral.parse("fd00::1"));
        assertEquals(InetAddress.getByName("::1"), IpLiteral.parse("0:0:0:0:0:0:0:1"));
        // An IPv4-mapped IPv6 literal is the IPv4 address, as the JDK has it.
        assertInstanceOf(Inet4Address.class, IpLiteral.parse("::ffff:10.0.0.2"));
    }

    @Test
    void anIpv6ZoneIsIgnoredEvenWhenNoInterfaceHereHasItsName() throws Exception {
        InetAddress linkLocal = InetAddress.getByName("fe80::1");
        assertEquals(linkLocal, IpLiteral.parse("fe80::1%eth0"));
        assertEquals(linkLocal, IpLiteral.parse("fe80::1%no-such-interface"));
        assertEquals(linkLocal, IpLiteral.parse("fe80::1%3"));
        assertNull(IpLiteral.parse("10.0.0.2%eth0"), "IPv4 has no zones");
        assertNull(IpLiteral.parse("%eth0"));
    }

    @Test
    void namesAndMalformedLiteralsAreNotAddresses() {
        for (String text : new String[] {"localhost", "db.example.com", "", "10.0.0", "10.0.0.2.1", "256.0.0.1",
                "10.0.0.-1", "[::1]", "fd00::g", "1::2::3", " 10.0.0.2"}) {
            assertNull(IpLiteral.parse(text), text);
        }
    }

    @Test
    void ipv4OctetsWithLeadingZerosAreRefusedAsSomeReadersTakeThemForOctal() {
        assertNull(IpLiteral.parse("010.0.0.1"));
        assertNull(IpLiteral.parse("10.0.0.01"));
    }
}
