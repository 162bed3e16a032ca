package dev.berth.build.context;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A tree of files that COPY reads from: the build context, or the merged root of another stage or
 * image. Lookups never follow symlinks, so nothing outside the tree is reached through one.
 */
public interface SourceTree {
    /** What the tree is, for errors: {@code context}, {@code stage build}, ... */
    String description();

    /** The entry at {@code path} (relative, normalized, {@code ""} for the root), if present. */
    Optional<SourceFile> find(String path) throws IOException;

    /** A directory's entries, sorted by name (excluded ones left out); empty for anything else. */
    List<SourceFile> children(SourceFile dir) throws IOException;
}
