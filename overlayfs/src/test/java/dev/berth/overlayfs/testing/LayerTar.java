package dev.berth.overlayfs.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A layer tar built in memory by a test, honest or hostile: any name, type, size or link target,
 * written with Commons Compress in PAX form.
 */
public final class LayerTar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;
    private long mtime = 1_700_000_000L;

    public LayerTar() {
        tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    private TarArchiveEntry entry(String name, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setModTime(mtime * 1000);
        return e;
    }

    private LayerTar put(TarArchiveEntry e, byte[] data) {
        try {
            tar.putArchiveEntry(e);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    public LayerTar mtime(long epochSeconds) {
        this.mtime = epochSeconds;
        return this;
    }

    public LayerTar dir(String name, int mode) {
        TarArchiveEntry e = entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        e.setMode(mode);
        return put(e, null);
    }

    public LayerTar dir(String name) {
        return dir(name, 0755);
    }

    public LayerTar file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
    }

    public LayerTar file(String name, byte[] content, int mode, int uid, int gid) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL);
        e.setMode(mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setSize(content.length);
        return put(e, content);
    }

    /** A file whose content is set by {@code xattrs} too (SCHILY.xattr.* PAX headers). */
    public LayerTar fileWithXattr(String name, String content, String xattr, String value) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setMode(0644);
        e.setSize(data.length);
        e.addPaxHeader("SCHILY.xattr." + xattr, value);
        return put(e, data);
    }

    public LayerTar symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0777);
        return put(e, null);
    }

    public LayerTar hardlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return put(e, null);
    }

    public LayerTar charDevice(String name, int major, int minor) {
        return device(name, TarConstants.LF_CHR, 0666, major, minor);
    }

    public LayerTar blockDevice(String name, int major, int minor) {
        return device(name, TarConstants.LF_BLK, 0660, major, minor);
    }

    private LayerTar device(String name, byte type, int mode, int major, int minor) {
        TarArchiveEntry e = entry(name, type);
        e.setMode(mode);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return put(e, null);
    }

    public LayerTar fifo(String name) {
        TarArchiveEntry e = entry(name, TarConstants.LF_FIFO);
        e.setMode(0600);
        return put(e, null);
    }

    /** {@code .wh.NAME} in the directory of {@code path}. */
    public LayerTar whiteout(String path) {
        int i = path.lastIndexOf('/');
        String dir = i < 0 ? "" : path.substring(0, i + 1);
        return file(dir + ".wh." + path.substring(i + 1), "");
    }

    /** {@code dir/.wh..wh..opq}. */
    public LayerTar opaque(String dir) {
        return file((dir.isEmpty() ? "" : dir + "/") + ".wh..wh..opq", "");
    }

    /** A regular file header that declares {@code size} bytes but is followed by only {@code actual}. */
    public LayerTar lyingFile(String name, long size, int actual) {
        try {
            TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL);
            e.setMode(0644);
            e.setSize(size);
            tar.putArchiveEntry(e);
            tar.write(new byte[actual]);
            // Bypass closeArchiveEntry's size check: write the raw stream as it is and stop.
            tar.flush();
            return this;
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** The tar bytes, finished. */
    public byte[] bytes() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return bytes.toByteArray();
    }

    /** The tar bytes without end-of-archive blocks (after {@link #lyingFile}). */
    public byte[] unfinished() {
        try {
            tar.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return bytes.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    public static byte[] zstd(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new com.github.luben.zstd.ZstdOutputStream(out)) {
            z.write(data);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    public static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
