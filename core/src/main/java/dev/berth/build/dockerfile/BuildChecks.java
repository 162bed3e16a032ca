package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BuildKit's build checks that need no base image
 * (<a href="https://docs.docker.com/reference/build-checks/">Build checks</a>), with its rule names
 * and messages: NoEmptyContinuation, ConsistentInstructionCasing, StageNameCasing, FromAsCasing,
 * ReservedStageName, RedundantTargetPlatform, UndefinedArgInFrom, InvalidDefaultArgInFrom,
 * MaintainerDeprecated, LegacyKeyValueFormat, JSONArgsRecommended, MultipleInstructionsDisallowed,
 * WorkdirRelativePath, ExposeProtoCasing and SecretsUsedInArgOrEnv. The {@code # check=skip=...}
 * directive leaves rules out ({@code all} for every one). UndefinedVar, which needs the base
 * image's environment, and the experimental rules are not run.
 */
final class BuildChecks {
    private static final Set<String> AUTOMATIC_ARGS = Set.of("BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
            "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE");
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)");
    private static final Pattern NOT_SECRET = Pattern.compile("(?i)(?:_|^)(?:public)(?:_|$)");
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))");

    private final List<BuildCheck> found = new ArrayList<>();
    private final Set<String> skipped;

    private BuildChecks(Set<String> skipped) {
        this.skipped = skipped;
    }

    /** The checks that fail for {@code tree}, parsed into {@code stages}, ordered by line. */
    static List<BuildCheck> run(SyntaxTree tree, List<Instruction.Arg> globalArgs, List<Stage> stages) {
        BuildChecks checks = new BuildChecks(CheckDirective.parse(tree.directives().get("check")).skip());
        tree.emptyContinuationLines().forEach(line -> checks.add("NoEmptyContinuation", "Empty continuation line", line));
        checks.casing(tree.nodes());
        for (Node node : tree.nodes()) {
            if (node.keyword().equals("from")) {
                checks.from(node);
            } else if (node.keyword().equals("maintainer")) {
                checks.add("MaintainerDeprecated", "Maintainer instruction is deprecated in favor of using label",
                        node.startLine());
            } else if (node.keyword().equals("env") || node.keyword().equals("label")) {
                checks.keyValue(node);
            }
        }
        checks.fromArgs(globalArgs, stages);
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
        if (!skipped.contains(rule) && !skipped.contains("all")) {
            found.add(new BuildCheck(rule, message, line));
        }
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
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("scratch") || lower.equals("context")) {
                add("ReservedStageName", "Stage name should not use the same name as reserved stage \"" + lower + "\"",
                        node.startLine());
            }
        }
        for (String flag : node.flags()) {
            if (flag.equals("--platform=$TARGETPLATFORM") || flag.equals("--platform=${TARGETPLATFORM}")) {
                add("RedundantTargetPlatform", "Setting platform to predefined " + flag.substring("--platform=".length())
                        + " in FROM is redundant as this is the default behavior", node.startLine());
            }
        }
    }

    /** UndefinedArgInFrom and InvalidDefaultArgInFrom: FROM sees the global ARGs and the automatic ones only. */
    private void fromArgs(List<Instruction.Arg> globalArgs, List<Stage> stages) {
        Set<String> declared = new HashSet<>(AUTOMATIC_ARGS);
        Map<String, String> defaults = new LinkedHashMap<>();
        VariableExpander expander = new VariableExpander();
        for (Instruction.Arg arg : globalArgs) {
            for (Instruction.ArgDefinition d : arg.args()) {
                declared.add(d.name());
                d.defaultValue().ifPresent(v -> {
                    try {
                        defaults.put(d.name(), expander.expand(v, defaults));
                    } catch (DockerfileException e) {
                        // the build reports it
                    }
                });
            }
        }
        for (Stage stage : stages) {
            List<String> used = variables(stage.base());
            stage.platform().ifPresent(p -> used.addAll(variables(p)));
            for (String name : used) {
                if (!declared.contains(name)) {
                    String suggestion = closest(name, declared);
                    add("UndefinedArgInFrom", "FROM argument '" + name + "' is not declared"
                            + (suggestion == null ? "" : " (did you mean " + suggestion + "?)"), stage.line());
                }
            }
            if (!used.isEmpty() && used.stream().allMatch(declared::contains)) {
                String base;
                try {
                    base = expander.expand(stage.base(), defaults);
                } catch (DockerfileException e) {
                    continue;
                }
                if (base.isEmpty() || !base.equals(base.strip()) || base.endsWith(":") || base.endsWith("@")) {
                    add("InvalidDefaultArgInFrom", "Default value for ARG " + stage.base()
                            + " results in empty or invalid base image name", stage.line());
                }
            }
        }
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
                for (String port : e.ports()) {
                    int slash = port.indexOf('/');
                    if (slash >= 0 && !port.substring(slash).equals(port.substring(slash).toLowerCase(Locale.ROOT))) {
                        add("ExposeProtoCasing", "Defined protocol '" + port + "' in EXPOSE instruction should be lowercase",
                                in.line());
                    }
                }
            } else if (in instanceof Instruction.Arg a) {
                a.args().forEach(d -> secret("ARG", d.name(), in.line()));
            } else if (in instanceof Instruction.Env e) {
                e.pairs().forEach(kv -> secret("ENV", kv.key(), in.line()));
            }
        }
        shellSet.put(stage.reference(), hasShell);
        absoluteWorkdir.put(stage.reference(), hasAbsoluteWorkdir);
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

    private static List<String> variables(String word) {
        List<String> out = new ArrayList<>();
        Matcher m = VARIABLE.matcher(word);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    /** The declared name closest to {@code name} (case differences cost nothing), as BuildKit suggests one. */
    private static String closest(String name, Set<String> declared) {
        String best = null;
        int bestDistance = Math.max(1, Math.min(3, name.length() / 2 + 1));
        for (String d : declared) {
            int distance = KeywordSuggestion.distance(name.toLowerCase(Locale.ROOT), d.toLowerCase(Locale.ROOT),
                    bestDistance);
            if (distance < bestDistance) {
                best = d;
                bestDistance = distance;
            }
        }
        return best;
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
