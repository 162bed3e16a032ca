package dev.berth.network;

import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.NetlinkSocket;
import dev.berth.namespaces.linux.SyscallException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The link, address and route operations Berth's bridge networking needs, over one rtnetlink
 * socket, hence in that socket's network namespace: what {@code ip link add ... type bridge},
 * {@code ip link add ... type veth peer name eth0 netns N}, {@code ip link set up},
 * {@code ip addr add} and {@code ip route add default via} do
 * (<a href="https://man7.org/linux/man-pages/man7/rtnetlink.7.html">rtnetlink(7)</a>).
 */
final class Links {
    private static final int IFLA_ADDRESS = 1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_MTU = 4;
    private static final int IFLA_MASTER = 10;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_IFALIAS = 20;
    private static final int IFLA_NET_NS_FD = 28;
    private static final int IFLA_INFO_KIND = 1;
    private static final int IFLA_INFO_DATA = 2;
    private static final int VETH_INFO_PEER = 1;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int RTA_GATEWAY = 5;
    private static final int IFF_UP = 1;
    private static final int ENODEV = 19;

    private final NetlinkSocket socket;

    Links(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** The index of link {@code name}, or -1 if there is none. */
    int index(String name) {
        try {
            List<ByteBuffer> answers = socket.request(RtMessage.link(RtMessage.RTM_GETLINK, 0, 0, 0, 0)
                    .attr(IFLA_IFNAME, name).bytes(), "find link " + name);
            return answers.isEmpty() ? -1 : answers.get(0).getInt(16 + 4);
        } catch (SyscallException e) {
            if (e.errno() == ENODEV) {
                return -1;
            }
            throw e;
        }
    }

    /** Creates bridge {@code name} (down) with {@code mtu}; {@code alias} says who made it. */
    int createBridge(String name, int mtu, String alias) {
        socket.request(RtMessage.link(RtMessage.RTM_NEWLINK, RtMessage.NLM_F_CREATE | RtMessage.NLM_F_EXCL, 0, 0, 0)
                .attr(IFLA_IFNAME, name).attr(IFLA_MTU, mtu).attr(IFLA_IFALIAS, alias)
                .begin(IFLA_LINKINFO).attr(IFLA_INFO_KIND, "bridge").end().bytes(), "create bridge " + name);
        return index(name);
    }

    /**
     * Creates veth {@code name} on bridge {@code master} with its peer {@code peer} created
     * directly in the network namespace {@code peerNetnsFd} with hardware address {@code peerMac},
     * both with {@code mtu}.
     */
    void createVeth(String name, int master, int mtu, String peer, int peerNetnsFd, byte[] peerMac) {
        byte[] peerInfo = new byte[16]; // the peer's ifinfomsg: all defaults
        socket.request(RtMessage.link(RtMessage.RTM_NEWLINK, RtMessage.NLM_F_CREATE | RtMessage.NLM_F_EXCL, 0, 0, 0)
                .attr(IFLA_IFNAME, name).attr(IFLA_MTU, mtu).attr(IFLA_MASTER, master)
                .begin(IFLA_LINKINFO).attr(IFLA_INFO_KIND, "veth")
                .begin(IFLA_INFO_DATA).begin(VETH_INFO_PEER).raw(peerInfo)
                .attr(IFLA_IFNAME, peer).attr(IFLA_MTU, mtu).attr(IFLA_ADDRESS, peerMac).attr(IFLA_NET_NS_FD, peerNetnsFd)
                .end().end().end().bytes(), "create veth " + name + " with peer " + peer);
    }

    /** Sets link {@code index} up. */
    void up(int index, String name) {
        socket.request(RtMessage.link(RtMessage.RTM_NEWLINK, 0, index, IFF_UP, IFF_UP).bytes(), "set " + name + " up");
    }

    /** Deletes link {@code name} (a veth takes its peer along); false if there was none. */
    boolean delete(String name) {
        try {
            socket.request(RtMessage.link(RtMessage.RTM_DELLINK, 0, 0, 0, 0).attr(IFLA_IFNAME, name).bytes(),
                    "delete link " + name);
            return true;
        } catch (SyscallException e) {
            if (e.errno() == ENODEV || e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /** {@code ip addr add address/prefix dev index}. */
    void addAddress(int index, Inet4Address address, int prefixLength, String name) {
        socket.request(RtMessage.address(prefixLength, index).attr(IFA_LOCAL, address.getAddress())
                .attr(IFA_ADDRESS, address.getAddress()).bytes(),
                "add address " + address.getHostAddress() + "/" + prefixLength + " to " + name);
    }

    /** {@code ip route add default via gateway}. */
    void addDefaultRoute(Inet4Address gateway) {
        socket.request(RtMessage.route(0).attr(RTA_GATEWAY, gateway.getAddress()).bytes(),
                "add default route via " + gateway.getHostAddress());
    }
}
