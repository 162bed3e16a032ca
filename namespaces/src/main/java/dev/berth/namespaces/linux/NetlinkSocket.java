package dev.berth.namespaces.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code NETLINK_ROUTE} socket (<a href="https://man7.org/linux/man-pages/man7/rtnetlink.7.html">rtnetlink(7)</a>):
 * sends one request at a time and collects the kernel's answers up to its ACK or
 * {@code NLMSG_DONE}. A netlink socket acts on the network namespace of the thread that
 * created it, for its whole life, so a socket opened on a thread that has entered a container's
 * network namespace configures that namespace from any thread afterwards. Messages are built
 * by the caller; this class only frames the exchange and turns a negative ACK into a
 * {@link SyscallException}. Not thread-safe: one request at a time.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLM_F_MULTI = 2;

    /** The socket calls, bound separately from {@link LibC} so the syscall layer's core stays small. */
    private interface SocketCalls extends Library {
        SocketCalls INSTANCE = Native.load("libc.so.6", SocketCalls.class);

        int socket(int domain, int type, int protocol);

        long send(int fd, byte[] buf, long len, int flags);

        long recv(int fd, byte[] buf, long len, int flags);

        int close(int fd);
    }

    private final int fd;
    private final byte[] buffer = new byte[1 << 16];
    private int seq;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** A socket in the calling thread's network namespace. */
    public static NetlinkSocket open() {
        int fd = SocketCalls.INSTANCE.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0) {
            throw new SyscallException("socket", "AF_NETLINK NETLINK_ROUTE", Native.getLastError());
        }
        return new NetlinkSocket(fd);
    }

    /**
     * Sends {@code message} (a complete nlmsghdr and payload; its sequence number is set here)
     * and returns the payload-bearing answers (each a whole message, header included) that
     * came before the ACK or DONE. The request must ask for an ACK ({@code NLM_F_ACK}) or be a
     * dump, or this waits forever.
     *
     * @param what names the request in errors, e.g. "create bridge berth0"
     */
    public synchronized List<ByteBuffer> request(byte[] message, String what) {
        int mySeq = ++seq;
        ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).putInt(8, mySeq);
        if (SocketCalls.INSTANCE.send(fd, message, message.length, 0) < 0) {
            throw new SyscallException("netlink send", what, Native.getLastError());
        }
        List<ByteBuffer> answers = new ArrayList<>();
        while (true) {
            long n = SocketCalls.INSTANCE.recv(fd, buffer, buffer.length, 0);
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == Errno.EINTR) {
                    continue;
                }
                throw new SyscallException("netlink recv", what, errno);
            }
            ByteBuffer all = ByteBuffer.wrap(buffer, 0, (int) n).order(ByteOrder.nativeOrder());
            boolean more = false;
            for (int off = 0; off + 16 <= n; ) {
                int len = all.getInt(off);
                int type = all.getShort(off + 4) & 0xffff;
                int flags = all.getShort(off + 6) & 0xffff;
                int msgSeq = all.getInt(off + 8);
                if (len < 16 || off + len > n) {
                    throw new SyscallException("netlink recv", what + ": truncated message", Errno.EINVAL);
                }
                if (msgSeq == mySeq) {
                    if (type == NLMSG_ERROR) {
                        int error = all.getInt(off + 16);
                        if (error != 0) {
                            throw new SyscallException("netlink", what, -error);
                        }
                        return answers;
                    }
                    if (type == NLMSG_DONE) {
                        return answers;
                    }
                    byte[] copy = new byte[len];
                    System.arraycopy(buffer, off, copy, 0, len);
                    answers.add(ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()));
                    more |= (flags & NLM_F_MULTI) != 0;
                }
                off += (len + 3) & ~3;
            }
            if (!more && !answers.isEmpty() && (message[6] & 4) == 0) {
                return answers; // a single answer to a request that asked for no ACK
            }
        }
    }

    @Override
    public void close() {
        SocketCalls.INSTANCE.close(fd);
    }
}
