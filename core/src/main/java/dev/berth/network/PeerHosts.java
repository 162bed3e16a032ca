package dev.berth.network;

import dev.berth.runtime.EtcFiles;
import dev.berth.runtime.ExtraHost;
import dev.berth.runtime.ExtraHosts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Each container's {@code /etc/hosts} as its networks make it: its own address and hostname, then
 * every peer of every user-defined network it is on by container name, hostname, short id (12
 * digits) and aliases, as Docker's embedded DNS answers on user-defined networks. The default
 * network ({@value Networks#DEFAULT_NETWORK}) resolves no peers, as Docker's default bridge.
 *
 * <p>Why a hosts file kept current rather than a DNS server at 127.0.0.11: a server would need a
 * process or thread of some JVM inside every container's network namespace, and must outlive the
 * JVM that started a detached container; a file needs nothing running and is read by every libc
 * and busybox. Whichever JVM changes a network (join, leave, rename) rewrites the files of every
 * member, from the store's records, under the store's lock.
 *
 * <p>How it is written: the file is bound into the container (a bind of the file, not its
 * directory), so it is rewritten in place; a rename would leave the container on the old inode.
 * The host path {@code containers/ID/etc/hosts} is in a directory no container can reach, and
 * opened without following a symlink. The new text goes in one {@code write} at offset 0, padded
 * with newlines to the old length rather than truncated, so a resolver reading meanwhile sees
 * either text whole, never an empty or cut file (a blank line is nothing to a hosts parser);
 * only a file that grew past 64 KiB of padding is truncated.
 */
final class PeerHosts {
    private static final int MAX_PADDING = 64 << 10;

    private final Path containers;

    PeerHosts(Path containers) {
        this.containers = containers;
    }

    /** Rewrites the hosts file of each of {@code containerIds} from {@code all} networks' records. */
    void write(Set<String> containerIds, List<NetworkRecord> all) throws IOException {
        for (String id : containerIds) {
            NetworkRecord.Endpoint own = null;
            // its --add-host lines first, as Docker writes them before its own name
            List<ExtraHost> peers = new ArrayList<>(ExtraHosts.read(containers.resolve(id).resolve("extra-hosts")));
            for (NetworkRecord r : all) {
                NetworkRecord.Endpoint self = r.endpoints().stream().filter(e -> e.containerId().equals(id)).findFirst().orElse(null);
                if (self == null) {
                    continue;
                }
                if (own == null || "eth0".equals(self.ifname())) {
                    own = self;
                }
                if (r.name().equals(Networks.DEFAULT_NETWORK)) {
                    continue; // Docker's default bridge resolves no names
                }
                for (NetworkRecord.Endpoint p : r.endpoints()) {
                    if (p != self) {
                        namesOf(p).forEach(n -> peers.add(new ExtraHost(n, p.address())));
                    }
                }
            }
            if (own != null) {
                writeInPlace(containers.resolve(id).resolve("etc").resolve("hosts"),
                        EtcFiles.hosts(own.hostname(), InetAddress.getByName(own.address()), peers));
            }
        }
    }

    private static Set<String> namesOf(NetworkRecord.Endpoint p) {
        Set<String> names = new LinkedHashSet<>();
        names.add(p.name());
        names.add(p.hostname());
        names.add(p.containerId().substring(0, 12));
        names.addAll(p.aliases());
        return names;
    }

    /** Writes {@code text} over {@code file} in one write, padded to its old length (see the class comment). */
    static void writeInPlace(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long old = ch.size();
            byte[] out = bytes;
            if (old > bytes.length && old - bytes.length <= MAX_PADDING) {
                out = Arrays.copyOf(bytes, (int) old);
                Arrays.fill(out, bytes.length, out.length, (byte) '\n');
            }
            ByteBuffer b = ByteBuffer.wrap(out);
            while (b.hasRemaining()) {
                ch.write(b, b.position());
            }
            if (ch.size() > out.length) {
                ch.truncate(out.length);
            }
        } catch (NoSuchFileException e) {
            // the container is being created or removed: its start writes the file, or nothing needs it
        }
    }
}
