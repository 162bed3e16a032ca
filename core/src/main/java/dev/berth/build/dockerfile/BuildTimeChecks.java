package dev.berth.build.dockerfile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The build checks BuildKit runs while it converts the stages a build needs, once their bases are
 * known: UndefinedVar (a variable neither in the base image's Env, nor set by ENV, nor an ARG in
 * scope, where the builder expands variables: ENV, LABEL, ADD, COPY, WORKDIR, USER, VOLUME,
 * STOPSIGNAL, ARG defaults, RUN --mount options and expanding here-documents), CopyIgnoredFile (a
 * COPY or ADD source that {@code .dockerignore} excludes) and the EXPOSE checks for ports written
 * with variables. Shell-form RUN, CMD and ENTRYPOINT are left alone, as the shell expands them.
 *
 * @see <a href="https://docs.docker.com/reference/build-checks/undefined-var/">UndefinedVar</a>
 * @see <a href="https://docs.docker.com/reference/build-checks/copy-ignored-file/">CopyIgnoredFile</a>
 */
final class BuildTimeChecks {
    /** Build args BuildKit keeps out of the environment (the SBOM scanner's). */
    private static final Set<String> NON_ENV_ARGS = Set.of("BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE");
    /** The PATH of {@code FROM scratch}, as BuildKit's empty image has it. */
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Dockerfile dockerfile;
    private final Map<String, String> buildArgs;
    private final Dockerfile.BaseEnvironment bases;
    private final DockerIgnore ignore;
    private final Map<String, String> globals;
    private final VariableExpander expander;
    private final Map<Integer, Node> nodes = new HashMap<>();
    private final List<BuildCheck> found = new ArrayList<>();

    private BuildTimeChecks(Dockerfile dockerfile, Map<String, String> buildArgs, String target,
            Dockerfile.BaseEnvironment bases, DockerIgnore ignore) {
        this.dockerfile = dockerfile;
        this.buildArgs = buildArgs;
        this.bases = bases;
        this.ignore = ignore;
        this.expander = new VariableExpander(dockerfile.escapeCharacter());
        this.globals = new LinkedHashMap<>(AutomaticArgs.values(buildArgs, target));
        this.globals.putAll(dockerfile.globalArgValues(buildArgs));
        dockerfile.nodes().forEach(n -> nodes.put(n.startLine(), n));
    }

    /** The checks for the stages the build of {@code target} (null: the last stage) needs, in line order. */
    static List<BuildCheck> run(Dockerfile dockerfile, Map<String, String> buildArgs, String target,
            Dockerfile.BaseEnvironment bases, DockerIgnore ignore) {
        String targetName = target != null ? target : dockerfile.stages().get(dockerfile.stages().size() - 1).name()
                .orElse(null);
        BuildTimeChecks checks = new BuildTimeChecks(dockerfile, buildArgs, targetName, bases, ignore);
        Map<String, Map<String, String>> stageEnvs = new HashMap<>();
        for (int i : reachable(dockerfile, buildArgs, target)) {
            Stage stage = dockerfile.stages().get(i);
            Map<String, String> env = checks.baseEnv(stage, stageEnvs);
            if (env == null) {
                continue;
            }
            checks.stage(stage, env);
            // By name, and by index as the planner also finds an unnamed stage.
            stageEnvs.put(stage.reference(), env);
        }
        checks.found.sort(java.util.Comparator.comparingInt(BuildCheck::line));
        return List.copyOf(checks.found);
    }

    /**
     * The indexes of the stages building {@code target} needs: itself and, transitively, the stages
     * it is built FROM, copies from or mounts (BuildKit converts only those).
     */
    static Set<Integer> reachable(Dockerfile dockerfile, Map<String, String> buildArgs, String target) {
        List<Stage> stages = dockerfile.stages();
        int last = stages.size() - 1;
        if (target != null) {
            last = dockerfile.stage(target).map(Stage::index).orElse(last);
        }
        Set<Integer> out = new TreeSet<>();
        List<Integer> todo = new ArrayList<>(List.of(last));
        while (!todo.isEmpty()) {
            int i = todo.remove(todo.size() - 1);
            if (!out.add(i)) {
                continue;
            }
            Stage stage = stages.get(i);
            List<String> refs = new ArrayList<>();
            try {
                refs.add(dockerfile.resolveBase(stage, buildArgs));
            } catch (DockerfileException e) {
                // the build reports it
            }
            for (Instruction in : stage.instructions()) {
                if (in instanceof Instruction.Copy c && c.from().isPresent()) {
                    refs.add(c.from().get());
                } else if (in instanceof Instruction.Run r) {
                    r.mounts().forEach(m -> m.from().ifPresent(refs::add));
                }
            }
            for (String ref : refs) {
                String lower = ref.toLowerCase(Locale.ROOT);
                for (Stage earlier : stages.subList(0, i)) {
                    if (earlier.reference().equals(lower)) {
                        todo.add(earlier.index());
                    }
                }
            }
        }
        return out;
    }

    /** The environment a stage starts with; null when its base cannot be resolved (the build reports that). */
    private Map<String, String> baseEnv(Stage stage, Map<String, Map<String, String>> stageEnvs) {
        String base;
        try {
            base = dockerfile.resolveBase(stage, buildArgs);
        } catch (DockerfileException e) {
            return null;
        }
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> earlier = stageEnvs.get(base.toLowerCase(Locale.ROOT));
        if (earlier != null) {
            env.putAll(earlier);
        } else if (base.equals("scratch")) {
            env.put("PATH", DEFAULT_PATH);
        } else {
            List<String> imageEnv;
            try {
                imageEnv = bases.env(base);
            } catch (IOException | RuntimeException e) {
                return null; // the build reports a base it cannot read; the checks leave that stage out
            }
            for (String entry : imageEnv) {
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            }
        }
        return env;
    }

    private void stage(Stage stage, Map<String, String> env) {
        Set<String> declared = new LinkedHashSet<>();
        for (Instruction in : stage.instructions()) {
            Scope scope = new Scope(env, declared, in.line());
            try {
                instruction(in, scope);
            } catch (DockerfileException e) {
                return; // the build reports the error
            }
        }
    }

    private void instruction(Instruction in, Scope scope) {
        if (in instanceof Instruction.Env e) {
            Map<String, String> set = new LinkedHashMap<>();
            for (Instruction.KeyValue kv : e.pairs()) {
                set.put(scope.expand(kv.key()), scope.expand(kv.value()));
            }
            scope.env.putAll(set); // the pairs of one ENV do not see each other, as in BuildKit
        } else if (in instanceof Instruction.Label l) {
            l.pairs().forEach(kv -> {
                scope.expand(kv.key());
                scope.expand(kv.value());
            });
        } else if (in instanceof Instruction.Copy c) {
            c.chown().ifPresent(scope::expand);
            c.chmod().ifPresent(scope::expand);
            List<String> sources = c.sources().stream().map(scope::expand).toList();
            scope.expand(c.destination());
            inline(c.inlineSources(), scope);
            if (c.from().isEmpty()) {
                sources.forEach(src -> ignored("Copy", src, in.line()));
            }
        } else if (in instanceof Instruction.Add a) {
            a.chown().ifPresent(scope::expand);
            a.chmod().ifPresent(scope::expand);
            a.checksum().ifPresent(scope::expand);
            List<String> sources = a.sources().stream().map(scope::expand).toList();
            scope.expand(a.destination());
            inline(a.inlineSources(), scope);
            sources.stream().filter(src -> !remote(src)).forEach(src -> ignored("Add", src, in.line()));
        } else if (in instanceof Instruction.Workdir w) {
            scope.expand(w.path());
        } else if (in instanceof Instruction.User u) {
            scope.expand(u.user());
        } else if (in instanceof Instruction.Volume v) {
            v.paths().forEach(scope::expand);
        } else if (in instanceof Instruction.StopSignal s) {
            scope.expand(s.signal());
        } else if (in instanceof Instruction.Run) {
            mounts(nodes.get(in.line()), scope);
        } else if (in instanceof Instruction.Expose e) {
            for (String port : e.ports()) {
                if (port.indexOf('$') >= 0) {
                    for (String word : expander.expandWords(port, scope.env)) {
                        found.addAll(BuildChecks.expose(word, in.line()));
                    }
                }
            }
        } else if (in instanceof Instruction.Arg a) {
            for (Instruction.ArgDefinition d : a.args()) {
                String value = null;
                if (buildArgs.containsKey(d.name())) {
                    value = buildArgs.get(d.name());
                } else if (d.defaultValue().isPresent()) {
                    value = scope.expand(d.defaultValue().get());
                } else if (globals.containsKey(d.name())) {
                    value = globals.get(d.name());
                }
                if (value != null && !NON_ENV_ARGS.contains(d.name())) {
                    scope.env.put(d.name(), value);
                }
                scope.declared.add(d.name());
            }
        }
    }

    /** Here-documents with an unquoted delimiter are expanded (quotes kept), as BuildKit's ExpandRaw. */
    private void inline(List<Heredoc> docs, Scope scope) {
        for (Heredoc doc : docs) {
            if (doc.expand()) {
                VariableUse use = VariableUse.of(scope.env);
                try {
                    VariableExpander.lexing(true, false).expand(doc.content(), use);
                } catch (DockerfileException e) {
                    return;
                }
                scope.report(use);
            }
        }
    }

    /** The values of RUN's {@code --mount} options, expanded as BuildKit's {@code parseMount} does. */
    private void mounts(Node node, Scope scope) {
        if (node == null) {
            return;
        }
        for (String flag : node.flags()) {
            if (!flag.startsWith("--mount=")) {
                continue;
            }
            for (String field : RunMount.csv(flag.substring("--mount=".length()))) {
                int eq = field.indexOf('=');
                if (eq >= 0) {
                    scope.expand(field.substring(eq + 1));
                }
            }
        }
    }

    /** CopyIgnoredFile, checked only when {@code .dockerignore} has no {@code !} exceptions, as BuildKit. */
    private void ignored(String command, String source, int line) {
        if (ignore == null || ignore.patterns().isEmpty() || ignore.patterns().stream().anyMatch(p -> p.startsWith("!"))) {
            return;
        }
        String src = DockerIgnore.clean(source.replace('\\', '/'));
        boolean matched;
        if (src.equals(".") || src.equals("/")) {
            matched = ignore.patterns().stream().anyMatch(p -> p.equals("*") || p.equals("**") || p.equals("**/*"));
        } else {
            matched = ignore.excluded(src);
        }
        if (matched) {
            found.add(new BuildCheck("CopyIgnoredFile", "Attempting to " + command + " file " + GoText.quote(src)
                    + " that is excluded by .dockerignore", line));
        }
    }

    private static boolean remote(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("git@")
                || lower.startsWith("git://") || lower.contains(".git#") || lower.endsWith(".git");
    }

    /** One instruction's view: the stage's env, the ARGs it declared, where to report. */
    private final class Scope {
        final Map<String, String> env;
        final Set<String> declared;
        final int line;

        Scope(Map<String, String> env, Set<String> declared, int line) {
            this.env = env;
            this.declared = declared;
            this.line = line;
        }

        /** {@code word} expanded, reporting each variable it uses that is undefined. */
        String expand(String word) {
            VariableUse use = VariableUse.of(env);
            String out = expander.expand(word, use);
            report(use);
            return out;
        }

        void report(VariableUse use) {
            List<String> options = List.copyOf(env.keySet());
            for (String name : use.unmatched()) {
                if (declared.contains(name) || NON_ENV_ARGS.contains(name)) {
                    continue;
                }
                String suggestion = BuildChecks.suggest(name, options);
                found.add(new BuildCheck("UndefinedVar", "Usage of undefined variable '$" + name + "'"
                        + (suggestion == null ? "" : " (did you mean $" + suggestion + "?)"), line));
            }
        }
    }
}
