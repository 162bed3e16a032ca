package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostRoutesTest {
    /** /proc/net/route prints each __be32 as a host-order (little-endian here) hex number. */
    private static final List<String> TABLE = List.of(
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
            "eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
            "eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
            "berthab\t0000E70A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");

    @Test
    void parsesDestinationsAndPrefixes() {
        HostRoutes r = HostRoutes.parse(TABLE);
        assertEquals(new HostRoutes.Route("eth0", 0, 0), r.routes().get(0));
        assertEquals(new HostRoutes.Route("eth0", 0xc0a80000L, 24), r.routes().get(1));
        assertEquals(new HostRoutes.Route("berthab", 0x0ae70000L, 24), r.routes().get(2));
    }

    @Test
    void overlapIgnoresTheDefaultRouteAndTheNetworksOwnBridge() {
        HostRoutes r = HostRoutes.parse(TABLE);
        assertEquals("eth0", r.overlapping(Subnet.parse("192.168.0.0/16"), "x"));
        assertEquals("berthab", r.overlapping(Subnet.parse("10.231.0.0/24"), "berthcd"));
        assertNull(r.overlapping(Subnet.parse("10.231.0.0/24"), "berthab"));
        assertNull(r.overlapping(Subnet.parse("10.232.0.0/24"), "x"));
    }
}
