package dev.berth.namespaces.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which cgroup hierarchies this host has, which of them serves each {@link CgroupController}, and
 * where Berth puts its groups in each one.
 *
 * <p>Detected at run time from {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}, because
 * the same jar runs on pure v2 hosts (current systemd), on old pure v1 hosts and on hybrid hosts,
 * where crun refuses to run. A controller is served by the cgroup2 mount when that mount's root
 * {@code cgroup.controllers} lists it (the kernel lists only controllers not bound to a v1
 * hierarchy), otherwise by the v1 mount whose super options name it (several controllers may be
 * co-mounted, as in {@code cpu,cpuacct}).
 *
 * <p>Placement: in a v1 hierarchy Berth's groups go under this process's own cgroup, in
 * {@code <own>/berth/<name>}, so that limits a sandbox put on this process still apply to its
 * containers. In the unified hierarchy they go under {@link #v2Parent()}, by default
 * {@code /berth} at the root of the mount when this process is root, because cgroup v2 allows
 * processes only in leaves and a parent with processes cannot enable controllers for children.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html">Control Group v2</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cgroups.html">Control Groups (v1)</a>
 * @see <a href="https://docs.kernel.org/filesystems/proc.html">/proc/&lt;pid&gt;/mountinfo</a>
 */
public final class CgroupLayout {
    /** The name of the directory that holds Berth's groups in every hierarchy. */
    public static final String PARENT_NAME = "berth";

    private final CgroupMode mode;
    private final List<CgroupHierarchy> hierarchies;
    private final Map<CgroupController, CgroupHierarchy> byController;
    private final String ownV2Path;
    private final String v2Parent;

    private CgroupLayout(CgroupMode mode, List<CgroupHierarchy> hierarchies, String ownV2Path,
            String v2Parent) {
        this.mode = mode;
        this.hierarchies = List.copyOf(hierarchies);
        Map<CgroupController, CgroupHierarchy> map = new EnumMap<>(CgroupController.class);
        for (CgroupHierarchy h : hierarchies) {
            for (CgroupController c : h.controllers()) {
                map.putIfAbsent(c, h);
            }
        }
        this.byController = Collections.unmodifiableMap(map);
        this.ownV2Path = ownV2Path;
        this.v2Parent = v2Parent;
    }

    /**
     * The layout of this host as this process sees it. When this process is not root, groups in
     * the unified hierarchy go under its own cgroup ({@code <own>/berth}); that works only where
     * the own cgroup was delegated and has no processes of its own, so such callers usually set
     * {@link #withV2Parent} to a delegated cgroup.
     *
     * @throws CgroupException if no cgroup filesystem is mounted or /proc cannot be read
     */
    private static volatile CgroupLayout system;

    /**
     * This host's layout, detected once per JVM: the mounts and this process's cgroups do not
     * change under a running JVM, and reading mountinfo costs milliseconds per launch.
     */
    public static CgroupLayout system() {
        CgroupLayout l = system;
        if (l == null) {
            l = detect();
            system = l;
        }
        return l;
    }

    /** Detects the layout now from /proc/self/mountinfo and /proc/self/cgroup. */
    public static CgroupLayout detect() {
        String mountinfo = readProc("/proc/self/mountinfo");
        String cgroup = readProc("/proc/self/cgroup");
        CgroupLayout layout = parse(mountinfo, cgroup, Path.of("/"));
        if (effectiveUid(readProc("/proc/self/status")) != 0 && layout.ownV2Path != null) {
            layout = layout.withV2Parent(join(layout.ownV2Path, PARENT_NAME));
        }
        return layout;
    }

    /**
     * The layout described by the contents of {@code /proc/self/mountinfo} and
     * {@code /proc/self/cgroup}. Mount points are taken relative to {@code root} (the real
     * {@code /}, or a fake tree in tests); the cgroup2 mount's {@code cgroup.controllers} is read
     * from there. The v2 parent is {@code /berth}.
     *
     * @throws CgroupException if mountinfo has no cgroup or cgroup2 mount
     */
    public static CgroupLayout parse(String mountinfo, String procSelfCgroup, Path root) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            Mount m = Mount.parse(line);
            if (m != null && (m.fsType.equals("cgroup") || m.fsType.equals("cgroup2"))) {
                mounts.add(m);
            }
        }
        boolean hasV1 = mounts.stream().anyMatch(m -> m.fsType.equals("cgroup"));
        boolean hasV2 = mounts.stream().anyMatch(m -> m.fsType.equals("cgroup2"));
        if (!hasV1 && !hasV2) {
            throw new CgroupException("no cgroup filesystem is mounted: /proc/self/mountinfo has no"
                    + " 'cgroup' or 'cgroup2' mount");
        }
        CgroupMode mode = hasV1 && hasV2 ? CgroupMode.HYBRID : hasV1 ? CgroupMode.V1 : CgroupMode.V2;

        List<CgroupLine> own = CgroupLine.parseAll(procSelfCgroup);
        String ownV2 = own.stream().filter(o -> o.controllers.isEmpty()).map(o -> o.path)
                .findFirst().orElse(null);

        List<CgroupHierarchy> found = new ArrayList<>();
        Set<CgroupController> taken = EnumSet.noneOf(CgroupController.class);

        // The unified hierarchy first: a controller it lists is not bound to any v1 hierarchy.
        Mount v2 = hasV2 ? choose(mounts, "cgroup2", null, ownV2) : null;
        Set<CgroupController> v2Served = EnumSet.noneOf(CgroupController.class);
        if (v2 != null) {
            for (String name : readControllers(v2.directory(root))) {
                CgroupController.byKernelName(name).ifPresent(v2Served::add);
            }
            taken.addAll(v2Served);
        }

        // v1 hierarchies, one per superblock (the same hierarchy may be mounted twice).
        Map<String, List<Mount>> byDevice = new LinkedHashMap<>();
        for (Mount m : mounts) {
            if (m.fsType.equals("cgroup")) {
                byDevice.computeIfAbsent(m.device, d -> new ArrayList<>()).add(m);
            }
        }
        for (List<Mount> same : byDevice.values()) {
            Set<String> options = new HashSet<>(same.get(0).superOptions);
            Set<CgroupController> served = EnumSet.noneOf(CgroupController.class);
            for (String option : options) {
                CgroupController.byKernelName(option).filter(c -> !taken.contains(c))
                        .ifPresent(served::add);
            }
            if (served.isEmpty()) {
                continue; // a named hierarchy such as name=systemd, or controllers Berth does not use
            }
            String ownPath = own.stream()
                    .filter(o -> !o.controllers.isEmpty() && options.containsAll(o.controllers))
                    .map(o -> o.path).findFirst().orElse("/");
            Mount m = choose(same, "cgroup", options, ownPath);
            found.add(new CgroupHierarchy(1, m.directory(root), m.root, ownPath, served));
            taken.addAll(served);
        }

        // cpu.stat's usage_usec exists in every cgroup2 group, so v2 accounts CPU time when no
        // v1 cpuacct hierarchy does.
        if (v2 != null && !taken.contains(CgroupController.CPUACCT)) {
            v2Served.add(CgroupController.CPUACCT);
        }
        // Likewise a device policy: a BPF program attaches to any cgroup2 group.
        if (v2 != null && !taken.contains(CgroupController.DEVICES)) {
            v2Served.add(CgroupController.DEVICES);
        }
        // And the freezer: cgroup.freeze is a core file of every non-root cgroup2 group.
        if (v2 != null && !taken.contains(CgroupController.FREEZER)) {
            v2Served.add(CgroupController.FREEZER);
        }
        if (v2 != null && !v2Served.isEmpty()) {
            found.add(new CgroupHierarchy(2, v2.directory(root), v2.root,
                    ownV2 == null ? "/" : ownV2, v2Served));
        }
        // Ordered by the first controller each serves, memory first, so output reads the same
        // on every host whatever the mount order.
        found.sort(Comparator.comparing(h -> h.controllers().iterator().next()));
        return new CgroupLayout(mode, found, ownV2 == null ? null : CgroupHierarchy.normalize(ownV2),
                "/" + PARENT_NAME);
    }

    /** V1, V2 or HYBRID, from which cgroup filesystems are mounted at all. */
    public CgroupMode mode() {
        return mode;
    }

    /** The hierarchies that serve at least one controller Berth uses, memory's first. */
    public List<CgroupHierarchy> hierarchies() {
        return hierarchies;
    }

    /** The hierarchy that serves the controller, or empty when this host does not have it. */
    public Optional<CgroupHierarchy> hierarchyOf(CgroupController controller) {
        return Optional.ofNullable(byController.get(controller));
    }

    /** The cgroup in the unified hierarchy under which Berth's groups are created. */
    public String v2Parent() {
        return v2Parent;
    }

    /**
     * This layout with Berth's groups in the unified hierarchy created under another cgroup, for
     * instance a cgroup that systemd delegated to this user ({@code Delegate=yes}). Its last
     * component should be {@value #PARENT_NAME} if it may be removed once empty.
     */
    public CgroupLayout withV2Parent(String parent) {
        Objects.requireNonNull(parent, "parent");
        if (!parent.startsWith("/") || CgroupHierarchy.components(parent).contains("..")) {
            throw new IllegalArgumentException("the v2 parent must be an absolute cgroup path"
                    + " without '..': " + parent);
        }
        return new CgroupLayout(mode, hierarchies, ownV2Path, CgroupHierarchy.normalize(parent));
    }

    /** The directory that holds Berth's groups in the hierarchy. */
    public Path parentDirectory(CgroupHierarchy hierarchy) {
        return hierarchy.isUnified()
                ? hierarchy.directoryOf(v2Parent)
                : hierarchy.directoryOf(join(hierarchy.ownPath(), PARENT_NAME));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(mode.toString()).append(':');
        for (CgroupController c : CgroupController.values()) {
            b.append(' ').append(c).append("=");
            CgroupHierarchy h = byController.get(c);
            b.append(h == null ? "none" : "v" + h.version() + "(" + h.mountPoint() + ")");
        }
        return b.toString();
    }

    private static String join(String parent, String child) {
        return parent.endsWith("/") ? parent + child : parent + "/" + child;
    }

    /**
     * Of several mounts of one hierarchy, the one that shows this process's own cgroup, so that
     * placement under it works; otherwise the first.
     */
    private static Mount choose(List<Mount> mounts, String fsType, Set<String> options, String ownPath) {
        Mount first = null;
        for (Mount m : mounts) {
            if (!m.fsType.equals(fsType) || (options != null && !options.equals(new HashSet<>(m.superOptions)))) {
                continue;
            }
            if (first == null) {
                first = m;
            }
            if (ownPath != null && isUnder(ownPath, m.root)) {
                return m;
            }
        }
        return first;
    }

    private static boolean isUnder(String path, String root) {
        List<String> p = CgroupHierarchy.components(path);
        List<String> r = CgroupHierarchy.components(root);
        return p.size() >= r.size() && p.subList(0, r.size()).equals(r);
    }

    private static List<String> readControllers(Path cgroupDir) {
        try {
            String text = Files.readString(cgroupDir.resolve("cgroup.controllers")).trim();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
        } catch (IOException e) {
            return List.of(); // an unreadable root lists nothing; limits then fail clearly
        }
    }

    private static String readProc(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new CgroupException("cannot read " + file + " to find the cgroup layout: " + e, e);
        }
    }

    /** The effective uid, the second number on the "Uid:" line of /proc/self/status. */
    static long effectiveUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        throw new CgroupException("no Uid line in /proc/self/status");
    }

    /** One line of /proc/self/mountinfo, the fields Berth needs. */
    private static final class Mount {
        final String device;
        final String root;
        final String mountPoint;
        final String fsType;
        final List<String> superOptions;

        private Mount(String device, String root, String mountPoint, String fsType,
                List<String> superOptions) {
            this.device = device;
            this.root = root;
            this.mountPoint = mountPoint;
            this.fsType = fsType;
            this.superOptions = superOptions;
        }

        /**
         * "36 25 0:32 / /sys/fs/cgroup/memory rw,relatime shared:14 - cgroup cgroup rw,memory":
         * a variable number of optional fields ends with a lone "-"; null for a malformed line.
         */
        static Mount parse(String line) {
            String[] f = line.trim().split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            if (dash < 6 || dash + 1 >= f.length) {
                return null;
            }
            String fsType = f[dash + 1];
            String options = dash + 3 < f.length ? f[dash + 3] : "";
            return new Mount(f[2], unescape(f[3]), unescape(f[4]), fsType,
                    Arrays.asList(options.split(",")));
        }

        Path directory(Path root) {
            Path dir = root;
            for (String c : CgroupHierarchy.components(mountPoint)) {
                dir = dir.resolve(c);
            }
            return dir;
        }

        /** mountinfo writes space, tab, newline and backslash as three octal digits. */
        private static String unescape(String s) {
            if (s.indexOf('\\') < 0) {
                return s;
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && isOctal(s, i + 1)) {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }

        private static boolean isOctal(String s, int from) {
            if (from + 3 > s.length()) {
                return false;
            }
            for (int i = from; i < from + 3; i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One line of /proc/&lt;pid&gt;/cgroup: "4:memory:/a/b", "2:cpu,cpuacct:/" or "0::/a" for v2
     * (no controllers).
     */
    static final class CgroupLine {
        final Set<String> controllers;
        final String path;

        private CgroupLine(Set<String> controllers, String path) {
            this.controllers = controllers;
            this.path = path;
        }

        /** Whether this line names the process's cgroup in {@code h}. */
        boolean isIn(CgroupHierarchy h) {
            return h.isUnified() ? controllers.isEmpty()
                    : controllers.stream().map(CgroupController::byKernelName).flatMap(Optional::stream)
                            .anyMatch(h::serves);
        }

        static List<CgroupLine> parseAll(String text) {
            List<CgroupLine> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                String[] f = line.trim().split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                Set<String> controllers = f[1].isEmpty()
                        ? Set.of()
                        : new HashSet<>(Arrays.asList(f[1].split(",")));
                out.add(new CgroupLine(controllers, f[2]));
            }
            return out;
        }
    }
}
