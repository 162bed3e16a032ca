package dev.berth.build.dockerfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private final CheckDirective checkDirective;

    private Dockerfile(SyntaxTree syntax, List<Instruction.Arg> globalArgs, List<Stage> stages) {
        this.syntax = syntax;
        this.globalArgs = List.copyOf(globalArgs);
        this.stages = List.copyOf(stages);
        this.checkDirective = CheckDirective.parse(syntax.directives().get("check"));
        this.checks = BuildChecks.run(syntax, this.globalArgs, this.stages);
    }

    /**
     * The build checks that failed in any stage, ordered by line: what BuildKit accepts but warns
     * about (legacy {@code ENV key value}, shell-form {@code CMD}, an empty continuation line, ...),
     * as the {@code # check=} directive configures them (skipped rules left out, experimental ones
     * only when turned on). The checks that need base images are in {@link #buildChecks}.
     *
     * @see <a href="https://docs.docker.com/reference/build-checks/">Build checks</a>
     */
    public List<BuildCheck> checks() {
        return reported(checks, checkDirective);
    }

    /** The {@code # check=} directive ({@code skip=...;error=true}); empty when there is none. */
    public CheckDirective checkDirective() {
        return checkDirective;
    }

    /**
     * The check configuration of a build: the {@code BUILDKIT_DOCKERFILE_CHECK} build argument when
     * given (it replaces the directive, as in BuildKit), else the {@code # check=} directive.
     *
     * @throws DockerfileException if the build argument is no valid configuration
     */
    public CheckDirective checkConfig(Map<String, String> buildArgs) {
        String arg = buildArgs.get(CheckDirective.BUILD_ARG);
        if (arg == null) {
            return checkDirective;
        }
        try {
            return CheckDirective.parse(arg);
        } catch (DockerfileException e) {
            throw new DockerfileException("failed to parse " + CheckDirective.BUILD_ARG + ": " + e.getMessage());
        }
    }

    /** The Env ({@code KEY=value} entries) of a base image, by the reference a FROM names. */
    @FunctionalInterface
    public interface BaseEnvironment {
        /** The image's config Env; empty when it has none. */
        List<String> env(String image) throws IOException;
    }

    /**
     * The build checks a build of {@code target} (null: the last stage) reports, ordered by line, as
     * BuildKit converts it: those of {@link #checks()} for the stages the build needs (FROM-line and
     * syntax checks for all), plus UndefinedVar (with each base image's Env from {@code bases}),
     * CopyIgnoredFile (against {@code ignore}; null when the context has no {@code .dockerignore})
     * and the EXPOSE checks of ports written with variables, configured by
     * {@link #checkConfig(Map) checkConfig(buildArgs)}. A stage whose base cannot be read is left
     * out of UndefinedVar (the build reports that base).
     */
    public List<BuildCheck> buildChecks(Map<String, String> buildArgs, String target, BaseEnvironment bases,
            DockerIgnore ignore) {
        Set<Integer> reachable = BuildTimeChecks.reachable(this, buildArgs, target);
        List<BuildCheck> all = new ArrayList<>();
        for (BuildCheck check : checks) {
            if (!DISPATCH_RULES.contains(check.rule()) || reachable.contains(stageAt(check.line()))) {
                all.add(check);
            }
        }
        all.addAll(BuildTimeChecks.run(this, buildArgs, target, bases, ignore));
        all.sort(java.util.Comparator.comparingInt(BuildCheck::line));
        return reported(all, checkConfig(buildArgs));
    }

    /** Rules BuildKit checks while converting a stage, so only in the stages a build needs. */
    private static final Set<String> DISPATCH_RULES = Set.of("LegacyKeyValueFormat", "JSONArgsRecommended",
            "MultipleInstructionsDisallowed", "WorkdirRelativePath", "ExposeProtoCasing", "ExposeInvalidFormat",
            "SecretsUsedInArgOrEnv");

    /** The index of the stage holding {@code line} (-1 before the first FROM). */
    private int stageAt(int line) {
        int index = -1;
        for (Stage stage : stages) {
            if (stage.line() <= line) {
                index = stage.index();
            }
        }
        return index;
    }

    /** Rules BuildKit checks with the whole file's configuration, not an instruction's {@code # check=} comment. */
    private static final Set<String> FILE_RULES = Set.of("NoEmptyContinuation", "ConsistentInstructionCasing",
            "ReservedStageName", "DuplicateStageName", "InvalidDefaultArgInFrom");

    private List<BuildCheck> reported(List<BuildCheck> found, CheckDirective config) {
        List<BuildCheck> out = new ArrayList<>();
        for (BuildCheck c : found) {
            CheckDirective effective = config;
            if (!FILE_RULES.contains(c.rule())) {
                int owner = c.rule().equals("MultipleInstructionsDisallowed") ? laterInstruction(c) : c.line();
                effective = config.withComments(syntax.comments().getOrDefault(owner, List.of()));
            }
            if (effective.reports(c.rule(), BuildChecks.EXPERIMENTAL.contains(c.rule()))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * For MultipleInstructionsDisallowed, reported at the instruction that no longer counts, the
     * next one of its kind in the stage: BuildKit checks it with that one's configuration.
     */
    private int laterInstruction(BuildCheck check) {
        Stage stage = stages.get(Math.max(0, stageAt(check.line())));
        Class<?> kind = null;
        for (Instruction in : stage.instructions()) {
            if (in.line() == check.line()) {
                kind = in.getClass();
            } else if (kind != null && in.line() > check.line() && in.getClass() == kind) {
                return in.line();
            }
        }
        return check.line();
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
        for (Node node : ast.nodes()) {
            try {
                if (node.keyword().equals("from")) {
                    if (from != null) {
                        stages.add(stage(stages.size(), from, current));
                    }
                    // Validates the FROM line now, so its error comes before the next instruction's. A
                    // duplicate name is BuildKit's DuplicateStageName warning; the later stage wins.
                    stage(stages.size(), node, List.of());
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

    /** The stage named {@code name} (case-insensitive), if any; of stages with one name, the last (as BuildKit). */
    public Optional<Stage> stage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> s.name().map(lower::equals).orElse(false)).reduce((a, b) -> b);
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

    /**
     * {@code buildArgs} over BuildKit's automatic platform ARGs ({@code TARGETARCH}, {@code BUILDPLATFORM},
     * ..., {@code TARGETSTAGE}) with this host's values, which a stage sees once it declares them
     * ({@code ARG TARGETARCH}) and a FROM line sees without; {@code target} is the target stage (null: the last).
     */
    public static Map<String, String> withAutomaticArgs(Map<String, String> buildArgs, String target) {
        Map<String, String> out = new LinkedHashMap<>(AutomaticArgs.values(buildArgs, target));
        out.putAll(buildArgs);
        return out;
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
