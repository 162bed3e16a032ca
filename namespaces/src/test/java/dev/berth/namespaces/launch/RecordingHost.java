package dev.berth.namespaces.launch;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.cgroup.Cgroups;
import dev.berth.namespaces.linux.RecordingSyscalls;
import dev.berth.namespaces.process.ProcessWatcher;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Host} on {@link RecordingSyscalls}: its launcher runs the real launch logic (spec
 * encoding, descriptors, cgroup, undo on failure) with a made-up helper, and its process watcher
 * watches through the same recording calls. For tests outside this package.
 */
public final class RecordingHost {
    private RecordingHost() {
    }

    /** A host whose calls {@code sys} records and whose cgroups are {@code cgroups} (a fake cgroupfs). */
    public static Host of(RecordingSyscalls sys, Cgroups cgroups) {
        ProcessWatcher watcher = new ProcessWatcher(sys);
        StageOneBinary helper = new StageOneBinary(sys, "#!helper".getBytes(StandardCharsets.UTF_8));
        return Host.of(sys, watcher, cgroups, new Launcher(sys, watcher, helper, cgroups));
    }

    /**
     * The descriptors {@code host}'s launcher holds for the life of the JVM on purpose (the
     * lifeline pipe and the helper's memfd, once a launch made them): what a leak check leaves out.
     */
    public static List<Integer> heldForTheJvm(Host host) {
        return host.launcher().descriptorsHeldForTheJvm();
    }

    /**
     * What one launch handed the helper, decoded from its spec pipe: the arguments, hostname,
     * root, the clone flags of its new namespaces, each mount as {@code "fstype source -> target"}
     * in plan order, the cgroup.procs files it joins and the network namespace it enters.
     */
    public record LaunchedSpec(List<String> args, String hostname, String root, long namespaces, List<String> mounts,
            List<String> cgroupProcs, List<String> netns) {
    }

    /** The specs of every launch {@code sys} saw, in order (a spec is what a pipe's write end got first). */
    public static List<LaunchedSpec> specs(RecordingSyscalls sys) {
        List<LaunchedSpec> out = new ArrayList<>();
        for (String pipe : sys.calls("pipe2")) {
            int end = pipe.indexOf('=');
            if (end < 0) {
                continue;
            }
            int write = Integer.parseInt(pipe.substring(end + 1, pipe.length() - 1).split(",")[1]);
            byte[] bytes = sys.written(write).getBytes(StandardCharsets.ISO_8859_1);
            if (bytes.length < 8 || ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt() != SpecEncoder.MAGIC) {
                continue;
            }
            var recs = SpecDecoder.decode(bytes);
            List<String> mounts = new ArrayList<>();
            for (var r : SpecDecoder.tagged(recs, SpecEncoder.TAG_MOUNT)) {
                List<Object> m = r.mount();
                mounts.add(m.get(7) + " " + m.get(5) + " -> " + m.get(6));
            }
            out.add(new LaunchedSpec(strings(recs, SpecEncoder.TAG_ARG), first(recs, SpecEncoder.TAG_HOSTNAME),
                    first(recs, SpecEncoder.TAG_ROOT),
                    SpecDecoder.tagged(recs, SpecEncoder.TAG_NAMESPACES).stream().mapToLong(SpecDecoder.Rec::u64)
                            .findFirst().orElse(0),
                    mounts, strings(recs, SpecEncoder.TAG_CGROUP_PROCS), strings(recs, SpecEncoder.TAG_NETNS)));
        }
        return out;
    }

    private static List<String> strings(List<SpecDecoder.Rec> recs, int tag) {
        return SpecDecoder.tagged(recs, tag).stream().map(SpecDecoder.Rec::string).toList();
    }

    private static String first(List<SpecDecoder.Rec> recs, int tag) {
        List<String> all = strings(recs, tag);
        return all.isEmpty() ? null : all.get(0);
    }
}
