package dev.berth.wait;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Waits until the container's output has had {@code times} lines matching a regular
 * expression, as Testcontainers' {@code Wait.forLogMessage} does: the whole line, with its
 * newline, must match, and {@code .} matches the newline too, so {@code ".*Ready.*"} and
 * {@code ".*Ready.*\\n"} both work. Lines are read from the start of the output, so a line
 * printed before the wait began counts.
 */
public final class LogMessageWaitStrategy extends AbstractWaitStrategy<LogMessageWaitStrategy> {
    private final String regex;
    private final Pattern pattern;
    private final int times;

    LogMessageWaitStrategy(String regex, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("log message '" + regex + "' times " + times + " must be at least 1");
        }
        this.regex = regex;
        this.pattern = Pattern.compile(regex, Pattern.DOTALL);
        this.times = times;
    }

    @Override
    protected String awaited() {
        return "log output matching '" + regex + "' " + times + (times == 1 ? " time" : " times");
    }

    @Override
    public void waitUntilReady(WaitTarget target) {
        Deadline deadline = Deadline.after(startupTimeout());
        int seen = 0;
        try (LogLines lines = target.followLogLines()) {
            while (true) {
                Optional<String> line = lines.next(deadline.remaining());
                if (line.isPresent()) {
                    if (pattern.matcher(line.get()).matches() && ++seen >= times) {
                        return;
                    }
                } else if (lines.ended() || !target.isRunning()) {
                    throw failure(target, stopped(target) + " after " + seen + " matching", null);
                } else if (deadline.expired()) {
                    throw failure(target, "timed out after " + startupTimeout() + " with " + seen + " matching", null);
                }
            }
        } catch (IOException e) {
            throw failure(target, "its log could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(target, "interrupted", e);
        }
    }
}
