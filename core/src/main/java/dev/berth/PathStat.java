package dev.berth;

import java.time.Instant;

/**
 * What a path in a container is, without following a symlink at its end, as the Engine API's
 * {@code HEAD /containers/{id}/archive} reports it in {@code X-Docker-Container-Path-Stat}
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerArchiveInfo">ContainerArchiveInfo</a>).
 * Made by {@link Container#statPath(String)}.
 *
 * @param name the last name of the path ({@code /} for the root)
 * @param size its size in bytes (a symlink's: its target's length)
 * @param mode its {@code st_mode}: the file type bits ({@code S_IFDIR}, {@code S_IFLNK}, ...) and the permission bits
 * @param modified its modification time
 * @param linkTarget for a symlink, the container path it resolves to; otherwise empty
 */
public record PathStat(String name, long size, int mode, Instant modified, String linkTarget) {
    /** {@code S_IFMT}: the file type bits of a mode. */
    public static final int TYPE_MASK = 0170000;
    /** {@code S_IFDIR}. */
    public static final int DIRECTORY = 0040000;
    /** {@code S_IFLNK}. */
    public static final int SYMLINK = 0120000;

    /** Whether it is a directory. */
    public boolean isDirectory() {
        return (mode & TYPE_MASK) == DIRECTORY;
    }

    /** Whether it is a symlink. */
    public boolean isSymlink() {
        return (mode & TYPE_MASK) == SYMLINK;
    }
}
