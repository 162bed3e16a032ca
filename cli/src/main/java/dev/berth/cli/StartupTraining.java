package dev.berth.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The training run that {@code cli/src/main/sh/startup-archive.sh} records to make the
 * class-data archive {@code ./berth} starts with
 * (<a href="https://docs.oracle.com/en/java/javase/17/vm/class-data-sharing.html">AppCDS</a>, or
 * the AOT cache of JDK 25, <a href="https://openjdk.org/jeps/514">JEP 514</a>): in one JVM, the
 * commands people type most on an empty home, and every verb's {@code --help}, so that the archive
 * holds the classes of the start, of picocli's model of each verb, of opening the store and of
 * the error path. Their output goes nowhere.
 */
final class StartupTraining {
    private StartupTraining() {
    }

    /** {@code args[0]}: an empty directory to use as the home. */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);
        Main.prepare(); // after setErr: the warnings' handler keeps the stream it finds
        try {
            String home = args[0];
            Main.run("--version");
            Main.run("--help");
            for (String verb : new String[] {"ps", "images"}) {
                Main.run("--home", home, verb);
                Main.run("--home", home, verb, "-q");
            }
            Main.run("--home", home, "ps", "-a");
            Main.run("--home", home, "inspect", "no-such-container");
            Main.run("--home", home, "logs", "no-such-container");
            Main.run("--home", home, "rm", "no-such-container");
            Main.run("--home", home, "run", "--no-such-option", "img");
            for (Class<?> verb : BerthCommand.VERBS) {
                Main.run(verb.getAnnotation(picocli.CommandLine.Command.class).name(), "--help");
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
