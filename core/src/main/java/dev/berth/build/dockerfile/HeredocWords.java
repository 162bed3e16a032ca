package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds here-document openers ({@code <<EOF}, {@code <<-EOF}, {@code 3<<'EOF'}) among the words of an
 * instruction line, with BuildKit's rules: a word is an opener when it is {@code [digits]<<[-]name} with
 * no further {@code <}, and the name is a single shell word; quoting any part of the name turns
 * variable expansion of the body off.
 */
final class HeredocWords {
    private HeredocWords() {
    }

    /** An opener: the delimiter name, descriptor, and the expand and chomp switches. */
    record Start(String name, int fileDescriptor, boolean expand, boolean chomp) {
    }

    /** The openers on {@code line}, in order. */
    static List<Start> inLine(String line, int lineNumber) {
        List<String> words;
        try {
            words = VariableExpander.lexing(true, true).expandWords(line, Map.of());
        } catch (DockerfileException e) {
            return List.of(); // BuildKit ignores lexing errors here: such a line simply has no heredoc
        }
        List<Start> starts = new ArrayList<>();
        for (String word : words) {
            try {
                Start start = parse(word);
                if (start != null) {
                    starts.add(start);
                }
            } catch (DockerfileException e) {
                throw new DockerfileException(lineNumber, "invalid heredoc " + word + ": " + e.getMessage());
            }
        }
        return starts;
    }

    /** The opener that {@code word} is, or null when it is none. */
    static Start parse(String word) {
        int i = 0;
        while (i < word.length() && word.charAt(i) >= '0' && word.charAt(i) <= '9') {
            i++;
        }
        String digits = word.substring(0, i);
        if (!word.startsWith("<<", i)) {
            return null;
        }
        i += 2;
        boolean chomp = i < word.length() && word.charAt(i) == '-';
        if (chomp) {
            i++;
        }
        String rest = word.substring(i);
        if (rest.isEmpty() || rest.indexOf('<') >= 0) {
            return null;
        }
        List<String> plain = VariableExpander.lexing(false, false).expandWords(rest, Map.of());
        if (plain.size() != 1) {
            return null;
        }
        List<String> raw = VariableExpander.lexing(true, false).expandWords(rest, Map.of());
        if (raw.size() != 1) {
            throw new DockerfileException("internal lexing of heredoc produced inconsistent results: " + rest);
        }
        boolean expand = quotes(plain.get(0)) == quotes(raw.get(0));
        return new Start(plain.get(0), descriptor(digits), expand, chomp);
    }

    private static int descriptor(String digits) {
        if (digits.isEmpty() || digits.length() > 9) {
            return 0;
        }
        return Integer.parseInt(digits);
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }
}
