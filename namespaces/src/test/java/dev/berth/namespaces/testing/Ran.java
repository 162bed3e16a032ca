package dev.berth.namespaces.testing;

import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The outcome of running a spec to its end: its output and exit status. */
public record Ran(String stdout, String stderr, ExitStatus status) {

    /** Launches {@code spec}, collects both outputs and waits (at most a minute). */
    public static Ran run(ProcessSpec spec) throws Exception {
        try (IsolatedProcess p = Launcher.system().launch(spec)) {
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.stderr()));
            String out = drain(p.stdout());
            ExitStatus st = p.waitFor(Duration.ofMinutes(1))
                    .orElseThrow(() -> new AssertionError(spec + " did not end within a minute"));
            return new Ran(out, err.get(), st);
        }
    }

    private static String drain(InputStream in) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
