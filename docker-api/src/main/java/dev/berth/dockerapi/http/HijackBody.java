package dev.berth.dockerapi.http;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A hijacked connection (attach, exec start): raw bytes both ways once the response head is
 * sent. {@code fromClient} ends when the client closes its writing side; the connection closes
 * when this returns.
 */
@FunctionalInterface
public interface HijackBody {
    void run(InputStream fromClient, OutputStream toClient) throws Exception;
}
