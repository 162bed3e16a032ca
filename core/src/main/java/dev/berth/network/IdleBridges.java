package dev.berth.network;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bridges this JVM keeps for a moment after the last container of their network has left,
 * with their NAT rules, so that the next container (a test suite starts one after another)
 * finds them made: creating and deleting a bridge and rewriting the NAT rules with {@code nft}
 * cost more than the rest of a container's start. dockerd keeps {@code docker0} for its whole
 * life; here a bridge left idle for {@link #PROPERTY} milliseconds (default 2000; 0 deletes at
 * once, as before) is deleted by a timer, and every idle one at {@code Berth.close()} and JVM exit.
 *
 * <p>Consistency: an idle bridge's network has no endpoint in the store, so every JVM sees the
 * network as empty; another JVM that attaches meanwhile reuses the bridge (it exists), and one
 * that opens the store deletes it as a bridge without endpoints (its recovery), after which the
 * next attach here makes it again. The deletion runs under the store's lock and only when the
 * store still records no endpoint. A JVM killed with bridges idle leaves them (and their
 * masquerade rules) to the next {@code Berth.open()}'s recovery, as a crash mid-container would.
 */
final class IdleBridges {
    /** The system property: how long, in ms, an idle bridge is kept. */
    static final String PROPERTY = "berth.network.idleBridgeMillis";

    /** An idle bridge: its name and since when it has had no endpoint. */
    record Idle(String bridge, long sinceNanos) {
    }

    private final long keepNanos;
    /** Network name to idle bridge; changed under the store's lock only. */
    private final Map<String, Idle> idle = new ConcurrentHashMap<>();
    private boolean closed; // guarded by this
    private ScheduledExecutorService timer; // guarded by this

    IdleBridges() {
        this(TimeUnit.MILLISECONDS.toNanos(Math.max(0, Long.getLong(PROPERTY, 2000))));
    }

    IdleBridges(long keepNanos) {
        this.keepNanos = keepNanos;
    }

    /**
     * Keeps {@code bridge} of {@code network}, now without endpoints; {@code expire} runs once it
     * has been idle long enough. False, keeping nothing, when bridges are not kept (0 ms, or
     * closed): the caller deletes it now.
     */
    synchronized boolean keep(String network, String bridge, Runnable expire) {
        if (keepNanos <= 0 || closed) {
            return false;
        }
        idle.put(network, new Idle(bridge, System.nanoTime()));
        schedule(expire, keepNanos);
        return true;
    }

    /** The networks whose bridges are kept idle: their NAT rules stay too. */
    Set<String> networks() {
        return Set.copyOf(idle.keySet());
    }

    /** The idle entry of {@code network}, or null. */
    Idle get(String network) {
        return idle.get(network);
    }

    /** Forgets {@code network}'s idle bridge (deleted, reused or its network removed); its entry or null. */
    Idle remove(String network) {
        return idle.remove(network);
    }

    /** Nanoseconds {@code i} still has to wait; 0 or less once it has been idle long enough. */
    long remaining(Idle i) {
        return keepNanos - (System.nanoTime() - i.sinceNanos());
    }

    /** Runs {@code expire} again after {@code nanos}. */
    synchronized void schedule(Runnable expire, long nanos) {
        if (closed) {
            return;
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "berth-idle-bridges");
                t.setDaemon(true); // what is idle at exit is deleted by Berth's shutdown hook
                return t;
            });
        }
        timer.schedule(expire, Math.max(nanos, 0), TimeUnit.NANOSECONDS);
    }

    /** From now on nothing is kept; the timer stops. Returns the entries idle until now. */
    synchronized Map<String, Idle> close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        Map<String, Idle> all = Map.copyOf(idle);
        idle.clear();
        return all;
    }
}
