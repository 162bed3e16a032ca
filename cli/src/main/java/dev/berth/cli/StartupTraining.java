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

    /** A container made, not started, from the demo image in {@code home}; false where it cannot be (no busybox, no root). */
    private static boolean createdContainer(java.nio.file.Path home) {
        try (dev.berth.Berth berth = dev.berth.Berth.builder().home(home).build()) {
            berth.container(dev.berth.DemoImage.build(berth)).name("training").command("true").detached(true).create(); // kept at close
            return true;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /** {@code args[0]}: an empty directory to use as the home. */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);
        Main.prepare();
        try {
            String home = args[0];
            Main.run("--version");
            Main.run("--help");
            for (String verb : new String[] {"ps", "images"}) {
                Main.run("--home", home, verb);
                Main.run("--home", home, verb, "-q");
            }
            Main.run("--home", home, "ps", "-a");
            if (createdContainer(java.nio.file.Path.of(home))) {
                // A home with a container: the listing, recovery and inspect paths people see most.
                Main.run("--home", home, "ps", "-a");
                Main.run("--home", home, "inspect", "training");
                Main.run("--home", home, "images");
                Main.run("--home", home, "rm", "training");
            }
            Main.run("--home", home, "inspect", "no-such-container");
            Main.run("--home", home, "logs", "no-such-container");
            Main.run("--home", home, "rm", "no-such-container");
            Main.run("--home", home, "run", "--no-such-option", "img");
            for (Class<?> verb : BerthCommand.verbs()) {
                Main.run(verb.getAnnotation(picocli.CommandLine.Command.class).name(), "--help");
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
