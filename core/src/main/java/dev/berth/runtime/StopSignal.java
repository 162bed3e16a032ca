package dev.berth.runtime;

import java.util.List;
import java.util.Locale;

/**
 * A signal named as Docker's {@code StopSignal} names it ({@code SIGTERM}, {@code TERM} or
 * {@code 15}; <a href="https://docs.docker.com/reference/dockerfile/#stopsignal">STOPSIGNAL</a>),
 * turned into its Linux number (x86_64 and aarch64 agree on these).
 */
public final class StopSignal {
    /** Docker's default stop signal. */
    public static final String DEFAULT = "SIGTERM";

    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    private StopSignal() {
    }

    /**
     * The number of {@code signal}; null or empty gives SIGTERM.
     *
     * @throws IllegalArgumentException naming the value when it is no signal
     */
    public static int number(String signal) {
        if (signal == null || signal.isBlank()) {
            return 15;
        }
        String s = signal.strip().toUpperCase(Locale.ROOT);
        if (s.matches("[0-9]{1,2}")) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) {
                return n;
            }
        }
        int i = NAMES.indexOf(s.startsWith("SIG") ? s.substring(3) : s);
        if (i <= 0) {
            throw new IllegalArgumentException("invalid stop signal \"" + signal + "\"");
        }
        return i;
    }
}
