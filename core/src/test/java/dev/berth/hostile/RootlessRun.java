package dev.berth.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the rootless user's JVM hands back to the root JVM, as JSON in a file: each test of the
 * suite with its outcome and the report rows it recorded, and the processes it left behind.
 *
 * @param results one per test, in the order they ran
 * @param leftovers processes of the user's JVM still alive after the suite ({@code pid command}), expected none
 */
record RootlessRun(List<Result> results, List<String> leftovers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One test as the JUnit Platform reported it.
     *
     * @param test the test method's name
     * @param status SUCCESSFUL, ABORTED or FAILED
     * @param message why it aborted or failed, with the stack trace of a failure; empty when it passed
     * @param rows the report rows it recorded
     */
    record Result(String test, String status, String message, List<HostileReport.Row> rows) {
    }

    void write(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    static RootlessRun read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RootlessRun.class);
    }
}
