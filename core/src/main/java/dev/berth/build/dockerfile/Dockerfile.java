package dev.berth.build.dockerfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed and checked Dockerfile: its parser directives, the raw syntax tree ({@link #nodes()},
 * printable in BuildKit's notation with {@link #dump()}), the global ARGs declared before the first FROM
 * and the typed build {@link #stages()}. Parsing follows BuildKit's Dockerfile frontend (parser and
 * instruction checks); every problem is a {@link DockerfileException} naming the line. For the syntax
 * alone, without instruction checks, see {@link SyntaxTree}.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>
 * @see <a href="https://docs.docker.com/reference/dockerfile/#parser-directives">Parser directives</a>
 */
public final class Dockerfile {
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-_.]*");

    private final SyntaxTree syntax;
    private final List<Instruction.Arg> globalArgs;
    private final List<Stage> stages;
    private final List<BuildCheck> checks;

    private Dockerfile(SyntaxTree syntax, List<Instruction.Arg> globalArgs, List<Stage> stages) {
        this.syntax = syntax;
        this.globalArgs = List.copyOf(globalArgs);
        this.stages = List.copyOf(stages);
        this.checks = BuildChecks.run(syntax, this.globalArgs, this.stages);
    }

    /**
     * The build checks that failed, ordered by line: what BuildKit accepts but warns about
     * (legacy {@code ENV key value}, shell-form {@code CMD}, an empty continuation line, ...),
     * without those the {@code # check=skip=} directive skips.
     *
     * @see <a href="https://docs.docker.com/reference/build-checks/">Build checks</a>
     */
    public List<BuildCheck> checks() {
        return checks;
    }

    /** The {@code # check=} directive ({@code skip=...;error=true}); empty when there is none. */
    public CheckDirective checkDirective() {
        return CheckDirective.parse(syntax.directives().get("check"));
    }

    /**
     * Parses Dockerfile text.
     *
     * @throws DockerfileException if Docker would refuse it; the message names the line
     */
    public static Dockerfile parse(String text) {
        SyntaxTree ast = SyntaxTree.parse(text);
        List<Instruction.Arg> globals = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        Node from = null;
        Set<String> names = new HashSet<>();
        for (Node node : ast.nodes()) {
            try {
                if (node.keyword().equals("from")) {
                    if (from != null) {
                        stages.add(stage(stages.size(), from, current));
                    }
                    Stage checked = stage(stages.size(), node, List.of());
                    if (checked.name().isPresent() && !names.add(checked.name().get())) {
                        throw new DockerfileException("duplicate stage name " + GoText.quote(checked.name().get()));
                    }
                    from = node;
                    current = new ArrayList<>();
                    continue;
                }
                Instruction instruction = InstructionParser.parse(node);
                if (from == null) {
                    if (instruction instanceof Instruction.Arg arg) {
                        globals.add(arg);
                        continue;
                    }
                    throw new DockerfileException("no build stage in current context: "
                            + node.keyword().toUpperCase(Locale.ROOT)
                            + " must come after a FROM (only ARG may precede the first FROM)");
                }
                current.add(instruction);
            } catch (DockerfileException e) {
                throw e.at(node.startLine());
            }
        }
        if (from == null) {
            int line = ast.nodes().get(ast.nodes().size() - 1).startLine();
            throw new DockerfileException(line, "no FROM instruction: a Dockerfile needs at least one build stage");
        }
        stages.add(stage(stages.size(), from, current));
        return new Dockerfile(ast, globals, stages);
    }

    /**
     * Reads and parses a Dockerfile (UTF-8; invalid bytes become U+FFFD).
     *
     * @throws DockerfileException if it cannot be read or Docker would refuse it
     */
    public static Dockerfile parse(Path file) {
        if (file == null) {
            throw new DockerfileException("no Dockerfile path (null)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DockerfileException("cannot read Dockerfile " + file + ": " + e);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
            return parse(text);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DockerfileException("cannot decode Dockerfile " + file + ": " + e);
        } catch (DockerfileException e) {
            throw e.inFile(file);
        }
    }

    private static Stage stage(int index, Node from, List<Instruction> instructions) {
        List<String> args = from.arguments();
        BuilderFlags flags = BuilderFlags.of("from").accept("platform", BuilderFlags.Kind.STRING).parse(from.flags());
        Optional<String> name = Optional.empty();
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            String lower = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(lower).matches()) {
                throw new DockerfileException(from.startLine(), "invalid name for build stage: "
                        + GoText.quote(args.get(2)) + ", name can't start with a number or contain symbols");
            }
            name = Optional.of(lower);
        } else if (args.size() != 1) {
            throw new DockerfileException(from.startLine(), args.isEmpty()
                    ? "FROM requires an image (FROM [--platform=<platform>] <image> [AS <name>])"
                    : "FROM requires either one or three arguments");
        }
        return new Stage(index, name, args.get(0), Optional.ofNullable(flags.string("platform")), from.startLine(),
                instructions);
    }

    /** The parser directives found at the top ({@code syntax}, {@code escape}, {@code check}), by lower-case name. */
    public Map<String, String> directives() {
        return syntax.directives();
    }

    /** The escape character: backslash, or backtick with {@code # escape=`}. */
    public char escapeCharacter() {
        return syntax.escapeCharacter();
    }

    /** The raw syntax tree: one node per instruction, in order. */
    public List<Node> nodes() {
        return syntax.nodes();
    }

    /** The raw syntax tree with its directives. */
    public SyntaxTree syntax() {
        return syntax;
    }

    /** The ARG instructions before the first FROM; only FROM lines (and stages re-declaring them) see them. */
    public List<Instruction.Arg> globalArgs() {
        return globalArgs;
    }

    /** The build stages in order; the last one is the default target. */
    public List<Stage> stages() {
        return stages;
    }

    /** The stage named {@code name} (case-insensitive), if any. */
    public Optional<Stage> stage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> s.name().map(lower::equals).orElse(false)).findFirst();
    }

    /**
     * The values of the global ARGs: each default expanded with the global args before it, overridden by
     * {@code buildArgs} ({@code --build-arg}); args without a default nor a build arg are absent.
     */
    public Map<String, String> globalArgValues(Map<String, String> buildArgs) {
        Map<String, String> values = new LinkedHashMap<>();
        VariableExpander expander = new VariableExpander(syntax.escapeCharacter());
        for (Instruction.Arg arg : globalArgs) {
            for (Instruction.ArgDefinition def : arg.args()) {
                try {
                    if (buildArgs.containsKey(def.name())) {
                        values.put(def.name(), buildArgs.get(def.name()));
                    } else if (def.defaultValue().isPresent()) {
                        values.put(def.name(), expander.expand(def.defaultValue().get(), values));
                    }
                } catch (DockerfileException e) {
                    throw e.at(arg.line());
                }
            }
        }
        return values;
    }

    /** The automatic platform args, visible to FROM without being declared. */
    private static final Set<String> AUTOMATIC_ARGS = Set.of("BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
            "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT");

    /** What a FROM line sees: the automatic platform args from {@code buildArgs}, then the global ARGs. */
    private Map<String, String> fromScope(Map<String, String> buildArgs) {
        Map<String, String> scope = new LinkedHashMap<>();
        buildArgs.forEach((k, v) -> {
            if (AUTOMATIC_ARGS.contains(k)) {
                scope.put(k, v);
            }
        });
        scope.putAll(globalArgValues(buildArgs));
        return scope;
    }

    /**
     * The stage's base image with the global ARGs (and the automatic platform args given in
     * {@code buildArgs}) expanded, e.g. {@code alpine:3.20}.
     */
    public String resolveBase(Stage stage, Map<String, String> buildArgs) {
        try {
            return new VariableExpander(syntax.escapeCharacter()).expand(stage.base(), fromScope(buildArgs));
        } catch (DockerfileException e) {
            throw e.at(stage.line());
        }
    }

    /**
     * The stage's {@code --platform} with the global ARGs expanded; pass the automatic platform args
     * ({@code BUILDPLATFORM}, {@code TARGETPLATFORM}, ...) in {@code buildArgs}.
     */
    public Optional<String> resolvePlatform(Stage stage, Map<String, String> buildArgs) {
        try {
            Map<String, String> values = fromScope(buildArgs);
            return stage.platform().map(p -> new VariableExpander(syntax.escapeCharacter()).expand(p, values));
        } catch (DockerfileException e) {
            throw e.at(stage.line());
        }
    }

    /** The whole syntax tree in BuildKit's {@code Node.Dump()} notation, one parenthesised line per instruction. */
    public String dump() {
        return syntax.dump();
    }
}
