package dev.berth.namespaces.cgroup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A cgroup could not be found, created, limited, read or removed. The message names the cgroup,
 * the limit or file involved and what is missing or what the kernel answered, so a caller can
 * show it to a user as it is.
 *
 * <p>Unchecked, like the other failures of the Linux layer: most callers can only report it.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html">Control Group v2</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cgroups.html">Control Groups (v1)</a>
 */
public class CgroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with nothing underneath it, such as a controller that this host does not have. */
    public CgroupException(String message) {
        super(message);
    }

    /** A failure caused by an I/O error on a cgroup file; the message should say which file. */
    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kernel's words for an I/O failure, such as "Device or resource busy". */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
