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

    /**
     * {@code berth build} of two small Dockerfiles on the demo image, each twice: the first time
     * every step runs (a COPY, and a RUN where this host can run one), the second every step comes
     * from the cache, as an unchanged rebuild does (#18: its classes and lambdas, from the
     * Dockerfile parser to the image written, then come from the archive). RUN shares the host's
     * network, so no bridge or firewall rule is made; a RUN that cannot run here fails its build,
     * which is part of the training too.
     */
    private static void trainBuilds(String home) throws java.io.IOException {
        java.nio.file.Path context = java.nio.file.Files.createDirectories(java.nio.file.Path.of(home, "training-context"));
        java.nio.file.Files.writeString(context.resolve("file"), "training\n");
        String common = "FROM " + dev.berth.DemoImage.REFERENCE + " AS base\nARG VERSION=1\nENV A=b PATH=/bin:/usr/bin\n"
                + "WORKDIR /w\nCOPY file ./\nLABEL org.example.version=$VERSION\nEXPOSE 80/tcp\nUSER 0:0\n";
        java.nio.file.Files.writeString(context.resolve("Dockerfile"), common + "CMD [\"sh\"]\n");
        java.nio.file.Files.writeString(context.resolve("Dockerfile.run"), common
                + "RUN true\nFROM scratch\nCOPY --from=base /w/file /file\nENTRYPOINT [\"/file\"]\n");
        for (String dockerfile : new String[] {"Dockerfile", "Dockerfile.run"}) {
            for (int i = 0; i < 2; i++) {
                Main.run("--home", home, "build", "--network", "host", "-t", "training:" + i, "-f",
                        context.resolve(dockerfile).toString(), context.toString());
            }
        }
    }

    /**
     * The listing verbs alone (ps, images, inspect), on a home the whole training has used: JDK
     * 25's AOT cache loads and links every class it holds at each start, so these short verbs
     * start some 50 ms sooner from a cache of their own classes (#17; JDK 17's archive loads
     * lazily and needs none).
     */
    private static void trainListings(String home) {
        Main.run("--home", home, "ps", "-a");
        Main.run("--home", home, "ps", "-q");
        Main.run("--home", home, "ps");
        Main.run("--home", home, "images");
        Main.run("--home", home, "images", "-q");
        Main.run("--home", home, "inspect", "training-run");
        Main.run("--home", home, "inspect", dev.berth.DemoImage.REFERENCE);
        Main.run("--home", home, "inspect", "no-such-container");
    }

    /** {@code args[0]}: an empty directory to use as the home; {@code HOME listing}: {@link #trainListings} on one used. */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);
        if (args.length > 1 && args[1].equals("listing")) {
            try {
                trainListings(args[0]);
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            return;
        }
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
                // #17: `run` read directly, the container made, launched, waited for and removed
                // (--rm), and one kept (attached over its helper's pipes), then removed.
                Main.run("--home", home, "run", "--rm", "--network", "none", dev.berth.DemoImage.REFERENCE, "true");
                Main.run("--home", home, "run", "--name", "training-run", "--network", "none", dev.berth.DemoImage.REFERENCE, "true");
                trainBuilds(home); // training-run stays, exited, for the listing training

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
