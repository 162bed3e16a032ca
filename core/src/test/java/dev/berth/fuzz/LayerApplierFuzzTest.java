package dev.berth.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.apply.LayerApplier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Fuzzes the tar layer applier (image-spec
 * <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">layer.md</a>): a layer
 * is applied into a fresh directory of a {@link LayerBox}, and whatever it holds, the applier
 * either succeeds or throws the documented {@link LayerException}, and nothing is written outside
 * the layer directory. {@link #rawLayer} takes the bytes as the blob (tar, gzip or zstd by their
 * magic); {@link #hostileTar} builds a well-formed tar from hostile pieces (.., absolute paths,
 * whiteouts, symlinks and hardlinks pointing out, devices) so the fuzzer reaches past the tar
 * header checks. Seeds in {@code LayerApplierFuzzTestInputs/<method>/}; fuzz with {@code bench/fuzz.sh}.
 */
class LayerApplierFuzzTest {
    private static final String[] NAMES = {"a", "b", "..", ".", "/", "etc", "x", ".wh.a", ".wh..wh..opq", ".wh.", "link",
        "/tmp/berth-fuzz-escape", "../outside", "lnk", "a/b", "", "//", "\u00e9", "a\u0000b"};
    private static final byte[] TYPES = {TarConstants.LF_NORMAL, TarConstants.LF_DIR, TarConstants.LF_SYMLINK,
        TarConstants.LF_LINK, TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO, TarConstants.LF_CONTIG, TarConstants.LF_GNUTYPE_SPARSE};

    private static LayerBox box;
    private static final LayerApplier APPLIER = LayerApplier.builder(Host.system()).maxEntries(256).maxBytes(1 << 20).build();

    private static synchronized LayerBox box() throws IOException {
        if (box == null) {
            box = new LayerBox();
        }
        return box;
    }

    @FuzzTest(maxDuration = "5m")
    void rawLayer(byte[] blob) throws IOException {
        apply(blob, null);
    }

    @FuzzTest(maxDuration = "5m")
    void hostileTar(FuzzedDataProvider data) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            int entries = data.consumeInt(0, 12);
            for (int i = 0; i < entries && data.remainingBytes() > 0; i++) {
                byte type = data.pickValue(TYPES);
                String name = path(data);
                TarArchiveEntry e = new TarArchiveEntry(name, type);
                if (type == TarConstants.LF_LINK || type == TarConstants.LF_SYMLINK) {
                    e.setLinkName(path(data));
                }
                e.setMode(data.consumeInt(0, 07777));
                e.setIds(data.consumeInt(0, 70000), data.consumeInt(0, 70000));
                if (type == TarConstants.LF_CHR || type == TarConstants.LF_BLK) {
                    e.setDevMajor(data.consumeInt(0, 300));
                    e.setDevMinor(data.consumeInt(0, 300));
                }
                if (data.consumeBoolean()) {
                    e.addPaxHeader("SCHILY.xattr." + data.pickValue(new String[] {"user.a", "trusted.overlay.opaque",
                        "security.capability", "user.overlay.opaque"}), data.consumeString(8));
                }
                byte[] content = type == TarConstants.LF_NORMAL ? data.consumeBytes(data.consumeInt(0, 256)) : new byte[0];
                e.setSize(content.length);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        } catch (IllegalArgumentException | IOException unwritable) {
            return; // commons-compress refused to write the entry: no layer to test
        }
        apply(tar.toByteArray(), "application/vnd.oci.image.layer.v1.tar");
    }

    private static String path(FuzzedDataProvider data) {
        StringBuilder s = new StringBuilder();
        for (int n = data.consumeInt(1, 4); n > 0; n--) {
            s.append(s.length() > 0 ? "/" : "").append(data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(6));
        }
        return s.toString();
    }

    private static void apply(byte[] blob, String mediaType) throws IOException {
        LayerBox b = box();
        try {
            APPLIER.apply(new ByteArrayInputStream(blob), mediaType, b.target(), null);
        } catch (LayerException documented) {
            // the one exception the applier may throw for bad input
        } finally {
            b.checkAndClear();
        }
    }
}
