package dev.berth.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the verbs people type most ({@code ps}, {@code images}, {@code inspect}, {@code build}'s
 * and {@code run}'s common lines) without
 * building picocli's model (#17 start-up): picocli reads every option's annotations through
 * reflection and makes a proxy class per annotation type at each start, which cost more than
 * the listing itself. Only a plain command line is taken here: the options below, each spelled
 * as {@code --help} lists it, values as {@code --opt value} or {@code --opt=value}, single-letter
 * flags alone or clustered ({@code -aq}). Anything else ({@code --help}, an unknown or
 * misspelled option, a missing value) returns null and goes to picocli, which answers it as
 * before. The fields set are the verbs' own picocli fields, so both paths run the same code.
 */
final class DirectVerbs {
    private DirectVerbs() {
    }

    /** The verb {@code args} names, ready to call, or null when picocli must parse the line. */
    static Callable<Integer> parse(String... args) {
        BerthCommand top = new BerthCommand();
        Line line = new Line(args);
        String verb = null;
        while (line.more()) {
            String a = line.next();
            if (a.equals("--home") && line.more()) {
                top.home = java.nio.file.Path.of(line.next());
            } else if (a.startsWith("--home=")) {
                top.home = java.nio.file.Path.of(a.substring("--home=".length()));
            } else if (a.equals("--debug")) {
                top.debug = true;
            } else if (!a.startsWith("-")) {
                verb = a;
                break;
            } else {
                return null;
            }
        }
        if (verb == null) {
            return null;
        }
        Verb command = switch (verb) {
            case "ps" -> ps(line, top);
            case "images" -> images(line, top);
            case "inspect" -> inspect(line, top);
            case "build" -> build(line, top);
            case "run" -> run(line, top);
            default -> null;
        };
        if (command == null) {
            return null;
        }
        command.top = top;
        return command;
    }

    /** The exit code of {@code command}, its failure printed as picocli's path prints it. */
    static int call(Callable<Integer> command) {
        Verb verb = (Verb) command;
        try {
            Integer code = command.call();
            return code == null ? 0 : code;
        } catch (Exception e) {
            return new ErrorLine(verb.top).failed(e, verb);
        }
    }

    private static PsCommand ps(Line line, BerthCommand top) {
        PsCommand ps = new PsCommand();
        ps.last = -1; // its picocli default
        ps.listing = new ListingOptions();
        while (line.more()) {
            String a = line.next();
            if (!a.startsWith("--") && a.startsWith("-") && a.length() > 1) {
                for (char c : a.substring(1).toCharArray()) {
                    switch (c) {
                        case 'a' -> ps.all = true;
                        case 's' -> ps.size = true;
                        case 'l' -> ps.latest = true;
                        case 'q' -> ps.listing.quiet = true;
                        default -> {
                            return null;
                        }
                    }
                }
            } else if (!longOption(a, line, top) && !listing(a, line, ps.listing)) {
                switch (a) {
                    case "--all" -> ps.all = true;
                    case "--size" -> ps.size = true;
                    case "--latest" -> ps.latest = true;
                    default -> {
                        return null;
                    }
                }
            }
        }
        return line.bad ? null : ps;
    }

    private static ImagesCommand images(Line line, BerthCommand top) {
        ImagesCommand images = new ImagesCommand();
        images.listing = new ListingOptions();
        while (line.more()) {
            String a = line.next();
            if (!a.startsWith("--") && a.startsWith("-") && a.length() > 1) {
                for (char c : a.substring(1).toCharArray()) {
                    switch (c) {
                        case 'a' -> images.all = true;
                        case 'q' -> images.listing.quiet = true;
                        default -> {
                            return null;
                        }
                    }
                }
            } else if (!a.startsWith("-") && images.repository == null) {
                images.repository = a;
            } else if (!longOption(a, line, top) && !listing(a, line, images.listing)) {
                switch (a) {
                    case "--all" -> images.all = true;
                    case "--digests" -> images.digests = true;
                    default -> {
                        return null;
                    }
                }
            }
        }
        return line.bad ? null : images;
    }

    private static InspectCommand inspect(Line line, BerthCommand top) {
        InspectCommand inspect = new InspectCommand();
        List<String> names = new ArrayList<>();
        while (line.more()) {
            String a = line.next();
            if (!a.startsWith("-")) {
                names.add(a);
            } else if (a.equals("-s") || a.equals("--size")) {
                inspect.size = true;
            } else if (line.value(a, "-f", "--format")) {
                inspect.format = line.value;
            } else if (line.value(a, null, "--type")) {
                inspect.type = line.value;
            } else if (!longOption(a, line, top)) {
                return null;
            }
        }
        inspect.names = names;
        return line.bad || names.isEmpty() ? null : inspect;
    }

    /**
     * {@code build}'s common line (#18: an unchanged rebuild is over in a few hundred
     * milliseconds, of which picocli's model of build's options took a quarter): a context and
     * the options below; secrets, ssh, --platform, --iidfile and clustered flags go to picocli.
     */
    private static BuildCommand build(Line line, BerthCommand top) {
        BuildCommand build = new BuildCommand();
        while (line.more()) {
            String a = line.next();
            line.value = null;
            if (!a.startsWith("-") || a.equals("-")) {
                if (build.context != null) {
                    return null;
                }
                build.context = java.nio.file.Path.of(a);
            } else if (a.equals("-q") || a.equals("--quiet")) {
                build.quiet = true;
            } else if (a.equals("--no-cache")) {
                build.noCache = true;
            } else if (line.value(a, "-t", "--tag")) {
                build.tags.add(line.value);
            } else if (line.value(a, "-f", "--file")) {
                build.dockerfile = line.value == null ? null : java.nio.file.Path.of(line.value);
            } else if (line.value(a, null, "--network")) {
                build.network = line.value;
            } else if (line.value(a, null, "--target")) {
                build.target = line.value;
            } else if (line.value(a, null, "--build-arg")) {
                build.buildArgs.add(line.value);
            } else if (line.value(a, null, "--label")) {
                build.labels.add(line.value);
            } else if (line.value(a, null, "--progress")) {
                build.progress = line.value;
            } else if (!longOption(a, line, top)) {
                return null;
            }
            if (line.value != null && line.value.startsWith("-")) {
                return null; // picocli tells an option from a value that looks like one
            }
        }
        return line.bad || build.context == null ? null : build;
    }

    /**
     * {@code run}'s common line (#17: picocli's model of run's 40 options took some 80 ms of a
     * {@code run --rm IMAGE true}): the flags {@code --rm}, {@code -d}, {@code -i}, {@code -t}
     * (alone or clustered: {@code -it}, {@code -dit}), {@code --init}, {@code --read-only}, the
     * options below with a value, then the image; every word after the image is the container's
     * command, as picocli's stop-at-positional reads it. Anything else goes to picocli.
     */
    private static RunCommand run(Line line, BerthCommand top) {
        RunCommand run = new RunCommand();
        run.options = new RunOptions();
        run.sigProxy = true; // its picocli default
        java.util.Set<String> once = new java.util.HashSet<>(); // picocli refuses a single-valued option given twice
        while (line.more()) {
            String a = line.next();
            line.value = null;
            if (!a.startsWith("-")) {
                run.image = a;
                while (line.more()) {
                    run.command.add(line.next());
                }
                return run;
            }
            if (!a.startsWith("--") && a.length() > 1 && onlyLetters(a.substring(1), "dit")) {
                for (char c : a.substring(1).toCharArray()) {
                    String name = switch (c) {
                        case 'd' -> "--detach";
                        case 'i' -> "--interactive";
                        default -> "--tty";
                    };
                    if (!once.add(name)) {
                        return null;
                    }
                    runOption(name, line, run);
                }
            } else if (!runOption(a, line, run)) {
                return null; // berth's own options too: picocli takes them before the verb only
            } else if (line.single != null && !once.add(line.single)) {
                return null;
            }
            if (line.value != null && line.value.startsWith("-")) {
                return null; // picocli tells an option from a value that looks like one
            }
        }
        return null; // no image: picocli names what is missing
    }

    /** Whether every letter of {@code cluster} is one of {@code letters}. */
    private static boolean onlyLetters(String cluster, String letters) {
        for (int i = 0; i < cluster.length(); i++) {
            if (letters.indexOf(cluster.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** One of {@code run}'s options that {@link #run} reads; whether {@code a} was one. */
    private static boolean runOption(String a, Line line, RunCommand run) {
        RunOptions o = run.options;
        line.single = a.startsWith("--") && a.indexOf('=') < 0 ? a : null;
        switch (a) {
            case "--rm" -> run.rm = true;
            case "--detach" -> run.detach = true;
            case "--interactive" -> run.interactive = true;
            case "--tty" -> run.tty = true;
            case "--init" -> o.init = true;
            case "--read-only" -> o.readOnly = true;
            default -> {
                if (line.value(a, null, "--name")) {
                    o.name = line.value;
                    line.single = "--name";
                } else if (line.value(a, null, "--network")) {
                    o.network = line.value;
                    line.single = "--network";
                } else if (line.value(a, "-e", "--env")) {
                    line.single = null; // a list: any number of times
                    o.env.add(line.value);
                } else if (line.value(a, "-v", "--volume")) {
                    line.single = null; // a list: any number of times
                    o.volumes.add(line.value);
                } else if (line.value(a, "-p", "--publish")) {
                    line.single = null; // a list: any number of times
                    o.publish.add(line.value);
                } else if (line.value(a, "-l", "--label")) {
                    line.single = null; // a list: any number of times
                    o.labels.add(line.value);
                } else if (line.value(a, "-w", "--workdir")) {
                    o.workdir = line.value;
                    line.single = "--workdir";
                } else if (line.value(a, "-u", "--user")) {
                    o.user = line.value;
                    line.single = "--user";
                } else if (line.value(a, null, "--hostname")) {
                    o.hostname = line.value;
                    line.single = "--hostname";
                } else if (line.value(a, "-m", "--memory")) {
                    o.memory = line.value;
                    line.single = "--memory";
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code command}, read directly, calls into the C library (and so wants JNA's cached library). */
    static boolean bindsLibc(Callable<Integer> command) {
        return command instanceof RunCommand;
    }

    /** Berth's own options, which every verb inherits; whether {@code a} was one. */
    private static boolean longOption(String a, Line line, BerthCommand top) {
        if (a.equals("--debug")) {
            top.debug = true;
            return true;
        }
        if (line.value(a, null, "--home")) {
            top.home = java.nio.file.Path.of(line.value);
            return true;
        }
        return false;
    }

    /** The list verbs' shared options ({@link ListingOptions}); whether {@code a} was one. */
    private static boolean listing(String a, Line line, ListingOptions listing) {
        if (a.equals("-q") || a.equals("--quiet")) {
            listing.quiet = true;
        } else if (a.equals("--no-trunc")) {
            listing.noTrunc = true;
        } else if (line.value(a, null, "--format")) {
            listing.format = line.value;
        } else if (line.value(a, "-f", "--filter")) {
            List<String> filters = new ArrayList<>(listing.filters);
            filters.add(line.value);
            listing.filters = filters;
        } else {
            return false;
        }
        return true;
    }

    /** The words of a command line, read once. */
    private static final class Line {
        private final String[] args;
        private int next;
        /** Set when an option lacks its value: picocli then says so. */
        boolean bad;
        /** The value {@link #value} read. */
        String value;
        /** The long name of the single-valued option just read (to refuse it twice, as picocli does); null for a list's. */
        String single;

        Line(String[] args) {
            this.args = args;
        }

        boolean more() {
            return next < args.length && !bad;
        }

        String next() {
            return args[next++];
        }

        /** Whether {@code a} is the option {@code shortName}/{@code longName}; its value is then in {@link #value}. */
        boolean value(String a, String shortName, String longName) {
            if (a.startsWith(longName + "=")) {
                value = a.substring(longName.length() + 1);
                return true;
            }
            if (a.equals(longName) || a.equals(shortName)) {
                if (next < args.length) {
                    value = args[next++];
                } else {
                    bad = true;
                    value = null;
                }
                return true;
            }
            return false;
        }
    }
}
