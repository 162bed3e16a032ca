package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.testing.Ran;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The launch trace: Java's and the stage-1 helper's timestamps of one real launch, on one clock. */
@RequiresRoot("launches processes in new namespaces on an overlay root")
class LaunchTraceTest {
    @Test
    void aTracedLaunchReportsEveryStepOfBothHalvesInOrder() throws Exception {
        List<List<LaunchTrace.Mark>> traces = new CopyOnWriteArrayList<>();
        LaunchTrace.listener(traces::add);
        Ran r;
        try {
            r = Ran.run(Sandbox.shared().spec("echo", "traced").limits(CgroupLimits.builder().pidsMax(16).build()).build());
        } finally {
            LaunchTrace.listener(null);
        }
        assertEquals("traced", r.stdout().trim(), r.toString());
        assertEquals(2, traces.size(), "one launch: its start and its end");
        List<String> labels = traces.get(0).stream().map(LaunchTrace.Mark::label).toList();
        // Steps that follow from one another, whichever way the two halves interleave.
        List<String> causal = List.of("launch", "cgroup", "encoded", "helper", "spec", "cloned", "cgroup-joined", "released",
                "child-C", "execve", "exec-seen", "report-read", "handle");
        List<String> inOrder = labels.stream().filter(causal::contains).collect(Collectors.toCollection(ArrayList::new));
        assertEquals(causal, inOrder, labels.toString());
        for (String child : List.of("child", "child-R", "private", "m-overlay", "mounts", "pivot_root", "umount-old", "root")) {
            assertTrue(labels.contains(child), child + " in " + labels);
        }
        assertTrue(labels.indexOf("cloned") < labels.indexOf("exec-seen") && labels.indexOf("child") < labels.indexOf("execve"),
                labels.toString());
        // Java's own order (the helper may read the spec before Java marks its write done).
        assertTrue(labels.indexOf("spec-written") < labels.indexOf("cgroup-made"), "the spec comes before the group: " + labels);
        assertTrue(labels.indexOf("encoded") < labels.indexOf("cgroup-made") && labels.indexOf("cgroup-made") < labels.indexOf("cgroup-gate")
                && labels.indexOf("cgroup-gate") < labels.indexOf("cgroup-joined"),
                "the group is made while the helper starts, and joined only once Java says it exists: " + labels);
        // The end: the same origin, then the helper's reap and Java's steps after it ("adopted"
        // may come after the reap: echo is quick). The exit is told before the helper is reaped
        // and the group removed.
        List<String> end = traces.get(1).stream().map(LaunchTrace.Mark::label).toList();
        assertEquals(traces.get(0).get(0), traces.get(1).get(0), "both lists start at the launch");
        assertEquals(List.of("launch", "waited", "exit-told", "report-eof", "helper-reaped", "cgroup-removed"),
                end.stream().filter(l -> !l.equals("adopted")).toList(), end.toString());
        assertTrue(end.contains("adopted"), end.toString());
    }

    @Test
    void anUntracedLaunchReportsNothing() throws Exception {
        List<List<LaunchTrace.Mark>> traces = new CopyOnWriteArrayList<>();
        LaunchTrace.listener(traces::add);
        LaunchTrace.listener(null);
        Ran r = Ran.run(Sandbox.shared().spec("echo", "quiet").build());
        assertEquals("quiet", r.stdout().trim(), r.toString());
        assertTrue(traces.isEmpty(), traces.toString());
    }
}
