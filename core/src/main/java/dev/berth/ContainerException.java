package dev.berth;

import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.linux.Errno;

/**
 * A container could not be started, or an operation on it failed. Names the container, its
 * image and the failing step (such as {@code resolve user bob} or {@code execve /bin/nosuch}),
 * like Testcontainers' {@code ContainerLaunchException}
 * (<a href="https://java.testcontainers.org/features/startup_and_waits/">startup and waits</a>).
 */
public class ContainerException extends RuntimeException {
    private final String container;
    private final String image;
    private final String step;

    public ContainerException(String container, String image, String step, Throwable cause) {
        this(container, image, step, cause.getMessage(), cause);
    }

    private ContainerException(String container, String image, String step, String detail, Throwable cause) {
        super("container " + container + " (image " + image + "): " + step + ": " + detail, cause);
        this.container = container;
        this.image = image;
        this.step = step;
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
        return new ContainerException(container, image, prefix + e.step(), detail, e);
    }
}
