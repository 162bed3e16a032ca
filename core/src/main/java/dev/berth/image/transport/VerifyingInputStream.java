package dev.berth.image.transport;

import dev.berth.image.Digest;
import dev.berth.image.DigestMismatchException;
import dev.berth.image.oci.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a blob's bytes through while hashing them; at the end of the stream (or {@link #verify()})
 * fails with a {@link DigestMismatchException} when they do not match the descriptor's digest, or with
 * an {@link IOException} when their count differs from its size. For destinations that write a blob
 * somewhere no one can check it afterwards (a tar, a registry upload).
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Descriptor blob;
    private final String source;
    private final MessageDigest hash;
    private long count;
    private boolean verified;

    public VerifyingInputStream(InputStream in, Descriptor blob, String source) throws IOException {
        super(in);
        if (!blob.digest().isVerifiable()) {
            throw new IOException("cannot copy " + source + ": digest algorithm of " + blob.digest() + " cannot be verified");
        }
        this.blob = blob;
        this.source = source;
        this.hash = blob.digest().newMessageDigest();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            hash.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            verify();
        } else {
            hash.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a verified stream cannot skip");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what is left and checks digest and size; idempotent. */
    public void verify() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        in.transferTo(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                hash.update((byte) b);
                count++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                hash.update(b, off, len);
                count += len;
            }
        });
        byte[] result = hash.digest();
        if (!blob.digest().matches(result)) {
            Digest got = Digest.parse(blob.digest().algorithm() + ":" + java.util.HexFormat.of().formatHex(result));
            throw new DigestMismatchException(blob.digest(), got, count, source);
        }
        if (blob.size() >= 0 && count != blob.size()) {
            throw new IOException(source + " has " + count + " bytes, but its descriptor says " + blob.size()
                    + " (truncated?)");
        }
    }
}
