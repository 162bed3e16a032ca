package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.store.ImageNotFoundException;
import dev.berth.namespaces.launch.LaunchException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The reason a ContainerException gives is read from its causes, so callers need not read its message. */
class ContainerExceptionTest {
    private static final int ENOENT = 2;
    private static final int EACCES = 13;

    @Test
    void aMissingCommandIsNamedWithItsErrno() {
        ContainerException e = new ContainerException("web", "busybox", "start",
                new IllegalStateException("launch", new LaunchException("berth-1", "execve /bin/nosuch", ENOENT)));
        assertEquals(ContainerException.Reason.COMMAND_NOT_FOUND, e.reason());
        assertEquals("execve /bin/nosuch: ENOENT (No such file or directory)", e.failure());
    }

    @Test
    void aCommandThatCannotBeExecutedIsNotExecutable() {
        ContainerException e = new ContainerException("web", "busybox", "start",
                new LaunchException("berth-1", "execve /etc/passwd", EACCES));
        assertEquals(ContainerException.Reason.COMMAND_NOT_EXECUTABLE, e.reason());
        assertEquals("execve /etc/passwd: EACCES (Permission denied)", e.failure());
    }

    @Test
    void aMissingImageIsImageNotFound() {
        ContainerException e = new ContainerException("web", "nosuch:1", "resolve image",
                new UncheckedIOException(new ImageNotFoundException("no image nosuch:1 in the store")));
        assertEquals(ContainerException.Reason.IMAGE_NOT_FOUND, e.reason());
        // The container was never created: it is not named.
        assertTrue(e.getMessage().startsWith("image nosuch:1: resolve image: ") && !e.getMessage().contains("web"), e.getMessage());
    }

    @Test
    void otherFailuresNameTheirStepAndCause() {
        ContainerException e = new ContainerException("web", "busybox", "mount overlay",
                new LaunchException("berth-1", "mount overlay on /", 22));
        assertEquals(ContainerException.Reason.OTHER, e.reason());
        assertEquals("mount overlay: process berth-1: mount overlay on /: EINVAL (Invalid argument)", e.failure());
    }
}
