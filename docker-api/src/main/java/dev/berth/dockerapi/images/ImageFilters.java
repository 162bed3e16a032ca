package dev.berth.dockerapi.images;

import dev.berth.Berth;
import dev.berth.Image;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.Filters;
import dev.berth.image.ImageReference;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The {@code filters} of {@code GET /images/json} (reference, dangling, label, label!, before,
 * since) and {@code POST /images/prune} (label, label!, until), as dockerd applies them
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageList">ImageList</a>).
 */
final class ImageFilters {
    private static final Set<String> LIST = Set.of("reference", "dangling", "label", "label!", "before", "since");
    private static final Set<String> PRUNE = Set.of("dangling", "label", "label!", "until");

    private ImageFilters() {
    }

    /** The listing filter; {@code references} are the {@code reference} patterns (with the legacy {@code filter}). */
    static Predicate<Image> of(Berth berth, Filters filters, List<String> references) throws IOException {
        check(filters, LIST);
        Predicate<Image> p = i -> filters.matchesLabels(i.labels());
        if (!references.isEmpty()) {
            Predicate<String> tag = referenceMatcher(references);
            p = p.and(i -> ImageNames.repoTags(i).stream().anyMatch(tag));
        }
        var dangling = filters.bool("dangling");
        if (dangling.isPresent()) {
            boolean want = dangling.get();
            p = p.and(i -> i.tags().isEmpty() == want);
        }
        for (String before : filters.values("before")) {
            Instant t = ImageNames.find(berth, before).created().orElse(Instant.EPOCH);
            p = p.and(i -> i.created().orElse(Instant.EPOCH).isBefore(t));
        }
        for (String since : filters.values("since")) {
            Instant t = ImageNames.find(berth, since).created().orElse(Instant.EPOCH);
            p = p.and(i -> i.created().orElse(Instant.EPOCH).isAfter(t));
        }
        return p;
    }

    /** Whether a familiar tag matches one of the {@code reference} patterns (every tag when there are none). */
    static Predicate<String> referenceMatcher(List<String> references) {
        List<Pattern> patterns = references.stream().map(ImageFilters::glob).toList();
        return t -> patterns.isEmpty() || patterns.stream().anyMatch(g -> matches(g, t));
    }

    /** The prune filter, beside {@code dangling} (which the caller passes to the engine). */
    static Predicate<Image> pruning(Filters filters) {
        check(filters, PRUNE);
        Predicate<Image> p = i -> filters.matchesLabels(i.labels());
        for (String until : filters.values("until")) {
            Instant t = timestamp(until);
            p = p.and(i -> i.created().orElse(Instant.EPOCH).isBefore(t));
        }
        return p;
    }

    private static void check(Filters filters, Set<String> known) {
        for (String name : filters.names()) {
            if (!known.contains(name)) {
                throw ApiException.badRequest("invalid filter '" + name + "'");
            }
        }
    }

    /** Docker's timestamps: RFC 3339, Unix seconds (with fraction), or a Go duration before now. */
    static Instant timestamp(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notRfc3339) {
            // next form
        }
        if (value.matches("\\d+(\\.\\d+)?")) {
            double seconds = Double.parseDouble(value);
            return Instant.ofEpochSecond((long) seconds, (long) ((seconds - Math.floor(seconds)) * 1e9));
        }
        var m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)").matcher(value);
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            nanos += (long) (n * switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            });
            end = m.end();
        }
        if (end == 0 || end != value.length()) {
            throw ApiException.badRequest("invalid filter 'until=" + value + "': not a timestamp or duration");
        }
        return Instant.now().minus(Duration.ofNanos(nanos));
    }

    /** A {@code reference} pattern ({@code busybox}, {@code busy*:1.*}) as a regex over a familiar tag. */
    private static Pattern glob(String pattern) {
        String withTag = pattern;
        int slash = pattern.lastIndexOf('/');
        if (pattern.indexOf(':', slash + 1) < 0) {
            withTag = pattern + ":*"; // a pattern without a tag matches the repository's every tag
        }
        StringBuilder regex = new StringBuilder();
        for (char c : withTag.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static boolean matches(Pattern glob, String familiarTag) {
        if (glob.matcher(familiarTag).matches()) {
            return true;
        }
        try {
            // docker.io/library/busybox:1 is also matched by its canonical spelling
            return glob.matcher(ImageReference.parse(familiarTag).toString()).matches();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
