package dev.berth.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * The suite's report: every attempt with what it ran, what happened inside the container and
 * what was checked on the host, written as a Markdown table to {@code target/hostile-report.md}
 * (or the file named by the system property {@value #FILE_PROPERTY}) and printed after each
 * suite class. Rows made in another JVM (the rootless user's) are {@link #addAll added} to this one's.
 */
final class HostileReport {
    /** Where a JVM that cannot write {@code target/} (the rootless user's) writes its table. */
    static final String FILE_PROPERTY = "berth.hostile.report";

    private static final List<Row> ROWS = new ArrayList<>();

    /** What happened inside and what the host check found. */
    record Outcome(String inside, String host) {
    }

    /**
     * One attempt as the table shows it; {@code docker} is what Docker does on the same attack (and
     * where Berth is stricter), {@code result} is "held", "FAILED" or "skipped: why".
     */
    record Row(String mode, String name, String command, String inside, String host, String docker, String result) {
        String markdown() {
            return "| " + String.join(" | ", mode, name, "`" + command + "`", cell(inside), cell(host), cell(docker),
                    cell(result)) + " |";
        }
    }

    /** A body that returns the outcome or throws when an attempt succeeded where it must fail. */
    interface Attempt {
        Outcome run() throws Exception;
    }

    private HostileReport() {
    }

    /**
     * Runs {@code attempt}, records it (as skipped with the reason when it aborts, as FAILED with
     * the reason when it throws otherwise) and rethrows. {@code docker} says what Docker does on
     * the same attack, and where Berth is stricter.
     */
    static void attempt(String mode, String name, String command, String docker, Attempt attempt) throws Exception {
        try {
            Outcome o = attempt.run();
            add(new Row(mode, name, command, o.inside(), o.host(), docker, "held"));
        } catch (TestAbortedException e) {
            add(new Row(mode, name, command, "-", "-", docker, "skipped: " + e.getMessage()));
            throw e;
        } catch (Exception | AssertionError e) {
            add(new Row(mode, name, command, String.valueOf(e.getMessage()), "-", docker, "FAILED"));
            throw e;
        }
    }

    private static synchronized void add(Row row) {
        ROWS.add(row);
    }

    /** Adds rows recorded elsewhere, e.g. by the rootless user's JVM. */
    static synchronized void addAll(List<Row> rows) {
        ROWS.addAll(rows);
    }

    /** The rows recorded so far, in order. */
    static synchronized List<Row> rows() {
        return List.copyOf(ROWS);
    }

    private static String cell(String s) {
        return s.strip().replace("\n", "<br>").replace("|", "\\|");
    }

    /** Writes and prints the table of every attempt recorded in this JVM so far. */
    static synchronized void write() throws IOException {
        StringBuilder md = new StringBuilder("# Hostile-workload suite\n\n")
                .append("| mode | attempt | command | inside the container | host check | Docker on the same attack | result |\n")
                .append("|---|---|---|---|---|---|---|\n");
        ROWS.forEach(r -> md.append(r.markdown()).append('\n'));
        String named = System.getProperty(FILE_PROPERTY);
        Path file = named != null ? Path.of(named)
                : Files.createDirectories(Path.of("target")).resolve("hostile-report.md");
        Files.writeString(file, md);
        System.out.println(md);
    }
}
