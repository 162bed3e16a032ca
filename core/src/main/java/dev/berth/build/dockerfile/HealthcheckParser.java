package dev.berth.build.dockerfile;

import dev.berth.build.dockerfile.BuilderFlags.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code HEALTHCHECK NONE} and {@code HEALTHCHECK [--interval=...] CMD ...}, with Go durations and retries. */
final class HealthcheckParser {
    private HealthcheckParser() {
    }

    static Instruction parse(Node node, int line) {
        List<String> args = node.arguments();
        if (args.isEmpty()) {
            throw InstructionParser.atLeastOne("HEALTHCHECK");
        }
        String type = args.get(0).toUpperCase(Locale.ROOT);
        List<String> rest = args.subList(1, args.size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw new DockerfileException("HEALTHCHECK NONE takes no arguments");
            }
            InstructionParser.flags(node).parse(node.flags());
            return new Instruction.Healthcheck(line, true, List.of("NONE"), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, 0);
        }
        BuilderFlags flags = InstructionParser.flags(node).accept("interval", Kind.STRING).accept("timeout", Kind.STRING)
                .accept("start-period", Kind.STRING).accept("start-interval", Kind.STRING)
                .accept("retries", Kind.STRING).parse(node.flags());
        if (!type.equals("CMD")) {
            throw new DockerfileException("Unknown type " + GoText.quote(type) + " in HEALTHCHECK (try CMD)");
        }
        if (rest.isEmpty() || !node.json() && rest.get(0).isEmpty()) {
            throw new DockerfileException("Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>();
        test.add(node.json() ? "CMD" : "CMD-SHELL");
        test.addAll(rest);
        int retries = 0;
        String retriesFlag = flags.string("retries");
        if (retriesFlag != null && !retriesFlag.isEmpty()) {
            try {
                retries = Integer.parseInt(retriesFlag);
            } catch (NumberFormatException e) {
                throw new DockerfileException("invalid --retries value " + GoText.quote(retriesFlag));
            }
            if (retries < 0) {
                throw new DockerfileException("--retries cannot be negative (" + retries + ")");
            }
        }
        return new Instruction.Healthcheck(line, false, test, interval(flags, "interval"),
                interval(flags, "timeout"), interval(flags, "start-period"), interval(flags, "start-interval"),
                retries);
    }

    private static Duration interval(BuilderFlags flags, String name) {
        String value = flags.string(name);
        if (value == null || value.isEmpty()) {
            return Duration.ZERO;
        }
        Duration d = GoDuration.parse(value);
        if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
            throw new DockerfileException("Interval --" + name + " cannot be less than 1ms");
        }
        return d;
    }
}
