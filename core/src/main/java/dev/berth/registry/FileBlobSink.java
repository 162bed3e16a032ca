package dev.berth.registry;

import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link BlobSink} that writes to a temporary file in the target's directory and, on commit,
 * forces it to disk and renames it atomically to the target (or leaves the forcing to the
 * caller, {@link #syncedByCaller}); on discard it deletes the temporary file. The target never holds unverified bytes. The client side of the distribution
 * spec's <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>.
 */
public final class FileBlobSink implements BlobSink {
    /**
     * How many bytes are written between two starts of writeback: the commit's fsync then finds
     * most of a large blob already on its way to disk instead of writing it all while the
     * pull waits.
     */
    private static final long WRITEBACK_EVERY = 8L << 20;
    /** How many bytes a sink synced by its caller writes between two {@link FlushAhead} requests. */
    private static final long FLUSH_AHEAD_EVERY = 8L << 20;

    private final Path target;
    private final boolean sync;
    private Path temp;
    private FileChannel channel;
    private long unflushed;
    private long unflushedAhead;

    FileBlobSink(Path target) {
        this(target, true);
    }

    private FileBlobSink(Path target, boolean sync) {
        this.target = target.toAbsolutePath();
        this.sync = sync;
    }

    /**
     * A sink whose commit renames without fsync: for a caller that keeps the target out of sight
     * until it has made it durable itself, as a pull does for all its blobs at once (one sync for
     * the blobs and the unpacked layers instead of one per blob, #20).
     */
    public static FileBlobSink syncedByCaller(Path target) {
        return new FileBlobSink(target, false);
    }

    /** Where the blob will be once committed. */
    public Path target() {
        return target;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        FileChannel ch = channel();
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
        unflushed += length;
        if (unflushed >= WRITEBACK_EVERY) {
            unflushed = 0;
            startWriteback();
        }
        if (!sync) {
            unflushedAhead += length;
            if (unflushedAhead >= FLUSH_AHEAD_EVERY) {
                unflushedAhead = 0;
                FlushAhead.request(temp);
            }
        }
    }

    private void startWriteback() {
        try {
            Syscalls sys = LinuxSyscalls.get();
            int fd = sys.openat(Syscalls.AT_FDCWD, temp.toString(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
            try {
                sys.startWriteback(fd);
            } finally {
                sys.close(fd);
            }
        } catch (RuntimeException e) {
            // only an optimisation: commit's fsync writes it all the same
        }
    }

    @Override
    public void restart() throws IOException {
        unflushed = 0;
        unflushedAhead = 0;
        channel().truncate(0).position(0);
    }

    @Override
    public void commit() throws IOException {
        FileChannel ch = channel();
        if (sync) {
            ch.force(true);
        } else if (unflushed > 0) {
            startWriteback(); // the tail since the last start: the caller's sync then finds it on its way
        }
        ch.close();
        AtomicFile.rename(temp, target);
        temp = null;
    }

    @Override
    public void discard() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // Best effort: a leftover temp file is harmless and has a recognisable name.
        }
        temp = null;
    }

    private FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".partial");
            channel = FileChannel.open(temp, StandardOpenOption.WRITE);
        }
        return channel;
    }
}
