package dev.berth.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.ExecResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ExecWaitStrategyTest {
    final ScriptedTarget target = new ScriptedTarget();

    @Test
    void retriesUntilTheCommandSucceeds() {
        target.onExec(() -> new ExecResult(2, "", "could not connect to server"));
        target.onExec(() -> new ExecResult(1, "", "no response"));
        target.onExec(() -> new ExecResult(0, "accepting connections", ""));
        Wait.forSuccessfulCommand("pg_isready -U postgres").withStartupTimeout(Duration.ofSeconds(10)).waitUntilReady(target);
        assertEquals(3, target.execCount.get());
        assertEquals(List.of("/bin/sh", "-c", "pg_isready -U postgres"), target.lastExec);
    }

    @Test
    void execFormRunsTheArgvAsGiven() {
        target.onExec(() -> new ExecResult(0, "", ""));
        Wait.forSuccessfulExec("redis-cli", "ping").waitUntilReady(target);
        assertEquals(List.of("redis-cli", "ping"), target.lastExec);
    }

    @Test
    void timeoutQuotesTheLastExitCodeAndStderrAndTheLog() {
        target.onExec(() -> new ExecResult(3, "", "connection refused"));
        target.print("initdb: waiting\n");
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forSuccessfulExec("check").withStartupTimeout(Duration.ofMillis(400)).waitUntilReady(target));
        assertTrue(e.getMessage().contains("exit code 3, stderr: connection refused"), e.getMessage());
        assertTrue(e.getMessage().contains("initdb: waiting"), e.getMessage());
    }

    @Test
    void aHangingCommandIsCutOffAtTheTimeout() {
        target.onExec(() -> {
            Thread.sleep(60_000);
            return new ExecResult(0, "", "");
        });
        long start = System.nanoTime();
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forSuccessfulExec("hang").withStartupTimeout(Duration.ofMillis(500)).waitUntilReady(target));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    @Test
    void execFailuresAreRetriedAndReported() {
        target.onExec(() -> {
            throw new IOException("exec: no such container process");
        });
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forSuccessfulExec("x").withStartupTimeout(Duration.ofMillis(300)).waitUntilReady(target));
        assertTrue(e.getMessage().contains("no such container process"), e.getMessage());
        assertTrue(target.execCount.get() > 1);
    }

    @Test
    void anEmptyCommandIsRejected() {
        assertThrows(IllegalArgumentException.class, Wait::forSuccessfulExec);
    }

    @Test
    void timeoutsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Wait.forSuccessfulExec("x").withStartupTimeout(Duration.ZERO));
    }
}
