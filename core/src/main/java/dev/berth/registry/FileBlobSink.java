package dev.berth.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A {@link BlobSink} that writes to a temporary file in the target's directory and, on commit,
 * forces it to disk and renames it atomically to the target; on discard it deletes the
 * temporary file. The target never holds unverified bytes. The client side of the distribution
 * spec's <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>.
 */
public final class FileBlobSink implements BlobSink {
    private final Path target;
    private Path temp;
    private FileChannel channel;

    FileBlobSink(Path target) {
        this.target = target.toAbsolutePath();
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
    }

    @Override
    public void restart() throws IOException {
        channel().truncate(0).position(0);
    }

    @Override
    public void commit() throws IOException {
        FileChannel ch = channel();
        ch.force(true);
        ch.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
