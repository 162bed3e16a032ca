package dev.berth.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Registers on the top command only the verb a command line names, so that {@code berth ps}
 * builds picocli's model of {@code ps} alone and loads no other verb's classes (picocli builds
 * every annotated subcommand, and initialises its class, at start). A line that names no known
 * verb but asks for help ({@code berth --help}) or names an unknown one (a typo) gets them all:
 * the help lists them and an unknown verb gets picocli's suggestions.
 */
final class VerbLine {
    private VerbLine() {
    }

    /** Adds to {@code top} the verb {@code args} names; every verb of {@code verbs} for help or an unknown verb; none otherwise. */
    static void register(CommandLine top, List<Class<?>> verbs, String... args) {
        String word = verbWord(args);
        if (word == null && !asksHelp(args)) {
            return; // berth, berth --version: the demo and the version need no verb
        }
        for (Class<?> verb : verbs) {
            if (word != null && named(verb, word)) {
                top.addSubcommand(verb);
                return;
            }
        }
        // A loop, not forEach(top::addSubcommand): a method reference into picocli makes the
        // archive dump link picocli's CommandLine, which then leaves it out (class version 49).
        for (Class<?> verb : verbs) {
            top.addSubcommand(verb);
        }
    }

    /** The first word that is not one of berth's own options (or {@code --home}'s value); null if none. */
    static String verbWord(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--home")) {
                i++;
            } else if (a.equals("--")) {
                return i + 1 < args.length ? args[i + 1] : null;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /** Whether berth's own options include {@code -h}/{@code --help} (alone or in a cluster such as {@code -hV}). */
    private static boolean asksHelp(String... args) {
        for (String a : args) {
            if (a.equals("--help") || (a.startsWith("-") && !a.startsWith("--") && a.indexOf('h') > 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean named(Class<?> verb, String word) {
        Command c = verb.getAnnotation(Command.class);
        if (c == null) {
            return false;
        }
        if (c.name().equals(word)) {
            return true;
        }
        for (String alias : c.aliases()) {
            if (alias.equals(word)) {
                return true;
            }
        }
        return false;
    }
}
