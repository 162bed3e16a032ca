package dev.berth.build.dockerfile;

import dev.berth.build.dockerfile.BuilderFlags.Kind;
import dev.berth.build.dockerfile.Instruction.ArgDefinition;
import dev.berth.build.dockerfile.Instruction.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one {@link Node} into a typed {@link Instruction}, checking arguments and flags as BuildKit's
 * {@code instructions.ParseInstruction} does. Errors are thrown without a line; the caller adds it.
 */
final class InstructionParser {
    private InstructionParser() {
    }

    static Instruction parse(Node node) {
        int line = node.startLine();
        List<String> args = node.arguments();
        String keyword = node.keyword();
        return switch (keyword) {
            case "run" -> run(node, line);
            case "cmd" -> {
                flags(node).parse(node.flags());
                yield new Instruction.Cmd(line, commandLine(node), !node.json());
            }
            case "entrypoint" -> {
                flags(node).parse(node.flags());
                yield new Instruction.Entrypoint(line, commandLine(node), !node.json());
            }
            case "shell" -> {
                flags(node).parse(node.flags());
                if (args.isEmpty()) {
                    throw atLeastOne("SHELL");
                }
                if (!node.json()) {
                    throw new DockerfileException("SHELL requires the arguments to be in JSON form");
                }
                yield new Instruction.Shell(line, args);
            }
            case "env" -> {
                flags(node).parse(node.flags());
                List<KeyValue> pairs = pairs("ENV", args);
                yield new Instruction.Env(line, pairs, args.size() == 3 && args.get(2).isEmpty());
            }
            case "label" -> {
                flags(node).parse(node.flags());
                yield new Instruction.Label(line, pairs("LABEL", args));
            }
            case "arg" -> arg(node, line);
            case "expose" -> {
                flags(node).parse(node.flags());
                if (args.isEmpty()) {
                    throw atLeastOne("EXPOSE");
                }
                yield new Instruction.Expose(line, args);
            }
            case "volume" -> volume(node, line);
            case "user" -> new Instruction.User(line, exactlyOne(node, "USER"));
            case "workdir" -> new Instruction.Workdir(line, exactlyOne(node, "WORKDIR"));
            case "stopsignal" -> new Instruction.StopSignal(line, exactlyOne(node, "STOPSIGNAL"));
            case "maintainer" -> new Instruction.Maintainer(line, exactlyOne(node, "MAINTAINER"));
            case "copy" -> copy(node, line);
            case "add" -> add(node, line);
            case "onbuild" -> onbuild(node, line);
            case "healthcheck" -> HealthcheckParser.parse(node, line);
            case "from" -> throw new IllegalStateException("FROM is handled by the stage builder");
            default -> throw new DockerfileException("unknown instruction: " + keyword.toUpperCase(Locale.ROOT)
                    + KeywordSuggestion.forUnknown(keyword));
        };
    }

    /** The argv of the exec form, or the one command string of the shell form (empty when nothing follows). */
    private static List<String> commandLine(Node node) {
        return node.json() ? node.arguments() : List.of(String.join(" ", node.arguments()));
    }

    static BuilderFlags flags(Node node) {
        return BuilderFlags.of(node.keyword());
    }

    static DockerfileException atLeastOne(String instruction) {
        return new DockerfileException(instruction + " requires at least one argument");
    }

    private static String exactlyOne(Node node, String instruction) {
        flags(node).parse(node.flags());
        if (node.arguments().size() != 1) {
            throw new DockerfileException(instruction + " requires exactly one argument");
        }
        return node.arguments().get(0);
    }

    private static List<KeyValue> pairs(String instruction, List<String> args) {
        if (args.isEmpty()) {
            throw atLeastOne(instruction);
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i += 3) {
            if (args.get(i).isEmpty()) {
                throw new DockerfileException(instruction + " names can not be blank");
            }
            pairs.add(new KeyValue(args.get(i), args.get(i + 1)));
        }
        return pairs;
    }

    private static Instruction run(Node node, int line) {
        BuilderFlags flags = flags(node).accept("mount", Kind.STRINGS).accept("network", Kind.STRING)
                .accept("security", Kind.STRING).accept("device", Kind.STRINGS).parse(node.flags());
        if (!flags.strings("device").isEmpty()) {
            // BuildKit's labs channel gives RUN host devices (CDI); Berth's build steps get none.
            throw new DockerfileException("RUN --device=" + flags.strings("device").get(0) + " is not supported: Berth's"
                    + " build steps get no host devices, only the container defaults of its device rules");
        }
        List<RunMount> mounts = new ArrayList<>();
        for (String mount : flags.strings("mount")) {
            mounts.add(RunMount.parse(mount));
        }
        String network = flags.string("network");
        if (network != null && !List.of("default", "none", "host").contains(network)) {
            throw new DockerfileException("unsupported network mode " + GoText.quote(network)
                    + " (supported: default, none, host)");
        }
        String security = flags.string("security");
        if (security != null && !List.of("sandbox", "insecure").contains(security)) {
            throw new DockerfileException("unsupported security mode " + GoText.quote(security)
                    + " (supported: sandbox, insecure)");
        }
        return new Instruction.Run(line, commandLine(node), !node.json(), mounts, Optional.ofNullable(network),
                Optional.ofNullable(security), node.heredocs());
    }

    private static Instruction arg(Node node, int line) {
        flags(node).parse(node.flags());
        if (node.arguments().isEmpty()) {
            throw atLeastOne("ARG");
        }
        List<ArgDefinition> defs = new ArrayList<>();
        for (String arg : node.arguments()) {
            int eq = arg.indexOf('=');
            if (eq == 0) {
                throw new DockerfileException("ARG names can not be blank");
            }
            defs.add(eq < 0 ? new ArgDefinition(arg, Optional.empty())
                    : new ArgDefinition(arg.substring(0, eq), Optional.of(arg.substring(eq + 1))));
        }
        return new Instruction.Arg(line, defs);
    }

    private static Instruction volume(Node node, int line) {
        flags(node).parse(node.flags());
        if (node.arguments().isEmpty()) {
            throw atLeastOne("VOLUME");
        }
        List<String> paths = new ArrayList<>();
        for (String path : node.arguments()) {
            String trimmed = GoText.trimSpace(path);
            if (trimmed.isEmpty()) {
                throw new DockerfileException("VOLUME specified can not be an empty string");
            }
            paths.add(trimmed);
        }
        return new Instruction.Volume(line, paths);
    }

    /** Sources, inline (here-document) sources and destination of COPY and ADD. */
    private record Transfer(List<String> sources, List<Heredoc> inline, String destination) {
    }

    private static Transfer transfer(Node node, String instruction) {
        List<String> args = node.arguments();
        if (args.size() < 2) {
            throw new DockerfileException(instruction + " requires at least two arguments, but only "
                    + (args.isEmpty() ? "none was" : "one was") + " provided. Destination could not be determined.");
        }
        String destination = args.get(args.size() - 1);
        if (HeredocWords.parse(destination) != null && !node.json()) {
            throw new DockerfileException(instruction + " cannot accept a heredoc as a destination");
        }
        List<String> sources = new ArrayList<>();
        List<Heredoc> inline = new ArrayList<>();
        Map<String, Heredoc> bodies = new HashMap<>();
        for (Heredoc doc : node.heredocs()) {
            bodies.putIfAbsent(doc.name(), doc);
        }
        for (String source : args.subList(0, args.size() - 1)) {
            HeredocWords.Start start = node.json() ? null : HeredocWords.parse(source);
            if (start == null) {
                sources.add(source);
                continue;
            }
            inline.add(bodies.getOrDefault(start.name(),
                    new Heredoc(start.name(), start.fileDescriptor(), start.expand(), start.chomp(), "", 0)));
        }
        return new Transfer(sources, inline, destination);
    }

    private static Instruction copy(Node node, int line) {
        BuilderFlags flags = flags(node).accept("from", Kind.STRING).accept("chown", Kind.STRING)
                .accept("chmod", Kind.STRING).accept("link", Kind.BOOL).accept("parents", Kind.BOOL)
                .accept("exclude", Kind.STRINGS).parse(node.flags());
        Transfer t = transfer(node, "COPY");
        return new Instruction.Copy(line, t.sources(), t.inline(), t.destination(),
                Optional.ofNullable(flags.string("from")), Optional.ofNullable(flags.string("chown")),
                Optional.ofNullable(flags.string("chmod")), flags.bool("link"), flags.bool("parents"),
                flags.strings("exclude"));
    }

    private static Instruction add(Node node, int line) {
        BuilderFlags flags = flags(node).accept("chown", Kind.STRING).accept("chmod", Kind.STRING)
                .accept("link", Kind.BOOL).accept("checksum", Kind.STRING).accept("keep-git-dir", Kind.BOOL)
                .accept("exclude", Kind.STRINGS).accept("unpack", Kind.BOOL).parse(node.flags());
        Transfer t = transfer(node, "ADD");
        Optional<Boolean> unpack = flags.string("unpack") == null ? Optional.empty() : Optional.of(flags.bool("unpack"));
        return new Instruction.Add(line, t.sources(), t.inline(), t.destination(),
                Optional.ofNullable(flags.string("chown")), Optional.ofNullable(flags.string("chmod")),
                flags.bool("link"), Optional.ofNullable(flags.string("checksum")), flags.bool("keep-git-dir"),
                flags.strings("exclude"), unpack);
    }

    private static Instruction onbuild(Node node, int line) {
        flags(node).parse(node.flags());
        Node trigger = node.subcommand().orElseThrow(() -> atLeastOne("ONBUILD"));
        String keyword = trigger.keyword().toUpperCase(Locale.ROOT);
        switch (keyword) {
            case "ONBUILD" -> throw new DockerfileException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw new DockerfileException(keyword + " isn't allowed as an ONBUILD trigger");
            default -> {
            }
        }
        String expression = node.original().replaceFirst("(?i)^[\\t\\n\\f\\r ]*ONBUILD[\\t\\n\\f\\r ]*", "");
        Node withDocs = trigger.withHeredocs(node.heredocs(), trigger.endLine());
        Optional<Instruction> typed;
        try {
            typed = Optional.of(parse(withDocs));
        } catch (DockerfileException e) {
            typed = Optional.empty(); // BuildKit stores the text and only parses it when the trigger fires
        }
        return new Instruction.Onbuild(line, expression, typed);
    }
}
