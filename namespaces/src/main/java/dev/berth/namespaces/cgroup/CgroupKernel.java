package dev.berth.namespaces.cgroup;

import dev.berth.namespaces.cgroup.device.DeviceProgram;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the cgroup code asks of the kernel: file operations on cgroupfs and SIGKILL. Kept behind
 * this seam so unit tests can run the real placement, limit and removal logic on a fake tree in
 * a temporary directory, where a test double plays the kernel's part (control files appear on
 * mkdir, rmdir ignores them, "killing" empties cgroup.procs).
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#basic-operations">Control Group
 *      v2: basic operations</a>
 */
class CgroupKernel {
    private final Syscalls sys;

    /** The real cgroupfs; {@code sys} loads and attaches device programs. */
    CgroupKernel(Syscalls sys) {
        this.sys = sys;
    }

    String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /**
     * Writes the whole value with one write(2), as cgroupfs needs. No O_CREAT: a control file
     * that does not exist must fail as missing rather than be attempted as a new file.
     */
    void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** Creates one cgroup; fails with FileAlreadyExistsException if it exists. */
    void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    /** Removes one empty cgroup; the kernel answers EBUSY while it has processes or children. */
    void rmdir(Path dir) throws IOException {
        Files.delete(dir);
    }

    /** The child cgroups: every directory in a cgroup directory is a cgroup. */
    List<Path> childGroups(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(out::add);
        }
        return out;
    }

    /** When the cgroup was created: cgroupfs sets a directory's times when it is made. */
    Instant createdAt(Path dir) throws IOException {
        return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
    }

    /**
     * Sends SIGKILL to those of {@code pids} that are still members once a handle on them is
     * held. The handle pins the process by its start time, so checking membership after taking it
     * means a pid that was reused by a process outside the group is never signalled.
     */
    void kill(Set<Long> pids, Supplier<Set<Long>> members) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(handles::add);
        }
        Set<Long> still = members.get();
        long self = ProcessHandle.current().pid();
        for (ProcessHandle h : handles) {
            if (still.contains(h.pid()) && h.pid() != self) {
                h.destroyForcibly();
            }
        }
    }

    /**
     * Loads {@code program} as a BPF_PROG_TYPE_CGROUP_DEVICE program and attaches it to the
     * cgroup2 group {@code dir} (BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI). Both descriptors are
     * closed afterwards: the attachment holds the program until the group is removed.
     *
     * @throws SyscallException naming the call that failed and, for a refused program, the verifier's log
     */
    void attachDeviceProgram(Path dir, byte[] program) {
        int dirFd = sys.open(dir.toString(), Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC, 0);
        try {
            int prog = sys.bpfProgLoad(Syscalls.BPF_PROG_TYPE_CGROUP_DEVICE, Syscalls.BPF_CGROUP_DEVICE, program,
                    DeviceProgram.LICENSE);
            try {
                sys.bpfProgAttach(dirFd, prog, Syscalls.BPF_CGROUP_DEVICE, Syscalls.BPF_F_ALLOW_MULTI);
            } finally {
                sys.close(prog);
            }
        } finally {
            sys.close(dirFd);
        }
    }

    void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while waiting for a cgroup to empty", e);
        }
    }

    /** A file holding one number; empty if it does not exist or says "max". */
    final OptionalLong readNumber(Path file) {
        try {
            String text = read(file).trim();
            return text.equals("max") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            throw new CgroupException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every "key value" line of {@code file} (memory.stat), in the kernel's order; empty if it is missing. */
    final Map<String, Long> readAllKeyed(Path file) {
        Map<String, Long> all = new LinkedHashMap<>();
        try {
            for (String line : read(file).split("\n")) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2) {
                    all.put(kv[0], Long.parseLong(kv[1]));
                }
            }
            return all;
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | NumberFormatException e) {
            throw new CgroupException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The numbers of a one-line list such as cpuacct.usage_percpu; empty if it is missing. */
    final List<Long> readNumbers(Path file) {
        try {
            String text = read(file).trim();
            return text.isEmpty() ? List.of() : Arrays.stream(text.split("\\s+")).map(Long::parseLong).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | NumberFormatException e) {
            throw new CgroupException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The value of a "key value" line, as in memory.events or cpu.stat; empty if absent. */
    final OptionalLong readKeyed(Path file, String key) {
        try {
            for (String line : read(file).split("\n")) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return OptionalLong.of(Long.parseLong(kv[1]));
                }
            }
            return OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            throw new CgroupException("cannot read " + key + " from " + file + ": " + e.getMessage(), e);
        }
    }
}
