package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class RtMessageTest {
    @Test
    void framesHeaderFamilyHeaderAndPaddedNestedAttributes() {
        byte[] m = RtMessage.link(RtMessage.RTM_NEWLINK, RtMessage.NLM_F_CREATE, 7, 1, 1)
                .attr(3, "br0").begin(18).attr(1, "bridge").end().bytes();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        // nlmsghdr(16) + ifinfomsg(16) + IFLA_IFNAME(4+4) + IFLA_LINKINFO(4 + KIND(4+7, padded to 12))
        assertEquals(16 + 16 + 8 + 16, m.length);
        assertEquals(m.length, b.getInt(0));
        assertEquals(RtMessage.RTM_NEWLINK, b.getShort(4));
        assertEquals(RtMessage.NLM_F_CREATE | RtMessage.NLM_F_REQUEST | RtMessage.NLM_F_ACK, b.getShort(6));
        assertEquals(7, b.getInt(16 + 4));
        assertEquals(1, b.getInt(16 + 8));
        assertEquals(8, b.getShort(32));
        assertEquals(3, b.getShort(34));
        assertEquals("br0", new String(m, 36, 3));
        assertEquals(16, b.getShort(40)); // the nest's length covers its padded child
        assertEquals(18, b.getShort(42));
        assertEquals(11, b.getShort(44)); // the child's length excludes its padding
        assertEquals("bridge", new String(m, 48, 6));
    }

    @Test
    void routeRequestsTheMainTableAsUnicast() {
        byte[] m = RtMessage.route(0).attr(5, new byte[] {10, 0, 0, 1}).bytes();
        assertEquals(2, m[16]);     // AF_INET
        assertEquals(0, m[17]);     // default route: /0
        assertEquals((byte) 254, m[20]); // RT_TABLE_MAIN
        assertEquals(1, m[23]);     // RTN_UNICAST
        assertEquals(16 + 12 + 8, m.length);
    }
}
