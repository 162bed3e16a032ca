package dev.berth;

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
        super("container " + container + " (image " + image + "): " + step + ": " + detail(step, cause), cause);
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

    /** The cause's message after the step, when it names the step again (a launch failure's "process P: STEP: ERRNO"). */
    private static String detail(String step, Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        int at = m.indexOf(step + ": ");
        return at >= 0 ? m.substring(at + step.length() + 2) : m;
    }
}
