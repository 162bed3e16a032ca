package dev.berth;

/**
 * A build failed. The message names the step as {@code docker build} numbers it, its instruction
 * and what went wrong, e.g. {@code step 3/7 COPY app.jar /app/: no such file in context: app.jar};
 * for a failed {@code RUN}, the command, its exit code and its last lines of output
 * (<a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>).
 */
public class BuildException extends RuntimeException {
    private final int step;
    private final String instruction;

    public BuildException(int step, int total, String instruction, String problem, Throwable cause) {
        super("step " + step + "/" + total + " " + instruction + ": " + problem, cause);
        this.step = step;
        this.instruction = instruction;
    }

    /** A build that failed before its first step (a Dockerfile that cannot be translated, a missing base). */
    public BuildException(String problem, Throwable cause) {
        super(problem, cause);
        this.step = 0;
        this.instruction = "";
    }

    /** The failing step's number, from 1 ({@code FROM} counts); 0 when the build failed before any step. */
    public int step() {
        return step;
    }

    /** The failing step's instruction. */
    public String instruction() {
        return instruction;
    }
}
