package dev.berth;

import dev.berth.image.store.ImageNotFoundException;
import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.linux.Errno;

/**
 * A container could not be started, or an operation on it failed. Names the container, its
 * image and the failing step (such as {@code resolve user bob} or {@code execve /bin/nosuch}),
 * like Testcontainers' {@code ContainerLaunchException}
 * (<a href="https://java.testcontainers.org/features/startup_and_waits/">startup and waits</a>).
 * Its {@link #reason()} says what kind of failure it was, for callers that act on it (the
 * {@code berth} tool exits 127 or 126 for a command that is missing or not executable, as
 * Docker does).
 */
public class ContainerException extends RuntimeException {
    /** What kind of failure a {@link ContainerException} is. */
    public enum Reason {
        /** The command (or entrypoint) does not exist in the container: {@code execve} failed with {@code ENOENT}. */
        COMMAND_NOT_FOUND,
        /** The command exists but could not be executed ({@code execve} failed otherwise: permissions, format). */
        COMMAND_NOT_EXECUTABLE,
        /** The image is not in the store. */
        IMAGE_NOT_FOUND,
        /** Any other failure; the message names the step and its cause. */
        OTHER
    }

    private final String container;
    private final String image;
    private final String step;
    private final Reason reason;
    private final String failure;

    public ContainerException(String container, String image, String step, Throwable cause) {
        this(container, image, step, cause.getMessage(), cause);
    }

    private ContainerException(String container, String image, String step, String detail, Throwable cause) {
        // An image not found stops the create before the container exists: its name is not told.
        super((has(cause, ImageNotFoundException.class) ? "image " + image : "container " + container + " (image " + image + ")")
                + ": " + step + ": " + detail, cause);
        this.container = container;
        this.image = image;
        this.step = step;
        LaunchException exec = execFailure(cause);
        this.reason = exec != null ? (exec.errnoName().equals("ENOENT") ? Reason.COMMAND_NOT_FOUND : Reason.COMMAND_NOT_EXECUTABLE)
                : has(cause, ImageNotFoundException.class) ? Reason.IMAGE_NOT_FOUND : Reason.OTHER;
        this.failure = exec == null ? step + ": " + detail
                : exec.errno() == 0 ? exec.step() : exec.step() + ": " + exec.errnoName() + " (" + Errno.message(exec.errno()) + ")";
    }

    /** The launch failure of the command's {@code execve} among the causes, or null. */
    private static LaunchException execFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof LaunchException l && l.step().startsWith("execve")) {
                return l;
            }
        }
        return null;
    }

    private static boolean has(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** What kind of failure this is. */
    public Reason reason() {
        return reason;
    }

    /**
     * What failed, without the container and image: the step and its cause, e.g.
     * {@code execve /bin/nosuch: ENOENT (No such file or directory)} for a missing command.
     */
    public String failure() {
        return failure;
    }

    /** The container's name. */
    public String container() {
        return container;
    }

    /** The image as the caller named it. */
    public String image() {
        return image;
    }

    /** The step that failed. */
    public String step() {
        return step;
    }

    /**
     * A launch that failed at {@code e}'s step: {@code prefix} and the step named once, then the
     * errno (or the cause) of the failure, where the launch exception's own message would name
     * the process and the step again.
     */
    static ContainerException launchFailed(String container, String image, String prefix, LaunchException e) {
        String detail = e.errno() != 0 ? e.errnoName() + " (" + Errno.message(e.errno()) + ")"
                : e.getCause() != null ? String.valueOf(e.getCause().getMessage()) : "failed";
        return new ContainerException(container, image, prefix + e.step(), detail + dev.berth.host.HostAssessment.launchHint(e), e);
    }
}
