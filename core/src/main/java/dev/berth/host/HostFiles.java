package dev.berth.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files and environment the host detection reads ({@code /proc/self/mountinfo},
 * {@code /proc/self/status}, namespace links, {@code /dev/fuse}). {@link #system()} reads the
 * real ones; tests give recorded ones, as the syscall layer has real and recording implementations.
 */
public interface HostFiles {
    /** The text of a file, or empty when it is missing or unreadable. */
    Optional<String> read(String path);

    /** The target of a symbolic link (such as {@code /proc/self/ns/cgroup}), or empty when it cannot be read. */
    Optional<String> link(String path);

    /** Whether the path exists (not following a last symbolic link). */
    boolean exists(String path);

    /** An environment variable, or empty. */
    Optional<String> env(String name);

    /** This host's real files. */
    static HostFiles system() {
        return SystemFiles.INSTANCE;
    }

    /** The real files and environment. */
    enum SystemFiles implements HostFiles {
        INSTANCE;

        @Override
        public Optional<String> read(String path) {
            // a stream, not Files.readString: that reads /proc/sys files short ("40" came back as "4")
            try (java.io.InputStream in = Files.newInputStream(Path.of(path))) {
                return Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public Optional<String> link(String path) {
            try {
                return Optional.of(Files.readSymbolicLink(Path.of(path)).toString());
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean exists(String path) {
            return Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public Optional<String> env(String name) {
            return Optional.ofNullable(System.getenv(name));
        }
    }
}
