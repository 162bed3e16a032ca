package dev.berth.namespaces.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The recording host's failure injection and its account of what was left open or mounted. */
class RecordingSyscallsTest {
    @Test
    void failAtFailsThatCallWithTheChosenErrnoAndOnlyOnce() {
        RecordingSyscalls sys = new RecordingSyscalls().failAt(1, Errno.EACCES);
        int fd = sys.open("/a", Syscalls.O_RDONLY, 0);
        SyscallException e = assertThrows(SyscallException.class, () -> sys.open("/b", Syscalls.O_RDONLY, 0));
        assertEquals("open", e.call());
        assertEquals("/b", e.object());
        assertEquals("EACCES", e.errnoName());
        int again = sys.open("/b", Syscalls.O_RDONLY, 0);
        assertEquals(List.of(fd, again), sys.openDescriptors(), "the failed open handed out no descriptor");
        assertEquals("open(/b, 00, 00) = -EACCES", sys.calls().get(1));
        assertEquals(3, sys.numberedCalls());
    }

    @Test
    void failNextFailsTheNextCallOfThatName() {
        RecordingSyscalls sys = new RecordingSyscalls().failNext("umount2", Errno.EBUSY);
        sys.mount("overlay", "/m", "overlay", 0, "lowerdir=/l");
        assertEquals(Errno.EBUSY, assertThrows(SyscallException.class, () -> sys.umount2("/m", 0)).errno());
        assertEquals(List.of("/m"), sys.mountedTargets(), "a failed unmount leaves the mount");
        sys.umount2("/m", 0);
        assertEquals(List.of(), sys.mountedTargets());
    }

    @Test
    void descriptorsAreOpenUntilClosedAndPropagationChangesMountNothing() {
        RecordingSyscalls sys = new RecordingSyscalls();
        int[] pipe = sys.pipe2(Syscalls.O_CLOEXEC);
        sys.close(pipe[0]);
        assertEquals(List.of(pipe[1]), sys.openDescriptors());
        sys.mount("none", "/", null, 0x4000 | 0x80000, null);
        assertEquals(List.of(), sys.mountedTargets());
    }
}
