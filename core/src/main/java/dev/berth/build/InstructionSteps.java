package dev.berth.build;

import dev.berth.Copy;
import dev.berth.build.dockerfile.DockerfileException;
import dev.berth.build.dockerfile.Heredoc;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.VariableExpander;
import dev.berth.image.oci.Healthcheck;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One stage's parsed Dockerfile instructions as build steps, in order: config instructions
 * become config steps (applied to the stage's scope at once, so later instructions expand with
 * them), ARG a build argument, RUN, COPY and ADD their executor steps
 * (<a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>).
 */
final class InstructionSteps {
    private final DockerfileStages.StageScope scope;
    private final VariableExpander expander;
    private final BiFunction<String, Integer, List<Instruction>> triggers;
    private final List<BuildStep> steps = new ArrayList<>();
    private final String defaultNetwork;

    InstructionSteps(DockerfileStages.StageScope scope, VariableExpander expander,
            BiFunction<String, Integer, List<Instruction>> triggers, String defaultNetwork) {
        this.defaultNetwork = defaultNetwork;
        this.scope = scope;
        this.expander = expander;
        this.triggers = triggers;
    }

    List<BuildStep> steps() {
        return steps;
    }

    /** Adds the steps of {@code in}, each with {@code origin} appended to {@code origins}. */
    void add(Instruction in, String origin, List<String> origins) {
        int before = steps.size();
        translate(in);
        for (int i = before; i < steps.size(); i++) {
            origins.add(origin);
        }
    }

    private void translate(Instruction in) {
        if (in instanceof Instruction.Env e) {
            // One step, as docker shows it; every value is expanded with the env before this ENV.
            Map<String, String> pairs = new LinkedHashMap<>();
            for (Instruction.KeyValue kv : e.pairs()) {
                pairs.put(kv.key(), expand(kv.value()));
            }
            configure("ENV " + joined(pairs), c -> c.env.putAll(pairs));
        } else if (in instanceof Instruction.Label l) {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (Instruction.KeyValue kv : l.pairs()) {
                pairs.put(expand(kv.key()), expand(kv.value()));
            }
            configure("LABEL " + joined(pairs), c -> c.labels.putAll(pairs));
        } else if (in instanceof Instruction.Arg a) {
            List<BuildStep.Arg.Definition> definitions = new ArrayList<>();
            for (Instruction.ArgDefinition d : a.args()) {
                String value = scope.buildArgs.containsKey(d.name()) ? scope.buildArgs.get(d.name())
                        : d.defaultValue().map(this::expand).orElse(scope.globalArgs.get(d.name()));
                if (value != null) {
                    scope.args.put(d.name(), value);
                }
                definitions.add(new BuildStep.Arg.Definition(d.name(), value));
            }
            steps.add(new BuildStep.Arg(definitions));
        } else if (in instanceof Instruction.Run r) {
            steps.add(run(r));
        } else if (in instanceof Instruction.Copy c) {
            copy(c.line(), c.sources(), c.inlineSources(), c.destination(), c.from().orElse(null), c.chown(), c.chmod(),
                    null, false, c.excludes(), c.parents(), false);
        } else if (in instanceof Instruction.Add a) {
            copy(a.line(), a.sources(), a.inlineSources(), a.destination(), null, a.chown(), a.chmod(),
                    a.checksum().map(this::expand).orElse(null), true, a.excludes(), false, a.keepGitDir());
        } else if (in instanceof Instruction.Cmd c) {
            List<String> cmd = command(c.command(), c.shellForm());
            configure("CMD " + Quoting.json(cmd), conf -> conf.cmd = cmd);
        } else if (in instanceof Instruction.Entrypoint e) {
            List<String> ep = command(e.command(), e.shellForm());
            configure("ENTRYPOINT " + Quoting.json(ep), conf -> {
                conf.entrypoint = ep;
                conf.cmd = null;
            });
        } else if (in instanceof Instruction.Shell s) {
            configure("SHELL " + Quoting.json(s.shell()), c -> c.shell = s.shell());
        } else if (in instanceof Instruction.Workdir w) {
            String dir = expand(w.path());
            configure("WORKDIR " + dir, c -> {
                String base = c.workingDir == null || c.workingDir.isEmpty() ? "/" : c.workingDir;
                c.workingDir = dir.startsWith("/") ? dir : (base.endsWith("/") ? base : base + "/") + dir;
            });
        } else if (in instanceof Instruction.User u) {
            String user = expand(u.user());
            configure("USER " + user, c -> c.user = user);
        } else if (in instanceof Instruction.Expose e) {
            for (Instruction.ExposedPort p : e.exposedPorts(scope.variables())) {
                for (int port = p.first(); port <= p.last(); port++) {
                    String spec = port + "/" + p.protocol();
                    configure("EXPOSE " + spec, c -> c.exposedPorts.add(spec));
                }
            }
        } else if (in instanceof Instruction.Volume v) {
            for (String path : v.paths()) {
                String p = expand(path);
                configure("VOLUME [\"" + p + "\"]", c -> c.volumes.add(p));
            }
        } else if (in instanceof Instruction.StopSignal s) {
            String signal = expand(s.signal());
            configure("STOPSIGNAL " + signal, c -> c.stopSignal = signal);
        } else if (in instanceof Instruction.Healthcheck h) {
            Healthcheck check = h.none() ? new Healthcheck(List.of("NONE"), null, null, null, null, null)
                    : new Healthcheck(h.test(), orNull(h.interval()), orNull(h.timeout()), orNull(h.startPeriod()),
                            orNull(h.startInterval()), h.retries() == 0 ? null : h.retries());
            String options = (check.interval() == null ? "" : "--interval=" + check.interval().toMillis() + "ms ")
                    + (check.timeout() == null ? "" : "--timeout=" + check.timeout().toMillis() + "ms ")
                    + (check.startPeriod() == null ? "" : "--start-period=" + check.startPeriod().toMillis() + "ms ")
                    + (check.startInterval() == null ? "" : "--start-interval=" + check.startInterval().toMillis() + "ms ")
                    + (check.retries() == null ? "" : "--retries=" + check.retries() + " ");
            configure("HEALTHCHECK " + options + Quoting.json(check.test()), c -> c.healthcheck = check);
        } else if (in instanceof Instruction.Onbuild o) {
            triggers.apply(o.expression(), o.line()); // fails now on a trigger that can never run
            configure("ONBUILD " + o.expression(), c -> c.onBuild.add(o.expression()));
        } else if (in instanceof Instruction.Maintainer m) {
            configure("MAINTAINER " + m.maintainer(), c -> { });
        } else {
            throw new DockerfileException(in.line(), "unsupported instruction " + in);
        }
    }

    private BuildStep.Run run(Instruction.Run r) {
        if (r.security().filter(s -> !s.equals("sandbox")).isPresent()) {
            throw new DockerfileException(r.line(), "RUN --security=" + r.security().get() + " is not supported: Berth"
                    + " runs every build step as a container's root with the default capabilities and device rules,"
                    + " never with the host's privileges (BuildKit also refuses it unless the builder grants"
                    + " security.insecure)");
        }
        String network = r.network().map(this::expand).orElse("default");
        if (network.equals("default")) {
            network = defaultNetwork;
        }
        List<RunMount> mounts = new ArrayList<>();
        int sshCount = 0;
        for (dev.berth.build.dockerfile.RunMount m : r.mounts()) {
            String target = m.target().map(this::expand).map(this::inWorkdir).orElse(null);
            switch (m.type()) {
                case "cache" -> mounts.add(new RunMount("cache", needTarget(target, m, r), null, null,
                        m.id().map(this::expand).orElse(null), false));
                case "bind" -> mounts.add(new RunMount("bind", needTarget(target, m, r),
                        m.source().map(this::expand).orElse(null), m.from().map(this::expand).orElse(null), null,
                        m.readOnly()));
                case "tmpfs" -> mounts.add(new RunMount("tmpfs", needTarget(target, m, r), tmpfsSize(m), null, null,
                        false));
                case "secret" -> mounts.add(secret(m, target));
                case "ssh" -> mounts.add(ssh(m, target, sshCount++));
                default -> throw new DockerfileException(r.line(), "RUN --mount=type=" + m.type() + " is not supported");
            }
        }
        if (!r.shellForm() || r.heredocs().isEmpty()) {
            return new BuildStep.Run(r.command(), r.shellForm(), network, mounts);
        }
        // RUN <<EOF ... EOF: the shell gets the command with its here-documents, as it would read them from a script.
        StringBuilder script = new StringBuilder(r.command().get(0));
        List<Heredoc> docs = r.heredocs();
        if (docs.size() == 1 && script.toString().strip().matches("<<-?[\"']?" + java.util.regex.Pattern.quote(docs.get(0).name()) + "[\"']?")) {
            String content = docs.get(0).chompedContent();
            if (content.startsWith("#!")) { // a script with its own interpreter runs as a file, as in BuildKit
                String path = "/dev/pipes/" + docs.get(0).name().replaceAll("[^A-Za-z0-9_.-]", "_");
                mounts.add(RunMount.file(content, path));
                return new BuildStep.Run(List.of(path), false, network, mounts);
            }
            return new BuildStep.Run(List.of(content), true, network, mounts);
        }
        for (Heredoc h : docs) {
            script.append('\n').append(h.content());
            if (!h.content().isEmpty() && !h.content().endsWith("\n")) {
                script.append('\n');
            }
            script.append(h.name());
        }
        return new BuildStep.Run(List.of(script.toString()), true, network, mounts);
    }

    /** A relative mount target is below the working directory, as BuildKit takes it. */
    private String inWorkdir(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        String base = scope.config.workingDir == null || scope.config.workingDir.isEmpty() ? "/" : scope.config.workingDir;
        return java.nio.file.Path.of((base.endsWith("/") ? base : base + "/") + target).normalize().toString();
    }

    /** A tmpfs mount's {@code size}: bytes, or with a k, m or g suffix, as tmpfs(5) takes it. */
    private String tmpfsSize(dev.berth.build.dockerfile.RunMount m) {
        String size = m.size().map(this::expand).orElse(null);
        if (size != null && !size.matches("[0-9]+[kKmMgG]?")) {
            throw new DockerfileException("invalid size " + size + " for a tmpfs mount (bytes, or with k, m or g)");
        }
        return size == null ? null : size.toLowerCase(java.util.Locale.ROOT);
    }

    private static String needTarget(String target, dev.berth.build.dockerfile.RunMount m, Instruction.Run r) {
        if (target == null) {
            throw new DockerfileException(r.line(), "RUN --mount of type " + m.type() + " needs a target");
        }
        return target;
    }

    /**
     * {@code --mount=type=secret}: id defaults to the target's name, the target to
     * {@code /run/secrets/ID} unless only {@code env} is asked for; mode 0400, owner 0:0.
     */
    private RunMount secret(dev.berth.build.dockerfile.RunMount m, String target) {
        String env = m.env().map(this::expand).orElse(null);
        String id = m.id().or(m::source).map(this::expand)
                .orElseGet(() -> target == null ? env : target.substring(target.lastIndexOf('/') + 1));
        String at = target != null || env != null ? target : "/run/secrets/" + id;
        return new RunMount("secret", at, null, null, id, true, new RunMount.Secret(env, m.required(),
                number(m.mode(), 8, 0400), number(m.uid(), 10, 0), number(m.gid(), 10, 0)));
    }

    /** {@code --mount=type=ssh}: id {@code default}, target {@code /run/buildkit/ssh_agent.N}, mode 0600. */
    private RunMount ssh(dev.berth.build.dockerfile.RunMount m, String target, int index) {
        String id = m.id().map(this::expand).orElse("default");
        String at = target != null ? target : "/run/buildkit/ssh_agent." + index;
        return new RunMount("ssh", at, null, null, id, true, new RunMount.Secret(null, m.required(),
                number(m.mode(), 8, 0600), number(m.uid(), 10, 0), number(m.gid(), 10, 0)));
    }

    private int number(java.util.Optional<String> value, int radix, int otherwise) {
        if (value.isEmpty()) {
            return otherwise;
        }
        String v = expand(value.get());
        try {
            return Integer.parseUnsignedInt(v, radix);
        } catch (NumberFormatException e) {
            throw new DockerfileException("invalid value " + v + " in --mount (base " + radix + ")");
        }
    }

    private void copy(int line, List<String> sources, List<Heredoc> inline, String destination, String from,
            java.util.Optional<String> chown, java.util.Optional<String> chmod, String checksum, boolean add,
            List<String> excludes, boolean parents, boolean keepGitDir) {
        String dest = expand(destination);
        List<Copy> copies = new ArrayList<>();
        List<String> local = new ArrayList<>();
        for (String s : sources) {
            String src = expand(s);
            if (add && GitSource.isGit(src)) {
                if (checksum != null) {
                    throw new DockerfileException(line, "ADD --checksum of a git repository is not supported: " + src);
                }
                copies.add(Copy.git(src).keepGitDir(keepGitDir));
            } else if (add && (src.startsWith("http://") || src.startsWith("https://"))) {
                copies.add(checksum == null ? Copy.url(URI.create(src)) : Copy.url(URI.create(src), checksum));
            } else {
                local.add(src);
            }
        }
        if (!local.isEmpty()) {
            Copy c = Copy.of(local.toArray(new String[0])).parents(parents);
            copies.add(from == null ? c : c.from(expand(from)));
        }
        if (!excludes.isEmpty()) {
            String[] patterns = excludes.stream().map(this::expand).toArray(String[]::new);
            copies.replaceAll(c -> c.exclude(patterns));
        }
        for (Heredoc h : inline) {
            String content = h.expand() ? expand(h.chompedContent()) : h.chompedContent();
            copies.add(Copy.text(h.name(), content));
        }
        for (Copy c : copies) {
            Copy withDest = c.to(dest);
            if (chown.isPresent()) {
                withDest = withDest.chown(expand(chown.get()));
            }
            if (chmod.isPresent()) {
                String mode = expand(chmod.get());
                if (!mode.matches("[0-7]{1,4}")) {
                    throw new DockerfileException(line, "--chmod=" + mode + " is not an octal mode");
                }
                withDest = withDest.chmod(Integer.parseInt(mode, 8));
            }
            steps.add(new BuildStep.CopyFiles(withDest, add));
        }
    }

    /** Shell form under the stage's current SHELL; exec form as written. */
    private List<String> command(List<String> command, boolean shellForm) {
        if (!shellForm) {
            return command;
        }
        List<String> argv = new ArrayList<>(scope.config.shellOrDefault());
        argv.add(command.get(0));
        return argv;
    }

    /** {@code k=v} pairs separated by blanks, as the history of a multi-variable ENV or LABEL reads. */
    private static String joined(Map<String, String> pairs) {
        StringBuilder out = new StringBuilder();
        pairs.forEach((k, v) -> out.append(out.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return out.toString();
    }

    private void configure(String instruction, Consumer<BuildConfig> change) {
        change.accept(scope.config);
        steps.add(new BuildStep.Configure(instruction, change));
    }

    private String expand(String word) {
        return expander.expand(word, scope.variables());
    }

    private static Duration orNull(Duration d) {
        return d == null || d.isZero() ? null : d;
    }
}
