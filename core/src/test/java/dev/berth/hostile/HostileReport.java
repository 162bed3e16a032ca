package dev.berth.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's report: every attempt with what it ran, what happened inside the container and
 * what was checked on the host, written as a Markdown table to {@code target/hostile-report.md}
 * and printed after each suite class.
 */
final class HostileReport {
    private static final List<String> ROWS = new ArrayList<>();

    /** What happened inside and what the host check found. */
    record Outcome(String inside, String host) {
    }

    /** A body that returns the outcome or throws when an attempt succeeded where it must fail. */
    interface Attempt {
        Outcome run() throws Exception;
    }

    private HostileReport() {
    }

    /** Runs {@code attempt}, records it (as FAILED with the reason when it throws) and rethrows. */
    static void attempt(String mode, String name, String command, Attempt attempt) throws Exception {
        try {
            Outcome o = attempt.run();
            add(mode, name, command, o.inside(), o.host(), "held");
        } catch (Exception | AssertionError e) {
            add(mode, name, command, String.valueOf(e.getMessage()), "-", "FAILED");
            throw e;
        }
    }

    private static synchronized void add(String mode, String name, String command, String inside, String host, String result) {
        ROWS.add("| " + String.join(" | ", mode, name, "`" + command + "`", cell(inside), cell(host), result) + " |");
    }

    private static String cell(String s) {
        return s.strip().replace("\n", "<br>").replace("|", "\\|");
    }

    /** Writes and prints the table of every attempt recorded in this JVM so far. */
    static synchronized void write() throws IOException {
        StringBuilder md = new StringBuilder("# Hostile-workload suite\n\n")
                .append("| mode | attempt | command | inside the container | host check | result |\n")
                .append("|---|---|---|---|---|---|\n");
        ROWS.forEach(r -> md.append(r).append('\n'));
        Path file = Files.createDirectories(Path.of("target")).resolve("hostile-report.md");
        Files.writeString(file, md);
        System.out.println(md);
    }
}
