package dev.berth.overlayfs.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of one diff that share an inode, so that a link group is written as one file and
 * hardlinks to it, as containerd's ChangeWriter tracks them (its {@code inodeSrc} and
 * {@code inodeRefs};
 * <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md#hardlinks">layer.md, Hardlinks</a>).
 * A name that did not change but shares its inode with one that did (a container ran
 * {@code ln lowerfile newname}) is written as a hardlink to the changed one rather than left
 * out: left out, the layer would make {@code newname} a second, unlinked copy. The layer stays
 * self-contained: a hardlink only names an entry of the same layer, never a lower file.
 */
final class HardlinkGroups {
    /** The name each inode was first written as. */
    private final Map<Long, String> written = new HashMap<>();
    /** Unchanged names of inodes not written yet, to be linked once one of their names is. */
    private final Map<Long, List<String>> waiting = new HashMap<>();

    /** The name {@code ino} was first written as, or null. */
    String writtenAs(long ino) {
        return written.get(ino);
    }

    /**
     * Records that {@code ino} is written in full as {@code path}; returns the unchanged names
     * seen before it, which must now be written as hardlinks to it.
     */
    List<String> first(long ino, String path) {
        written.put(ino, path);
        List<String> w = waiting.remove(ino);
        return w == null ? List.of() : w;
    }

    /** Remembers the unchanged name {@code path} of {@code ino}, which nothing has written yet. */
    void waitFor(long ino, String path) {
        waiting.computeIfAbsent(ino, k -> new ArrayList<>()).add(path);
    }
}
