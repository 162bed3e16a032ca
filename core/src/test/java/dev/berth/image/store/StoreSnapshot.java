package dev.berth.image.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every regular file under a store root with its content hash, to show a failed operation changed nothing. */
final class StoreSnapshot {
    private StoreSnapshot() {
    }

    static Map<String, String> of(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().endsWith(".lock")) {
                    files.put(root.relativize(p).toString(), dev.berth.image.Digest.sha256(Files.readAllBytes(p)).toString());
                }
            }
        }
        return files;
    }
}
