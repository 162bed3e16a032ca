package dev.berth.wait;

import dev.berth.ExecResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A container stand-in whose output the test appends to, whose exec results the test scripts,
 * and whose ports map to real local sockets.
 */
final class ScriptedTarget implements WaitTarget {
    /** What one exec returns, or how it fails or blocks. */
    interface ExecScript {
        ExecResult run() throws IOException, InterruptedException;
    }

    private final List<String> log = new ArrayList<>();
    private final Deque<ExecScript> execs = new ArrayDeque<>();
    private final Map<Integer, InetSocketAddress> ports = new LinkedHashMap<>();
    private boolean running = true;
    private Integer exitCode;
    final AtomicInteger execCount = new AtomicInteger();
    volatile List<String> lastExec;

    synchronized void print(String line) {
        log.add(line);
        notifyAll();
    }

    synchronized void stop() {
        running = false;
        notifyAll();
    }

    /** Stops with {@code code} as its exit code. */
    synchronized void exit(int code) {
        exitCode = code;
        stop();
    }

    @Override
    public synchronized java.util.OptionalInt exitCode() {
        return exitCode == null || running ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(exitCode);
    }

    synchronized void expose(int containerPort, InetSocketAddress hostAddress) {
        ports.put(containerPort, hostAddress);
    }

    synchronized void onExec(ExecScript result) {
        execs.add(result);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public LogLines followLogLines() {
        return new LogLines() {
            private int next;

            @Override
            public Optional<String> next(Duration timeout) throws InterruptedException {
                long deadline = System.nanoTime() + timeout.toNanos();
                synchronized (ScriptedTarget.this) {
                    while (next >= log.size() && running) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return Optional.empty();
                        }
                        ScriptedTarget.this.wait(Math.max(1, left / 1_000_000));
                    }
                    return next < log.size() ? Optional.of(log.get(next++)) : Optional.empty();
                }
            }

            @Override
            public boolean ended() {
                synchronized (ScriptedTarget.this) {
                    return !running && next >= log.size();
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized String lastLogLines(int n) {
        return String.join("", log.subList(Math.max(0, log.size() - n), log.size()));
    }

    @Override
    public ExecResult exec(String... command) throws IOException, InterruptedException {
        execCount.incrementAndGet();
        lastExec = List.of(command);
        ExecScript next;
        synchronized (this) {
            next = execs.size() > 1 ? execs.removeFirst() : execs.peekFirst();
        }
        return next.run();
    }

    @Override
    public synchronized List<Integer> exposedPorts() {
        return List.copyOf(ports.keySet());
    }

    @Override
    public synchronized InetSocketAddress address(int containerPort) {
        InetSocketAddress a = ports.get(containerPort);
        if (a == null) {
            throw new IllegalArgumentException("port " + containerPort + " is not exposed");
        }
        return a;
    }
}
