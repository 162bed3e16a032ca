package dev.berth.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the verbs people type most to look ({@code ps}, {@code images}, {@code inspect}) without
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
