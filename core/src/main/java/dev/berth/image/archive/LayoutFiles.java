package dev.berth.image.archive;

import java.io.IOException;
import java.io.InputStream;

/** The files of an image layout or archive by relative name, from a tar or a directory. Errors name the file. */
interface LayoutFiles extends AutoCloseable {
    /** {@code name} with where it is, for messages: {@code index.json in oci-archive /tmp/a.tar}. */
    String describe(String name);

    boolean has(String name);

    long size(String name) throws IOException;

    InputStream open(String name) throws IOException;

    /** A small JSON document, read whole. */
    byte[] readDocument(String name) throws IOException;

    @Override
    void close() throws IOException;
}
