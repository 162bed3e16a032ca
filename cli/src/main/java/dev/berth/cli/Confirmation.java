package dev.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Docker's question before a prune: the warning, then {@code Are you sure you want to continue?
 * [y/N]}, answered on stdin; {@code -f} skips it.
 */
final class Confirmation {
    private Confirmation() {
    }

    /** Prints {@code warning} and the question; true when the answer is y or yes. */
    static boolean ask(String warning) throws IOException {
        System.out.println(warning);
        System.out.print("Are you sure you want to continue? [y/N] ");
        System.out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().matches("(?i)y|yes");
    }
}
