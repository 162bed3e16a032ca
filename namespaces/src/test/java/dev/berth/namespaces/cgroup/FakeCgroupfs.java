package dev.berth.namespaces.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A fake cgroupfs in a temporary directory, playing the kernel's part for the code under test:
 * mkdir creates the control files a real group would have, rmdir ignores them but refuses a
 * group with processes or children (EBUSY), subtree_control accumulates "+controller" writes,
 * "killing" a pid takes it out of every cgroup.procs. Every write is recorded.
 */
final class FakeCgroupfs extends CgroupKernel {
    /** One recorded write, with the path relative to the fake root. */
    record Write(String path, String value) {
        @Override
        public String toString() {
            return path + "=" + value;
        }
    }

    private final Path root;
    private final Map<Path, Set<String>> v1Mounts = new LinkedHashMap<>();
    private Path v2Mount;
    private boolean swapAccounting = true;
    private boolean cgroupKill = true;
    private boolean freezes = true;
    private final List<Write> writes = new ArrayList<>();
    private final Set<Long> killed = new LinkedHashSet<>();
    private final Map<Path, String> failingWrites = new LinkedHashMap<>();
    private final Map<Path, byte[]> attachedPrograms = new LinkedHashMap<>();

    FakeCgroupfs(Path root) {
        super(null); // the device program is recorded, not loaded
        this.root = root;
    }

    /** A v1 hierarchy with these controllers mounted at the absolute path. */
    FakeCgroupfs v1(String mountPoint, String... controllers) {
        Path dir = path(mountPoint);
        v1Mounts.put(dir, Set.of(controllers));
        mkdirsQuietly(dir);
        populate(dir);
        return this;
    }

    /** The cgroup2 mount, its root listing these controllers in cgroup.controllers. */
    FakeCgroupfs v2(String mountPoint, String controllers) {
        v2Mount = path(mountPoint);
        mkdirsQuietly(v2Mount);
        populate(v2Mount);
        put(v2Mount.resolve("cgroup.controllers"), controllers);
        return this;
    }

    /** Without swap accounting there is no memory.memsw.* (v1) and no memory.swap.max (v2). */
    FakeCgroupfs withoutSwapAccounting() {
        swapAccounting = false;
        return this;
    }

    /** A kernel older than 5.14, without cgroup.kill. */
    FakeCgroupfs withoutCgroupKill() {
        cgroupKill = false;
        return this;
    }

    /** A group whose processes never all stop (one stuck in the kernel): cgroup.events keeps "frozen 0". */
    FakeCgroupfs neverFreeze() {
        freezes = false;
        return this;
    }

    /** The text of a file of the fake tree. */
    String readString(Path file) {
        return readQuietly(file);
    }

    /** Creates existing groups (such as this process's own), with their control files. */
    FakeCgroupfs group(String absolutePath) {
        Path target = path(absolutePath);
        Path mount = mountOf(target);
        Path dir = mount;
        for (Path c : mount.relativize(target)) {
            dir = dir.resolve(c.toString());
            if (!Files.exists(dir)) {
                try {
                    mkdir(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return this;
    }

    /** Makes a write to the file fail as the kernel would, with this errno text. */
    FakeCgroupfs failWrites(String absolutePath, String reason) {
        failingWrites.put(path(absolutePath), reason);
        return this;
    }

    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    String rel(Path p) {
        return root.relativize(p).toString();
    }

    List<Write> writes() {
        return Collections.unmodifiableList(writes);
    }

    /** The writes to files whose relative path contains the text, in order. */
    List<String> writesTo(String pathPart) {
        return writes.stream().filter(w -> w.path().contains(pathPart)).map(Write::toString)
                .collect(Collectors.toList());
    }

    Set<Long> killed() {
        return killed;
    }

    /** Puts a process into a group, as if the kernel moved it there. */
    void addPid(Path dir, long pid) {
        Path procs = dir.resolve("cgroup.procs");
        String old = readQuietly(procs);
        put(procs, old + pid + "\n");
        if (isV2(dir)) {
            put(dir.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        }
    }

    void put(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the kernel's part ----

    @Override
    void write(Path file, String value) throws IOException {
        String reason = failingWrites.get(file);
        if (reason != null) {
            throw new FileSystemException(file.toString(), null, reason);
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        writes.add(new Write(rel(file), value));
        String name = file.getFileName().toString();
        Path dir = file.getParent();
        switch (name) {
            case "cgroup.subtree_control": {
                if (value.contains("+") && Files.exists(dir.resolve("cgroup.type"))
                        && !readQuietly(dir.resolve("cgroup.procs")).isBlank()) {
                    writes.remove(writes.size() - 1);
                    throw new FileSystemException(file.toString(), null, "Device or resource busy");
                }
                Set<String> enabled = new LinkedHashSet<>(words(readQuietly(file)));
                for (String w : value.trim().split("\\s+")) {
                    if (w.startsWith("+")) {
                        enabled.add(w.substring(1));
                    } else if (w.startsWith("-")) {
                        enabled.remove(w.substring(1));
                    }
                }
                put(file, String.join(" ", enabled));
                for (Path child : childGroups(dir)) {
                    enabled.forEach(c -> addV2ControllerFiles(child, c));
                }
                break;
            }
            case "cgroup.procs":
                if (isV2(dir)) {
                    leaveV2Groups(Long.parseLong(value.trim()));
                }
                addPid(dir, Long.parseLong(value.trim()));
                break;
            case "cgroup.kill":
                emptySubtree(dir);
                break;
            case "cgroup.freeze": {
                // The fake freezes at once: cgroup.events reports it with the next read.
                put(file, value.trim());
                String events = readQuietly(dir.resolve("cgroup.events"));
                String frozen = freezes ? value.trim() : "0";
                put(dir.resolve("cgroup.events"), events.replaceAll("frozen \\d", "frozen " + frozen));
                break;
            }
            default:
                put(file, value);
        }
    }

    /** A process is in one cgroup2 group at a time: a write to cgroup.procs moves it. */
    private void leaveV2Groups(long pid) {
        try (Stream<Path> all = Files.walk(v2Mount)) {
            for (Path procs : all.filter(p -> p.getFileName().toString().equals("cgroup.procs"))
                    .collect(Collectors.toList())) {
                put(procs, words(readQuietly(procs)).stream().filter(p -> Long.parseLong(p) != pid)
                        .map(p -> p + "\n").collect(Collectors.joining()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the attachment as a write of "bpf: N instructions" to the group's directory. */
    @Override
    void attachDeviceProgram(Path dir, byte[] program) {
        if (!isV2(dir) || dir.equals(v2Mount)) {
            throw new AssertionError("a device program is attached to a cgroup2 group, not " + dir);
        }
        writes.add(new Write(rel(dir), "bpf: " + program.length / 8 + " instructions"));
        attachedPrograms.put(dir, program);
    }

    /** The device program attached to the group, or null. */
    byte[] attachedProgram(Path dir) {
        return attachedPrograms.get(dir);
    }

    @Override
    void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
        populate(dir);
    }

    @Override
    void rmdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        if (!childGroups(dir).isEmpty() || !readQuietly(dir.resolve("cgroup.procs")).isBlank()) {
            throw new FileSystemException(dir.toString(), null, "Device or resource busy");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.collect(Collectors.toList())) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Override
    void kill(Set<Long> pids, Supplier<Set<Long>> members) {
        killed.addAll(pids);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path procs : all.filter(p -> p.getFileName().toString().equals("cgroup.procs"))
                    .collect(Collectors.toList())) {
                String kept = words(readQuietly(procs)).stream()
                        .filter(p -> !pids.contains(Long.parseLong(p)))
                        .map(p -> p + "\n").collect(Collectors.joining());
                put(procs, kept);
                if (kept.isEmpty() && isV2(procs.getParent())) {
                    put(procs.getParent().resolve("cgroup.events"), "populated 0\nfrozen 0\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    void pause(long millis) {
        // no time passes in the fake
    }

    private void emptySubtree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            Set<Long> pids = new LinkedHashSet<>();
            for (Path procs : all.filter(p -> p.getFileName().toString().equals("cgroup.procs"))
                    .collect(Collectors.toList())) {
                words(readQuietly(procs)).forEach(p -> pids.add(Long.parseLong(p)));
            }
            kill(pids, () -> pids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The control files the kernel would show in a new group of this hierarchy. */
    private void populate(Path dir) {
        Path mount = mountOf(dir);
        boolean isRoot = dir.equals(mount);
        put(dir.resolve("cgroup.procs"), "");
        if (mount.equals(v2Mount)) {
            put(dir.resolve("cgroup.subtree_control"), "");
            put(dir.resolve("cgroup.stat"), "nr_descendants 0\n");
            put(dir.resolve("cpu.stat"), "usage_usec 0\nuser_usec 0\nsystem_usec 0\n");
            if (isRoot) {
                return; // the root's cgroup.controllers is set by v2()
            }
            put(dir.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
            put(dir.resolve("cgroup.type"), "domain\n");
            if (cgroupKill) {
                put(dir.resolve("cgroup.kill"), "");
            }
            put(dir.resolve("cgroup.freeze"), "0");
            for (String c : words(readQuietly(dir.getParent().resolve("cgroup.subtree_control")))) {
                addV2ControllerFiles(dir, c);
            }
            return;
        }
        Set<String> controllers = v1Mounts.get(mount);
        put(dir.resolve("tasks"), "");
        if (controllers.contains("devices")) {
            put(dir.resolve("devices.allow"), "");
            put(dir.resolve("devices.deny"), "");
        }
        if (controllers.contains("memory")) {
            put(dir.resolve("memory.limit_in_bytes"), "9223372036854771712");
            put(dir.resolve("memory.usage_in_bytes"), "0");
            put(dir.resolve("memory.max_usage_in_bytes"), "0");
            put(dir.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
            if (swapAccounting) {
                put(dir.resolve("memory.memsw.limit_in_bytes"), "9223372036854771712");
            }
        }
        if (controllers.contains("pids") && !isRoot) {
            put(dir.resolve("pids.max"), "max");
            put(dir.resolve("pids.current"), "0");
        }
        if (controllers.contains("cpu")) {
            put(dir.resolve("cpu.cfs_quota_us"), "-1");
            put(dir.resolve("cpu.cfs_period_us"), "100000");
            put(dir.resolve("cpu.shares"), "1024");
        }
        if (controllers.contains("cpuacct")) {
            put(dir.resolve("cpuacct.usage"), "0");
        }
        if (controllers.contains("freezer") && !isRoot) {
            put(dir.resolve("freezer.state"), "THAWED");
        }
    }

    /** The files a v2 group gets when its parent enables a controller for its children. */
    private void addV2ControllerFiles(Path dir, String controller) {
        if (controller.equals("memory") && !Files.exists(dir.resolve("memory.max"))) {
            put(dir.resolve("memory.max"), "max");
            put(dir.resolve("memory.current"), "0");
            put(dir.resolve("memory.peak"), "0");
            put(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
            if (swapAccounting) {
                put(dir.resolve("memory.swap.max"), "max");
            }
        }
        if (controller.equals("pids") && !Files.exists(dir.resolve("pids.max"))) {
            put(dir.resolve("pids.max"), "max");
            put(dir.resolve("pids.current"), "0");
        }
        if (controller.equals("cpu") && !Files.exists(dir.resolve("cpu.max"))) {
            put(dir.resolve("cpu.max"), "max 100000");
            put(dir.resolve("cpu.weight"), "100");
        }
    }

    /** A v2 group's cgroup.controllers is what its parent enabled, at the time it is read. */
    @Override
    String read(Path file) throws IOException {
        if (file.getFileName().toString().equals("cgroup.controllers") && isV2(file.getParent())
                && !file.getParent().equals(v2Mount)) {
            if (!Files.isDirectory(file.getParent())) {
                throw new NoSuchFileException(file.toString());
            }
            return readQuietly(file.getParent().getParent().resolve("cgroup.subtree_control"));
        }
        return super.read(file);
    }

    private boolean isV2(Path dir) {
        return v2Mount != null && mountOf(dir).equals(v2Mount);
    }

    /** The mount a path is in: the longest mount point that is a prefix of it. */
    private Path mountOf(Path p) {
        Path best = null;
        List<Path> mounts = new ArrayList<>(v1Mounts.keySet());
        if (v2Mount != null) {
            mounts.add(v2Mount);
        }
        for (Path m : mounts) {
            if (p.startsWith(m) && (best == null || m.getNameCount() > best.getNameCount())) {
                best = m;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("not in a fake cgroup mount: " + p);
        }
        return best;
    }

    private static void mkdirsQuietly(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
