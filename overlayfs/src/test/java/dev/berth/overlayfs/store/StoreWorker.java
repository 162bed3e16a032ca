package dev.berth.overlayfs.store;

import dev.berth.namespaces.host.Host;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Another JVM using a store: {@code put ROOT BLOB DIFFID} stores a layer, references it, collects garbage and prints the chain id;
 * {@code stall ROOT BLOB DIFFID} prints "applying" once the first bytes are read and then
 * waits forever, to be killed mid-apply.
 */
public final class StoreWorker {
    private StoreWorker() {
    }

    public static void main(String[] args) throws Exception {
        LayerStore store = LayerStore.open(Path.of(args[1]), Host.system());
        InputStream blob = Files.newInputStream(Path.of(args[2]));
        if (args[0].equals("stall")) {
            blob = new FilterInputStream(blob) {
                private boolean said;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (said) {
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    said = true;
                    int n = super.read(b, off, Math.min(len, 4096));
                    System.out.println("applying");
                    System.out.flush();
                    return n;
                }
            };
        }
        StoredLayer l = store.put(null, args[3], null, blob, "worker " + ProcessHandle.current().pid());
        store.collectGarbage(); // concurrently with the other workers' puts: must not disturb them
        System.out.println(l.chainId());
    }
}
