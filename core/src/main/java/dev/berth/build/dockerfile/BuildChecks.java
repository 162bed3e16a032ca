package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * BuildKit's build checks that need no base image
 * (<a href="https://docs.docker.com/reference/build-checks/">Build checks</a>), with its rule names
 * and messages: NoEmptyContinuation, ConsistentInstructionCasing, StageNameCasing, FromAsCasing,
 * ReservedStageName, DuplicateStageName, RedundantTargetPlatform, FromPlatformFlagConstDisallowed,
 * UndefinedArgInFrom, InvalidDefaultArgInFrom, MaintainerDeprecated, LegacyKeyValueFormat,
 * JSONArgsRecommended, MultipleInstructionsDisallowed, WorkdirRelativePath, ExposeProtoCasing,
 * ExposeInvalidFormat, SecretsUsedInArgOrEnv and the experimental InvalidDefinitionDescription.
 * Every failed check is returned; {@link CheckDirective} decides which are reported. UndefinedVar
 * and CopyIgnoredFile, which need the base images and the context, are in {@link BuildTimeChecks}.
 */
final class BuildChecks {
    /** BuildKit's experimental rules: reported only when {@code experimental=} names them. */
    static final Set<String> EXPERIMENTAL = Set.of("InvalidDefinitionDescription");
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)");
    private static final Pattern NOT_SECRET = Pattern.compile("(?i)(?:_|^)(?:public|file|version)(?:_|$)");

    private final List<BuildCheck> found = new ArrayList<>();

    private BuildChecks() {
    }

    /** Every check that fails for {@code tree}, parsed into {@code stages}, ordered by line (none skipped). */
    static List<BuildCheck> run(SyntaxTree tree, List<Instruction.Arg> globalArgs, List<Stage> stages) {
        BuildChecks checks = new BuildChecks();
        tree.emptyContinuationLines().forEach(line -> checks.add("NoEmptyContinuation", "Empty continuation line", line));
        for (Node node : tree.nodes()) {
            if (node.keyword().equals("from")) {
                checks.from(node);
            }
            checks.description(node, tree.comments().getOrDefault(node.startLine(), List.of()));
        }
        checks.stageNames(stages);
        checks.casing(tree.nodes());
        checks.fromArgs(globalArgs, stages, tree.escapeCharacter());
        for (Node node : tree.nodes()) {
            if (node.keyword().equals("maintainer")) {
                checks.add("MaintainerDeprecated", "Maintainer instruction is deprecated in favor of using label",
                        node.startLine());
            } else if (node.keyword().equals("env") || node.keyword().equals("label")) {
                checks.keyValue(node);
            }
        }
        Map<String, Boolean> shellSet = new HashMap<>();
        Map<String, Boolean> absoluteWorkdir = new HashMap<>();
        Map<Integer, String> keywords = new HashMap<>();
        for (Node node : tree.nodes()) {
            keywords.put(node.startLine(), word(node.original()));
        }
        for (Stage stage : stages) {
            String base = stage.base().toLowerCase(Locale.ROOT);
            checks.stage(stage, shellSet.getOrDefault(base, false), absoluteWorkdir.getOrDefault(base, false), keywords,
                    shellSet, absoluteWorkdir);
        }
        checks.found.sort(Comparator.comparingInt(BuildCheck::line));
        return List.copyOf(checks.found);
    }

    private void add(String rule, String message, int line) {
        found.add(new BuildCheck(rule, message, line));
    }

    /** ConsistentInstructionCasing: every keyword as the majority (of those in one case) writes them. */
    private void casing(List<Node> nodes) {
        int lower = 0;
        int upper = 0;
        for (Node node : nodes) {
            String word = word(node.original());
            if (word.equals(word.toLowerCase(Locale.ROOT))) {
                lower++;
            } else if (word.equals(word.toUpperCase(Locale.ROOT))) {
                upper++;
            }
        }
        boolean majorityLower = lower > upper;
        for (Node node : nodes) {
            String word = word(node.original());
            String correct = majorityLower && !word.equals(word.toLowerCase(Locale.ROOT)) ? "lowercase"
                    : !majorityLower && !word.equals(word.toUpperCase(Locale.ROOT)) ? "uppercase" : null;
            if (correct != null) {
                add("ConsistentInstructionCasing", "Command '" + word + "' should match the case of the command majority ("
                        + correct + ")", node.startLine());
            }
        }
    }

    private void from(Node node) {
        List<String> args = node.arguments();
        String keyword = word(node.original());
        if (args.size() == 3) {
            String name = args.get(2);
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                add("StageNameCasing", "Stage name '" + name + "' should be lowercase", node.startLine());
            }
            String as = args.get(1);
            boolean fromLower = keyword.equals(keyword.toLowerCase(Locale.ROOT));
            boolean fromUpper = keyword.equals(keyword.toUpperCase(Locale.ROOT));
            if (fromLower && !as.equals(as.toLowerCase(Locale.ROOT)) || fromUpper && !as.equals(as.toUpperCase(Locale.ROOT))) {
                add("FromAsCasing", "'" + as + "' and '" + keyword + "' keywords' casing do not match", node.startLine());
            }
        }
    }

    /** ReservedStageName and DuplicateStageName (BuildKit warns about a duplicate; the later stage wins). */
    private void stageNames(List<Stage> stages) {
        Set<String> seen = new HashSet<>();
        for (Stage stage : stages) {
            if (stage.name().isEmpty()) {
                continue;
            }
            String name = stage.name().get();
            if (name.equals("scratch") || name.equals("context")) {
                add("ReservedStageName", "Stage name should not use the same name as reserved stage \"" + name + "\"",
                        stage.line());
            }
            if (!seen.add(name)) {
                add("DuplicateStageName", "Duplicate stage name " + GoText.quote(name) + ", stage names should be unique",
                        stage.line());
            }
        }
    }

    /**
     * InvalidDefinitionDescription (experimental): the comment right above a named FROM or an ARG
     * must start with the stage's or an argument's name, as {@code --call=outline} reads it.
     */
    private void description(Node node, List<String> comments) {
        if (comments.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        String instruction;
        if (node.keyword().equals("from")) {
            if (node.arguments().size() != 3) {
                return;
            }
            instruction = "FROM";
            keys.add(node.arguments().get(2).toLowerCase(Locale.ROOT));
        } else if (node.keyword().equals("arg")) {
            instruction = "ARG";
            for (String word : node.arguments()) {
                int eq = word.indexOf('=');
                keys.add(eq < 0 ? word : word.substring(0, eq));
            }
        } else {
            return;
        }
        if (keys.isEmpty()) {
            return;
        }
        String last = comments.get(comments.size() - 1);
        int space = last.indexOf(' ');
        if (keys.contains(space < 0 ? last : last.substring(0, space))) {
            return;
        }
        String example = keys.size() > 1 ? "<arg_key>" : keys.get(0);
        add("InvalidDefinitionDescription", "Comment for " + instruction + " should follow the format: `# " + example
                + " <description>`", node.startLine());
    }

    /**
     * InvalidDefaultArgInFrom (each base, with the global ARGs' defaults only, must be a valid
     * reference), then per stage UndefinedArgInFrom (FROM sees the global ARGs and the automatic
     * platform ones only), RedundantTargetPlatform and FromPlatformFlagConstDisallowed.
     */
    private void fromArgs(List<Instruction.Arg> globalArgs, List<Stage> stages, char escape) {
        Map<String, String> automatic = AutomaticArgs.values(Map.of(), null);
        Map<String, String> defaults = new LinkedHashMap<>(automatic);
        Set<String> declared = new LinkedHashSet<>();
        VariableExpander expander = new VariableExpander(escape);
        boolean defaultsValid = true;
        for (Instruction.Arg arg : globalArgs) {
            for (Instruction.ArgDefinition d : arg.args()) {
                declared.add(d.name());
                if (d.defaultValue().isPresent()) {
                    try {
                        defaults.put(d.name(), expander.expand(d.defaultValue().get(), defaults));
                    } catch (DockerfileException e) {
                        defaultsValid = false; // the build reports it
                    }
                }
            }
        }
        for (Stage stage : stages) {
            if (!defaultsValid) {
                break;
            }
            String base;
            try {
                base = expander.expand(stage.base(), defaults);
            } catch (DockerfileException e) {
                break;
            }
            if (!validReference(base)) {
                add("InvalidDefaultArgInFrom", "Default value for ARG " + stage.base()
                        + " results in empty or invalid base image name", stage.line());
            }
        }
        Set<String> known = new LinkedHashSet<>(declared);
        known.addAll(automatic.keySet());
        List<String> options = List.copyOf(known);
        for (Stage stage : stages) {
            VariableUse base = VariableUse.of(defaults);
            expandQuietly(expander, stage.base(), base);
            undeclared(base.unmatched(), known, options, stage.line());
            if (stage.platform().isEmpty()) {
                continue;
            }
            String platform = stage.platform().get();
            VariableUse use = VariableUse.of(defaults);
            String result = expandQuietly(expander, platform, use);
            undeclared(use.unmatched(), known, options, stage.line());
            if (use.matched().equals(Set.of("TARGETPLATFORM")) && use.unmatched().isEmpty()
                    && result.equals(defaults.get("TARGETPLATFORM"))) {
                add("RedundantTargetPlatform", "Setting platform to predefined " + platform
                        + " in FROM is redundant as this is the default behavior", stage.line());
            }
            if (use.matched().isEmpty() && use.unmatched().isEmpty() && result != null) {
                String[] parsed = AutomaticArgs.parsePlatform(result);
                String name = stage.name().orElse("");
                if (parsed != null && !name.contains(parsed[0]) && !name.contains(parsed[1])) {
                    add("FromPlatformFlagConstDisallowed", "FROM --platform flag should not use constant value "
                            + GoText.quote(result), stage.line());
                }
            }
        }
    }

    private void undeclared(Set<String> unmatched, Set<String> known, List<String> options, int line) {
        for (String name : unmatched) {
            if (!known.contains(name)) {
                String suggestion = suggest(name, options);
                add("UndefinedArgInFrom", "FROM argument '" + name + "' is not declared"
                        + (suggestion == null ? "" : " (did you mean " + suggestion + "?)"), line);
            }
        }
    }

    /** The expansion, or null when it fails (the build reports the error). */
    private static String expandQuietly(VariableExpander expander, String word, VariableUse env) {
        try {
            return expander.expand(word, env);
        } catch (DockerfileException e) {
            return null;
        }
    }

    /** Whether docker's {@code reference.ParseNormalizedNamed} accepts {@code name}. */
    private static boolean validReference(String name) {
        try {
            dev.berth.image.ImageReference.parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The option BuildKit's {@code suggest.Search} proposes for a misspelt name: the first at the
     * smallest Levenshtein distance below 3 (case counts), or null.
     */
    static String suggest(String name, List<String> options) {
        String match = null;
        int min = 3;
        for (String option : options) {
            if (option.equals(name)) {
                return null;
            }
            int distance = KeywordSuggestion.distance(name, option, min);
            if (distance < min) {
                match = option;
                min = distance;
            }
        }
        return match;
    }

    private void keyValue(Node node) {
        List<String> args = node.arguments();
        for (int i = 2; i < args.size(); i += 3) {
            if (args.get(i).isEmpty()) {
                String name = node.keyword().toUpperCase(Locale.ROOT);
                add("LegacyKeyValueFormat", "\"" + name + " key=value\" should be used instead of legacy \"" + name
                        + " key value\" format", node.startLine());
                return;
            }
        }
    }

    private void stage(Stage stage, boolean shell, boolean workdir, Map<Integer, String> keywords,
            Map<String, Boolean> shellSet, Map<String, Boolean> absoluteWorkdir) {
        boolean hasShell = shell;
        boolean hasAbsoluteWorkdir = workdir;
        Map<String, Integer> lastOnce = new HashMap<>();
        for (Instruction in : stage.instructions()) {
            String keyword = keywords.getOrDefault(in.line(), "");
            if (in instanceof Instruction.Shell) {
                hasShell = true;
            } else if (in instanceof Instruction.Cmd c) {
                once(lastOnce, "cmd", keyword, in.line());
                jsonArgs(c.shellForm(), hasShell, keyword, in.line());
            } else if (in instanceof Instruction.Entrypoint e) {
                once(lastOnce, "entrypoint", keyword, in.line());
                jsonArgs(e.shellForm(), hasShell, keyword, in.line());
            } else if (in instanceof Instruction.Healthcheck) {
                once(lastOnce, "healthcheck", keyword, in.line());
            } else if (in instanceof Instruction.Workdir w) {
                if (w.path().startsWith("/") || w.path().startsWith("$")) {
                    hasAbsoluteWorkdir = true;
                } else if (!hasAbsoluteWorkdir) {
                    add("WorkdirRelativePath", "Relative workdir " + GoText.quote(w.path())
                            + " can have unexpected results if the base image changes", in.line());
                }
            } else if (in instanceof Instruction.Expose e) {
                // Words with variables are checked once expanded, at build time (BuildTimeChecks).
                e.ports().stream().filter(p -> p.indexOf('$') < 0).forEach(p -> found.addAll(expose(p, in.line())));
            } else if (in instanceof Instruction.Arg a) {
                a.args().forEach(d -> secret("ARG", d.name(), in.line()));
            } else if (in instanceof Instruction.Env e) {
                e.pairs().forEach(kv -> secret("ENV", kv.key(), in.line()));
            }
        }
        shellSet.put(stage.reference(), hasShell);
        absoluteWorkdir.put(stage.reference(), hasAbsoluteWorkdir);
    }

    /** ExposeProtoCasing and ExposeInvalidFormat for one EXPOSE word, variables expanded. */
    static List<BuildCheck> expose(String port, int line) {
        List<BuildCheck> out = new ArrayList<>();
        String[] parts = PortSpec.split(port);
        int slash = parts[2].indexOf('/');
        String protocol = slash < 0 ? "" : parts[2].substring(slash + 1);
        if (!protocol.equals(protocol.toLowerCase(Locale.ROOT))) {
            out.add(new BuildCheck("ExposeProtoCasing", "Defined protocol '" + port
                    + "' in EXPOSE instruction should be lowercase", line));
        }
        if (!parts[0].isEmpty() || !parts[1].isEmpty()) {
            out.add(new BuildCheck("ExposeInvalidFormat", "EXPOSE instruction should not define an IP address or"
                    + " host-port mapping, found '" + port + "'", line));
        }
        return out;
    }

    /** MultipleInstructionsDisallowed: only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage counts. */
    private void once(Map<String, Integer> last, String kind, String keyword, int line) {
        Integer before = last.put(kind, line);
        if (before != null) {
            add("MultipleInstructionsDisallowed", "Multiple " + keyword + " instructions should not be used in the same"
                    + " stage because only the last one will be used", before);
        }
    }

    private void jsonArgs(boolean shellForm, boolean shellSet, String keyword, int line) {
        if (shellForm && !shellSet) {
            add("JSONArgsRecommended", "JSON arguments recommended for " + keyword
                    + " to prevent unintended behavior related to OS signals", line);
        }
    }

    private void secret(String instruction, String name, int line) {
        if (SECRET.matcher(name).find() && !NOT_SECRET.matcher(name).find()) {
            add("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (" + instruction + " "
                    + GoText.quote(name) + ")", line);
        }
    }

    /** The first word of an instruction as written (its keyword in its own casing). */
    private static String word(String original) {
        String trimmed = GoText.trimSpace(original);
        int end = 0;
        while (end < trimmed.length() && !GoText.isAsciiBlank(trimmed.charAt(end))) {
            end++;
        }
        return trimmed.substring(0, end);
    }
}
