package dev.berth.build.context;

import dev.berth.overlayfs.FileStat;
import java.nio.file.Path;

/**
 * One entry a COPY reads: its path in its tree ({@code ""} for the root, no leading slash), the
 * real file that holds its content or link target, and its lstat (never followed).
 */
public record SourceFile(String path, Path file, FileStat stat) {
    /** The last path element. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
