package dev.berth.namespaces.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link Cgroups} on a fake cgroupfs in a temporary directory, for tests outside this package
 * (a container start's cgroup placement and its undo), with what the fake kernel saw.
 */
public final class FakeCgroups {
    private final SampleHosts.Host host;

    private FakeCgroups(SampleHosts.Host host) {
        this.host = host;
    }

    /** A current systemd host: cgroup2 only. */
    public static FakeCgroups pureV2(Path root) {
        return new FakeCgroups(SampleHosts.pureV2(root));
    }

    /** A hybrid host: v1 controllers each on its own mount, cgroup2 without controllers. */
    public static FakeCgroups hybrid(Path root) {
        return new FakeCgroups(SampleHosts.hybrid(root));
    }

    /** A host with no cgroup filesystem: making a group fails as detection does there. */
    public static Cgroups absent() {
        return new Cgroups(() -> {
            throw new CgroupException("no cgroup filesystem is mounted (a test host without cgroups)");
        }, new CgroupKernel(null));
    }

    /** The cgroups of this fake host. */
    public Cgroups cgroups() {
        return new Cgroups(host::layout, host.fs());
    }

    /** The groups under Berth's parent in each hierarchy, as absolute paths on the fake host. */
    public List<String> groups() {
        CgroupLayout layout = host.layout();
        List<String> out = new ArrayList<>();
        for (CgroupHierarchy h : layout.hierarchies()) {
            Path parent = layout.parentDirectory(h);
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> s = Files.list(parent)) {
                s.filter(Files::isDirectory).sorted().forEach(p -> out.add("/" + host.fs().rel(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Every value written to a control file, as {@code path=value} relative to the fake root. */
    public List<String> writes() {
        return host.fs().writes().stream().map(Object::toString).toList();
    }
}
