package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.Health;
import dev.berth.HealthConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A container's health check and health in its directory: {@code healthcheck.json} (the check in
 * force, written at creation) and {@code health.json} (Docker's {@code State.Health}, replaced
 * atomically after each probe), so that every JVM on the home reads what the one running the
 * checks found.
 */
public final class HealthFiles {
    private final Path config;
    private final Path health;

    private HealthFiles(Path containerDir) {
        this.config = containerDir.resolve("healthcheck.json");
        this.health = containerDir.resolve("health.json");
    }

    /** The files of the container in {@code containerDir}. */
    public static HealthFiles of(Path containerDir) {
        return new HealthFiles(containerDir);
    }

    public void writeConfig(HealthConfig c) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode test = o.putArray("Test");
        c.test().forEach(test::add);
        o.put("Interval", c.effectiveInterval().toNanos());
        o.put("Timeout", c.effectiveTimeout().toNanos());
        o.put("StartPeriod", c.effectiveStartPeriod().toNanos());
        o.put("StartInterval", c.effectiveStartInterval().toNanos());
        o.put("Retries", c.effectiveRetries());
        replace(config, o);
    }

    /** The check in force; empty when the container has none. */
    public Optional<HealthConfig> readConfig() throws IOException {
        JsonNode o = read(config);
        if (o == null) {
            return Optional.empty();
        }
        List<String> test = new ArrayList<>();
        o.path("Test").forEach(t -> test.add(t.asText()));
        return Optional.of(new HealthConfig(test, Duration.ofNanos(o.path("Interval").asLong()),
                Duration.ofNanos(o.path("Timeout").asLong()), Duration.ofNanos(o.path("StartPeriod").asLong()),
                Duration.ofNanos(o.path("StartInterval").asLong()), o.path("Retries").asInt()));
    }

    public void write(Health h) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("Status", h.status().apiName());
        o.put("FailingStreak", h.failingStreak());
        ArrayNode log = o.putArray("Log");
        for (Health.Probe p : h.log()) {
            log.addObject().put("Start", p.start().toString()).put("End", p.end().toString()).put("ExitCode", p.exitCode())
                    .put("Output", p.output());
        }
        replace(health, o);
    }

    /** The health last written; empty before the first write or without a check. */
    public Optional<Health> read() throws IOException {
        JsonNode o = read(health);
        if (o == null) {
            return Optional.empty();
        }
        List<Health.Probe> log = new ArrayList<>();
        for (JsonNode p : o.path("Log")) {
            log.add(new Health.Probe(Instant.parse(p.path("Start").asText()), Instant.parse(p.path("End").asText()),
                    p.path("ExitCode").asInt(), p.path("Output").asText()));
        }
        return Optional.of(new Health(Health.Status.valueOf(o.path("Status").asText().toUpperCase(Locale.ROOT)),
                o.path("FailingStreak").asInt(), log));
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return dev.berth.json.JsonTrees.read(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Written beside and renamed over, so a reader never sees half a file. */
    private static void replace(Path file, JsonNode o) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, dev.berth.json.JsonTreeWriter.write(o)); // no mapper built for it (#17)
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
