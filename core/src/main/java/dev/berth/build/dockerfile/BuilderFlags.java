package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --name=value} and {@code --name} flags of one instruction, checked against the flags it
 * accepts, as BuildKit's {@code BFlags}: unknown, repeated (except list flags), value-less string flags
 * and non-boolean values of boolean flags are errors.
 */
final class BuilderFlags {
    enum Kind { BOOL, STRING, STRINGS }

    private final String instruction;
    private final Map<String, Kind> accepted = new HashMap<>();
    private final Map<String, List<String>> values = new HashMap<>();

    private BuilderFlags(String instruction) {
        this.instruction = instruction.toUpperCase(Locale.ROOT);
    }

    static BuilderFlags of(String instruction) {
        return new BuilderFlags(instruction);
    }

    BuilderFlags accept(String name, Kind kind) {
        accepted.put(name, kind);
        return this;
    }

    /** Parses {@code flags} (each starting {@code --}); the caller adds the line to errors. */
    BuilderFlags parse(List<String> flags) {
        for (String flag : flags) {
            if (!flag.startsWith("--")) {
                throw new DockerfileException("Arg should start with -- : " + flag);
            }
            if (flag.equals("--")) {
                break;
            }
            String body = flag.substring(2);
            int eq = body.indexOf('=');
            String name = eq >= 0 ? body.substring(0, eq) : body;
            String value = eq >= 0 ? body.substring(eq + 1) : null;
            Kind kind = accepted.get(name);
            if (kind == null) {
                throw new DockerfileException("unknown flag: --" + name + " (" + instruction + " accepts "
                        + (accepted.isEmpty() ? "no flags" : String.join(", ", accepted.keySet().stream()
                        .sorted().map(n -> "--" + n).toList())) + ")");
            }
            if (values.containsKey(name) && kind != Kind.STRINGS) {
                throw new DockerfileException("duplicate flag specified: --" + name);
            }
            switch (kind) {
                case BOOL -> {
                    if (value != null && value.isEmpty()) {
                        throw new DockerfileException("missing a value on flag: --" + name);
                    }
                    String lower = value == null ? "true" : value.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new DockerfileException("expecting boolean value for flag --" + name + ", not: " + value);
                    }
                    values.put(name, List.of(lower));
                }
                case STRING, STRINGS -> {
                    if (value == null) {
                        throw new DockerfileException("missing a value on flag: --" + name);
                    }
                    values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
        }
        return this;
    }

    String string(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    boolean bool(String name) {
        return "true".equals(string(name));
    }

    List<String> strings(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }
}
