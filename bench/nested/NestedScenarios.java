import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.DemoImage;
import dev.berth.ExecResult;
import dev.berth.Image;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo image's container scenarios, run inside a podman container (a stand-in for a pod) by
 * bench/nested.sh through the Java API. Usage: {@code java -cp berth.jar NestedScenarios.java
 * scenarios HOME} prints the host report (lines starting '#') and one line per scenario:
 * {@code SCENARIO PASS}, {@code SCENARIO REFUSED (reason)} or {@code SCENARIO FAIL (what)};
 * {@code timing HOME N} prints N start-to-exit times of {@code run --rm true} in milliseconds.
 */
public class NestedScenarios {
    /** A scenario whose result was not what it should be. */
    static final class Wrong extends Exception {
        Wrong(String what) {
            super(what);
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        Files.createDirectories(home);
        try (Berth berth = Berth.builder().home(home).runtimeDirectory(home.resolve("run")).build()) {
            if (args[0].equals("timing")) {
                timing(berth, Integer.parseInt(args[2]));
            } else {
                scenarios(berth);
            }
        }
    }

    static void timing(Berth berth, int n) throws Exception {
        Image demo = DemoImage.build(berth);
        for (int i = 0; i < 5; i++) {
            runTrue(berth, demo); // warm: JIT, classes, the storage driver's decision
        }
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            runTrue(berth, demo);
            System.out.printf("ms %.2f%n", (System.nanoTime() - t0) / 1e6);
        }
    }

    static void runTrue(Berth berth, Image demo) throws Exception {
        try (Container c = berth.container(demo).command("true").autoRemove(true).start()) {
            if (c.waitFor() != 0) {
                throw new IllegalStateException("true failed");
            }
        }
    }

    static void scenarios(Berth berth) throws Exception {
        berth.hostReport().toString().lines().forEach(l -> System.out.println("# " + l));
        Image demo;
        try {
            demo = DemoImage.build(berth);
        } catch (Exception e) {
            System.out.println("image FAIL (" + oneLine(e) + ")");
            return;
        }
        scenario("run", () -> {
            try (Container c = berth.container(demo).command("sh", "-c", "echo ran; exit 3").start()) {
                int code = c.waitFor();
                check(code == 3 && c.logs().contains("ran"), "exit " + code + ", logs " + c.logs());
            }
        });
        scenario("exec", () -> {
            try (Container c = berth.container(demo).command("sleep", "60").start()) {
                ExecResult r = c.exec("cat", "/etc/berth-demo");
                check(r.exitCode() == 0 && r.stdout().contains("built by berth demo"), r.toString());
            }
        });
        scenario("limits", () -> {
            try (Container c = berth.container(demo).command("sleep", "60").memory(32L << 20).pids(8).start()) {
                ExecResult pids = c.exec("sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 5 & done; echo forked");
                check(pids.stderr().contains("fork") || pids.exitCode() != 0,
                        "12 more processes started under pids.max 8: " + pids);
                ExecResult memory = c.exec("dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");
                check(memory.exitCode() == 137, "a 64 MiB buffer under a 32 MiB limit: " + memory);
            }
        });
        scenario("port", () -> {
            try (Container c = berth.container(demo).command("httpd", "-f", "-p", "8080", "-h", "/etc").publish(8080).start()) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                URI uri = URI.create("http://127.0.0.1:" + c.mappedPort(8080) + "/berth-demo");
                String last = "";
                for (int i = 0; i < 40; i++) {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && r.body().contains("built by berth demo")) {
                            return;
                        }
                        last = r.statusCode() + " " + r.body();
                    } catch (java.io.IOException e) {
                        last = e.toString();
                    }
                    Thread.sleep(250);
                }
                throw new Wrong(uri + " did not answer: " + last);
            }
        });
        scenario("hostnet", () -> {
            // host mode in a pod is the pod's own network namespace: the same interfaces as this JVM's
            try (Container c = berth.container(demo).command("cat", "/proc/net/dev")
                    .networkMode(dev.berth.NetworkMode.HOST).start()) {
                c.waitFor();
                check(interfaces(c.logs()).equals(interfaces(Files.readString(Path.of("/proc/net/dev")))),
                        "container " + interfaces(c.logs()) + ", pod " + interfaces(Files.readString(Path.of("/proc/net/dev"))));
            }
        });
        scenario("build", () -> {
            Image built = berth.imageBuilder().from(demo).run("echo built-in-a-pod > /built").build("localhost/nested-build:1");
            try (Container c = berth.container(built).command("cat", "/built").start()) {
                check(c.waitFor() == 0 && c.logs().contains("built-in-a-pod"), c.logs());
            }
        });
        scenario("commit", () -> {
            Image committed;
            try (Container c = berth.container(demo).command("sleep", "60").start()) {
                check(c.exec("sh", "-c", "echo committed > /c").exitCode() == 0, "exec");
                committed = c.commit("localhost/nested-commit:1");
            }
            try (Container c = berth.container(committed).command("cat", "/c").start()) {
                check(c.waitFor() == 0 && c.logs().contains("committed"), c.logs());
            }
        });
        List<String> left = new ArrayList<>();
        berth.listContainers().forEach(c -> left.add(c.id()));
        System.out.println("# containers left in the store: " + (left.isEmpty() ? "none" : left));
    }

    static java.util.Set<String> interfaces(String procNetDev) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        procNetDev.lines().filter(l -> l.contains(":")).forEach(l -> names.add(l.substring(0, l.indexOf(':')).trim()));
        return names;
    }

    static void check(boolean ok, String what) throws Wrong {
        if (!ok) {
            throw new Wrong(what);
        }
    }

    /** A scenario's body. */
    interface Body {
        void run() throws Exception;
    }

    static void scenario(String name, Body body) {
        try {
            body.run();
            System.out.println(name + " PASS");
        } catch (Wrong w) {
            System.out.println(name + " FAIL (" + w.getMessage().replace('\n', ' ') + ")");
        } catch (Throwable e) {
            String m = oneLine(e);
            // Berth refuses what the host cannot give, up front and with the reason; anything else is a failure
            boolean refused = causes(e, UnsupportedOperationException.class) || m.contains("cannot apply")
                    || m.contains("refus") || m.contains("needs root") || m.contains("without root");
            System.out.println(name + (refused ? " REFUSED (" : " FAIL (") + m + ")");
        }
        System.out.flush();
    }

    static boolean causes(Throwable e, Class<?> type) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(Throwable e) {
        String m = e.getClass().getSimpleName() + ": " + e.getMessage();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            m += " <- " + c.getMessage();
        }
        return m.replace('\n', ' ');
    }
}
