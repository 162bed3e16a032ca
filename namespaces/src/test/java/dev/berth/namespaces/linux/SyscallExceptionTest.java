package dev.berth.namespaces.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SyscallExceptionTest {
    @Test
    void aFailedCallNamesTheCallTheErrnoAndThePath() {
        SyscallException e = assertThrows(SyscallException.class,
                () -> LinuxSyscalls.get().open("/nonexistent/berth-test", Syscalls.O_RDONLY, 0));
        assertEquals("open(/nonexistent/berth-test): ENOENT (No such file or directory)", e.getMessage());
        assertEquals("open", e.call());
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("/nonexistent/berth-test", e.object());
    }

    @Test
    void errnoNamesFollowTheLinuxTable() {
        assertEquals("EPERM", Errno.name(1));
        assertEquals("EINVAL", Errno.name(22));
        assertEquals("ENOSYS", Errno.name(38));
        assertEquals("EOVERFLOW", Errno.name(75));
        assertEquals("EOPNOTSUPP", Errno.name(95));
        assertEquals("EHWPOISON", Errno.name(133));
        assertEquals("errno=999", Errno.name(999));
    }

    @Test
    void xattrsAndPidfdsWorkThroughTheRealBinding() throws Exception {
        var sys = LinuxSyscalls.get();
        java.nio.file.Path f = java.nio.file.Files.createTempFile("berth-xattr", ".txt");
        try {
            sys.lsetxattr(f.toString(), "user.berth", "yes".getBytes());
            assertEquals("yes", new String(sys.lgetxattr(f.toString(), "user.berth")));
            assertEquals(java.util.List.of("user.berth"), sys.llistxattr(f.toString()));
            assertNull(sys.lgetxattr(f.toString(), "user.absent"));
        } finally {
            java.nio.file.Files.delete(f);
        }
        int pidfd = sys.pidfdOpen(sys.getpid());
        try {
            assertEquals(true, sys.pidfdSendSignal(pidfd, 0));
        } finally {
            sys.close(pidfd);
        }
    }
}
