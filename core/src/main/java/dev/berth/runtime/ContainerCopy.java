package dev.berth.runtime;

import dev.berth.PathStat;
import java.util.Optional;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code docker cp} on one container, whichever way its files are reached: with root, on a
 * thread whose root is the container's ({@link ContainerFiles}); without root, through a
 * {@code tar} in the running container ({@link ContainerTar}). Paths are absolute container
 * paths and resolve inside the container, symlinks included, either way.
 */
public interface ContainerCopy {
    /** Writes {@code content} ({@code size} bytes) to file {@code path} with {@code mode}, making its parents. */
    void write(String path, InputStream content, long size, int mode) throws Exception;

    /** Copies file {@code path} to {@code out}. */
    void read(String path, OutputStream out) throws Exception;

    /** Unpacks the tar {@code archive} into directory {@code dir}. */
    void extract(InputStream archive, String dir) throws Exception;

    /** Writes {@code path} (a file or a tree) as a tar whose entries start with its last name. */
    void archive(String path, OutputStream out) throws Exception;

    /** What {@code path} is, its last symlink not followed; empty when it does not exist. */
    Optional<PathStat> stat(String path) throws Exception;

    /** Through the container's root as this thread's root. */
    static ContainerCopy through(RootAccess root) {
        return new ContainerFiles(root);
    }

    /** Through a tar that {@code exec} runs in the container as its root. */
    static ContainerCopy through(ContainerTar.Exec exec) {
        return new ContainerTar(exec);
    }
}
