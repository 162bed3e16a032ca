package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Event;
import dev.berth.EventQuery;
import dev.berth.EventStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth events}: what happened to containers, images, networks and volumes on this home,
 * one line each ({@code TIME TYPE ACTION ID (ATTRIBUTES)}), from {@code --since} on, following new
 * ones until {@code --until} or Ctrl-C
 * (<a href="https://docs.docker.com/reference/cli/docker/system/events/">docker events</a>).
 */
@Command(name = "events", description = "Get real time events from the server")
final class EventsCommand extends RootVerb implements DockerStatus.ExitsOne {
    /** Go's durations as docker takes them for times relative to now: {@code 10m}, {@code 1h30m}, {@code 1.5s}. */
    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

    @Option(names = "--since", paramLabel = "TIME", description = "Show all events created since timestamp")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Stream events until this timestamp")
    String until;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template: 'json' or a Go template")
    String format;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        EventQuery query = EventQuery.create();
        if (since != null) {
            query = query.since(time(since, now));
        }
        if (until != null) {
            query = query.until(time(until, now));
        }
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad format of filter (expected name=value): " + f);
            }
            query = query.filter(f.substring(0, eq), f.substring(eq + 1));
        }
        dev.berth.cli.format.Template template = null;
        if (format != null && !format.isEmpty()) {
            try {
                template = dev.berth.cli.format.Template.parse("", "json".equals(format) ? "{{json .}}" : format);
            } catch (dev.berth.cli.format.TemplateException e) {
                System.err.println("berth: template parsing error: " + e.getMessage());
                return 64;
            }
        }
        try (Berth berth = open(); EventStream events = berth.events(query)) {
            while (!events.ended()) {
                Event e = events.next(Duration.ofMillis(500));
                if (e != null) {
                    // --format: over docker's events.Message, as docker's CLI runs it
                    System.out.println(template == null ? line(e)
                            : template.execute(dev.berth.cli.format.JsonValues.of(dev.berth.dockerapi.EngineJson.event(e)), "EventMessage"));
                    System.out.flush();
                }
            }
            return 0;
        }
    }

    /** Docker's line: RFC 3339 time with nanoseconds in the local zone, type, action, actor id, sorted attributes. */
    static String line(Event e) {
        StringBuilder s = new StringBuilder(timestamp(e.time())).append(' ').append(e.type()).append(' ')
                .append(e.action()).append(' ').append(e.actorId());
        Map<String, String> attributes = new TreeMap<>(e.attributes());
        if (!attributes.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            attributes.forEach((k, v) -> pairs.add(k + "=" + v));
            s.append(" (").append(String.join(", ", pairs)).append(')');
        }
        return s.toString();
    }

    /** Go's RFC3339Nano: the fraction without its trailing zeros, {@code Z} for UTC. */
    static String timestamp(Instant t) {
        String s = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX").format(t.atZone(ZoneId.systemDefault()));
        return s.replaceFirst("\\.?0+(?=Z|[+-]\\d\\d:\\d\\d$)", "");
    }

    /**
     * A time as docker's {@code --since}/{@code --until} take it: a Unix timestamp (with a
     * fraction), an RFC 3339 date-time (or date), or a Go duration before now ({@code 10m}).
     */
    static Instant time(String value, Instant now) {
        if (value.matches("[0-9]+(\\.[0-9]{1,9})?")) {
            String[] parts = value.split("\\.");
            long nanos = parts.length == 2 ? Long.parseLong((parts[1] + "000000000").substring(0, 9)) : 0;
            return Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
        }
        if (!value.isEmpty() && DURATION.matcher(value).replaceAll("").isEmpty()) {
            Matcher m = DURATION.matcher(value);
            double nanos = 0;
            while (m.find()) {
                double n = Double.parseDouble(m.group(1));
                nanos += n * switch (m.group(2)) {
                    case "ns" -> 1;
                    case "us", "µs" -> 1e3;
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    case "m" -> 60e9;
                    default -> 3600e9;
                };
            }
            return now.minusNanos((long) nanos);
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return java.time.LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return java.time.LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("invalid time \"" + value
                            + "\": expected a Unix timestamp, an RFC 3339 date-time or a duration such as 10m");
                }
            }
        }
    }
}
