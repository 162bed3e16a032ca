package dev.berth.testcontainers;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.ResourceReaper;

/**
 * The two Testcontainers defaults that assume a Docker daemon elsewhere, set for an engine in
 * this JVM before Testcontainers first uses them. Both reach into Testcontainers' internals
 * (2.0.x); if those change, each step logs why and leaves Testcontainers' default.
 */
final class TestcontainersSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TestcontainersSetup.class);

    private TestcontainersSetup() {
    }

    /**
     * Uses Testcontainers' shutdown-hook reaper instead of Ryuk, as
     * {@code TESTCONTAINERS_RYUK_DISABLED=true} would (2.0.x reads only that environment
     * variable, which a library cannot set). Why not Ryuk: it is the image
     * {@code testcontainers/ryuk}, pulled from Docker Hub and given the engine's socket, and it
     * reaps a session when the JVM's connection to it drops. Here the engine is in the JVM, so a
     * reaper in a container would outlive what it watches for nothing; the hook prunes by label
     * at a normal exit, and Berth's own {@link SessionReaper} (a watcher process, then the next
     * open of the store) covers a JVM that dies without running hooks.
     */
    static void replaceRyuk() {
        if (Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            return; // Testcontainers chooses the hook reaper itself
        }
        try {
            Field instance = ResourceReaper.class.getDeclaredField("instance");
            instance.setAccessible(true);
            synchronized (ResourceReaper.class) { // ResourceReaper.instance() is static synchronized
                Object current = instance.get(null);
                if (current != null && !current.getClass().getSimpleName().equals("RyukResourceReaper")) {
                    return;
                }
                if (current != null && ryukStarted(current)) {
                    LOG.warn("Ryuk already runs for this session; Berth leaves it");
                    return;
                }
                Constructor<?> hook = Class.forName("org.testcontainers.utility.JVMHookResourceReaper")
                        .getDeclaredConstructor();
                hook.setAccessible(true);
                instance.set(null, hook.newInstance());
            }
            LOG.info("Ryuk is not started: Testcontainers prunes this session at JVM exit, and Berth reaps it if the JVM dies");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not switch Testcontainers from Ryuk to its shutdown hook ({}); "
                    + "set TESTCONTAINERS_RYUK_DISABLED=true", e.toString());
        }
    }

    private static boolean ryukStarted(Object ryukReaper) throws ReflectiveOperationException {
        Field started = ryukReaper.getClass().getDeclaredField("started");
        started.setAccessible(true);
        return ((java.util.concurrent.atomic.AtomicBoolean) started.get(ryukReaper)).get();
    }

    /**
     * Answers Testcontainers' "can a host file be bind-mounted" probe with yes. The probe runs
     * {@code alpine:3.17} (pulled from Docker Hub) with a bind of a class-path file; the engine
     * runs on this host, so binds of this host's files always work, and pulling an image only
     * to learn that would fail offline and print a false warning.
     */
    @SuppressWarnings("unchecked")
    static void answerFileMountProbe() {
        try {
            Field probe = DockerClientFactory.class.getDeclaredField("fileMountingSupported");
            probe.setAccessible(true);
            ((AtomicReference<Object>) probe.get(DockerClientFactory.instance())).compareAndSet(null, Boolean.TRUE);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Testcontainers' file-mount probe is left to run ({})", e.toString());
        }
    }
}
