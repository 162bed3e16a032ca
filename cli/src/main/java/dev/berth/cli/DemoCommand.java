package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerBuilder;
import dev.berth.DemoImage;
import dev.berth.Image;
import dev.berth.namespaces.Host;
import dev.berth.namespaces.cgroup.CgroupDelegation;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.rootfs.BusyboxTree;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code berth demo}: with no network, builds {@value DemoImage#REFERENCE} from the host's
 * busybox, runs a container of it with limits and prints what it did. The image stays in the
 * store for {@code berth run --rm localhost/berth-demo ...}.
 */
@Command(name = "demo", description = "Build an image from the host's busybox and run a container of it, with no network")
final class DemoCommand extends Verb {
    static final String SCRIPT = "echo \"hello from $(hostname), pid $$, uid $(id -u)\"; "
            + "echo \"processes: $(ls /proc | grep -c '^[0-9]')\"; "
            + "echo \"interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ')\"; "
            + "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; cat /etc/berth-demo";

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            long t0 = System.nanoTime();
            System.out.println("berth demo: building " + DemoImage.REFERENCE + " from the host's "
                    + BusyboxTree.hostBusybox().map(Object::toString).orElse("busybox") + " (no network)");
            Image image = DemoImage.build(berth);
            System.out.printf("berth demo: image %s, %d layer, %s, in %d ms%n", image.id().substring(0, 19),
                    image.layerCount(), Human.size(image.size()), millisSince(t0));
            // Without root, limits need a delegated cgroup v2 subtree; where there is none the demo
            // runs without them and says why, rather than failing.
            Host host = Host.system(); // the command line is the edge where the real host is chosen
            Optional<String> noLimits = host.isRoot() ? Optional.empty()
                    : CgroupDelegation.refusal(host.cgroups().layout(),
                            CgroupLimits.builder().memoryBytes(64L << 20).pidsMax(64).build());
            System.out.println("berth demo: running a container of it: new pid, mount, uts, ipc, net and cgroup"
                    + " namespaces, " + (noLimits.isEmpty() ? "64 MiB memory, 64 pids, " : "")
                    + "podman's default capabilities for root");
            noLimits.ifPresent(why -> System.out.println("berth demo: without limits: " + why));
            long t1 = System.nanoTime();
            ContainerBuilder<?> demo = berth.container(image).name("berth-demo-" + ProcessHandle.current().pid())
                    .hostname("berth-demo").command("sh", "-c", SCRIPT);
            if (noLimits.isEmpty()) {
                demo.memory(64L << 20).pids(64);
            }
            try (Container c = demo.start()) {
                int code = c.waitFor(Duration.ofMinutes(2)).orElseThrow(
                        () -> new IllegalStateException("the demo container did not exit within 2 minutes"));
                System.out.print(c.logs().lines().map(l -> "  | " + l + "\n").reduce("", String::concat));
                System.out.printf("berth demo: the container exited with %d after %d ms and was removed; the image stays:%n",
                        code, millisSince(t1));
                System.out.println("  berth run --rm localhost/berth-demo sh -c 'echo hello from $(hostname)'");
                return code;
            }
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
