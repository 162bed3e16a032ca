package dev.berth.network;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds one rtnetlink request: the {@code nlmsghdr}, a fixed family header ({@code ifinfomsg},
 * {@code ifaddrmsg}, {@code rtmsg}) and type-length-value attributes, nested ones included, as
 * <a href="https://man7.org/linux/man-pages/man7/rtnetlink.7.html">rtnetlink(7)</a> and
 * <a href="https://man7.org/linux/man-pages/man7/netlink.7.html">netlink(7)</a> lay them out:
 * native byte order, every attribute padded to 4 bytes. Written here rather than shelling out
 * to {@code ip} so that a container's network costs no process starts.
 */
final class RtMessage {
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_NEWROUTE = 24;
    static final int NLM_F_REQUEST = 1;
    static final int NLM_F_ACK = 4;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    private final ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
    private final Deque<Integer> nests = new ArrayDeque<>();

    private RtMessage(int type, int flags) {
        buf.putInt(0).putShort((short) type).putShort((short) (flags | NLM_F_REQUEST | NLM_F_ACK)).putInt(0).putInt(0);
    }

    /** A request of {@code type} with an {@code ifinfomsg} (AF_UNSPEC) for link {@code index} (0: none). */
    static RtMessage link(int type, int flags, int index, int ifFlags, int ifChange) {
        RtMessage m = new RtMessage(type, flags);
        m.buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(ifFlags).putInt(ifChange);
        return m;
    }

    /** An {@code RTM_NEWADDR} with an {@code ifaddrmsg} (AF_INET) for link {@code index}. */
    static RtMessage address(int prefixLength, int index) {
        RtMessage m = new RtMessage(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
        m.buf.put((byte) 2).put((byte) prefixLength).put((byte) 0).put((byte) 0).putInt(index);
        return m;
    }

    /** An {@code RTM_NEWROUTE} (AF_INET, main table, boot protocol, unicast) to a {@code dstLength} prefix. */
    static RtMessage route(int dstLength) {
        RtMessage m = new RtMessage(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
        m.buf.put((byte) 2).put((byte) dstLength).put((byte) 0).put((byte) 0)
                .put((byte) 254).put((byte) 3).put((byte) 0).put((byte) 1).putInt(0);
        return m;
    }

    RtMessage attr(int type, byte[] value) {
        buf.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        pad();
        return this;
    }

    RtMessage attr(int type, int value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string attribute. */
    RtMessage attr(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[s.length + 1];
        System.arraycopy(s, 0, z, 0, s.length);
        return attr(type, z);
    }

    /** Opens a nested attribute; {@link #end()} closes it. */
    RtMessage begin(int type) {
        nests.push(buf.position());
        buf.putShort((short) 0).putShort((short) type);
        return this;
    }

    /** Raw bytes inside a nest (the {@code ifinfomsg} of a veth peer). */
    RtMessage raw(byte[] bytes) {
        buf.put(bytes);
        return this;
    }

    RtMessage end() {
        int start = nests.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    byte[] bytes() {
        if (!nests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        buf.putInt(0, buf.position());
        ByteArrayOutputStream out = new ByteArrayOutputStream(buf.position());
        out.write(buf.array(), 0, buf.position());
        return out.toByteArray();
    }

    private void pad() {
        while (buf.position() % 4 != 0) {
            buf.put((byte) 0);
        }
    }
}
