package dev.berth.cli;

/**
 * A verb or option this build of Berth cannot do yet: reported as one line,
 * {@code berth: not available in this build: WHY}, with exit code 125.
 */
final class NotAvailable extends RuntimeException {
    NotAvailable(String why) {
        super("not available in this build: " + why);
    }
}
