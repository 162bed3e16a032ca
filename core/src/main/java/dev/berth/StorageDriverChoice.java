package dev.berth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The storage driver that "auto" chose for a home, kept in {@code HOME/storage-driver} with the
 * kernel release it was chosen on ({@code overlay 6.18.0}), so that each new process does not
 * repeat the trial (an overlay mount as root, a trial container without root) before its first
 * container (#17: it was a large part of {@code berth run}). dockerd and podman likewise keep
 * the driver of their store. Another kernel, or a record that cannot be read, chooses again.
 */
final class StorageDriverChoice {
    private final Path file;

    StorageDriverChoice(Path home) {
        this.file = home.resolve("storage-driver");
    }

    /** The driver recorded for this kernel: "overlay" or "vfs"; empty if none is. */
    Optional<String> recorded() {
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            boolean known = parts.length == 2 && (parts[0].equals("overlay") || parts[0].equals("vfs"));
            return known && parts[1].equals(kernel()) ? Optional.of(parts[0]) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: chosen again, and written anew
        }
    }

    /** Records {@code driver} for this kernel, whole or not at all. */
    void record(String driver) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), ".storage-driver", ".tmp");
        try {
            Files.writeString(temp, driver + " " + kernel() + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String kernel() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.UTF_8).trim();
    }
}
