package dev.berth.wait;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LogMessageWaitStrategyTest {
    final ScriptedTarget target = new ScriptedTarget();

    Thread printLater(String... lines) {
        Thread t = new Thread(() -> {
            try {
                for (String line : lines) {
                    Thread.sleep(50);
                    target.print(line);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    @Test
    void returnsOnceTheLineHasAppearedTheGivenNumberOfTimes() throws Exception {
        Thread printer = printLater("starting\n", "Ready to accept connections\n", "reloading\n",
                "Ready to accept connections\n", "never needed\n");
        Wait.forLogMessage(".*Ready to accept connections.*\\n", 2).withStartupTimeout(Duration.ofSeconds(10))
                .waitUntilReady(target);
        String seen = target.lastLogLines(10);
        assertTrue(seen.indexOf("Ready") != seen.lastIndexOf("Ready"), seen); // both had been printed
        printer.join();
    }

    @Test
    void linesPrintedBeforeTheWaitBeganCount() {
        target.print("database system is ready\n");
        LogMessageWaitStrategy strategy = Wait.forLogMessage(".*is ready.*", 1).withStartupTimeout(Duration.ofMinutes(2));
        // Were only later lines counted, this would wait out its two minutes for a line that never comes.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> strategy.waitUntilReady(target));
    }

    @Test
    void anEarlierLineCountsTowardsTheTimesButTheWaitBlocksForTheRest() throws Exception {
        target.print("database system is ready\n");
        LogMessageWaitStrategy strategy = Wait.forLogMessage(".*is ready.*", 2).withStartupTimeout(Duration.ofMinutes(2));
        CompletableFuture<Void> wait = CompletableFuture.runAsync(() -> strategy.waitUntilReady(target));
        try {
            assertThrows(TimeoutException.class, () -> wait.get(500, TimeUnit.MILLISECONDS), "one line of two is not enough");
            target.print("database system is ready\n");
            wait.get(20, TimeUnit.SECONDS);
        } finally {
            target.stop(); // a wait still blocked ends: its target stopped
        }
    }

    @Test
    void theWholeLineMustMatch() {
        target.print("not Ready yet\n");
        LogMessageWaitStrategy strategy = Wait.forLogMessage("Ready", 1).withStartupTimeout(Duration.ofMillis(300));
        assertThrows(ContainerNotReadyException.class, () -> strategy.waitUntilReady(target));
    }

    @Test
    void timeoutFailsQuotingTheLastLogLines() {
        target.print("booting\n");
        target.print("error: no config\n");
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forLogMessage(".*Ready.*", 1).withStartupTimeout(Duration.ofMillis(300)).waitUntilReady(target));
        assertTrue(e.getMessage().contains("timed out after PT0.3S"), e.getMessage());
        assertTrue(e.getMessage().contains("'.*Ready.*' 1 time"), e.getMessage());
        assertTrue(e.getMessage().contains("booting\nerror: no config\n"), e.getMessage());
        assertTrue(e.getMessage().contains("container scripted"), e.getMessage());
    }

    @Test
    void aContainerThatStopsFailsAtOnceNotAtTheTimeout() throws Exception {
        target.print("fatal: port in use\n");
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            target.exit(2);
        });
        stopper.start();
        long start = System.nanoTime();
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forLogMessage(".*Ready.*", 1).withStartupTimeout(Duration.ofSeconds(20)).waitUntilReady(target));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        assertTrue(e.getMessage().contains("the container exited with code 2 after 0 matching"), e.getMessage());
        assertTrue(e.getMessage().contains("fatal: port in use"), e.getMessage());
        stopper.join();
    }

    @Test
    void aStoppedContainerWhoseOutputMatchedIsReady() {
        target.print("Ready\n");
        target.stop();
        Wait.forLogMessage("Ready\n", 1).waitUntilReady(target);
    }

    @Test
    void timesBelowOneAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Wait.forLogMessage("x", 0));
    }
}
