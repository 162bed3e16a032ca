package dev.berth.namespaces.testing;

import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.process.IsolatedProcess;
import java.nio.file.Path;

/**
 * A separate JVM for the die-with-parent test: launches {@code sleep 1000} in a busybox root
 * under args[0], prints the container's pid, and waits to be killed.
 */
public final class LaunchAndWait {
    private LaunchAndWait() {
    }

    public static void main(String[] args) throws Exception {
        Sandbox sandbox = new Sandbox(Path.of(args[0]));
        IsolatedProcess p = Launcher.system().launch(sandbox.spec("sleep", "1000").name(args[1]).build());
        System.out.println(p.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
