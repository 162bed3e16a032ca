package dev.berth.build;

/**
 * A {@code RUN --mount} (<a href="https://docs.docker.com/reference/dockerfile/#run---mount">RUN
 * --mount</a>): {@code cache}, a directory kept under the Berth home across builds by id,
 * {@code bind}, a read-only view of a path in the build context or in another stage, or
 * {@code file}, a read-only executable file with given content (a heredoc script with a
 * {@code #!} line, which BuildKit runs from {@code /dev/pipes/}).
 *
 * @param type {@code cache}, {@code bind} or {@code file}
 * @param target where it appears in the container (absolute)
 * @param source for bind: the path in the context or stage ({@code .} by default); for file: the content
 * @param from for bind: a stage name, or null for the context
 * @param id for cache: its id (default: the target)
 * @param readOnly whether it is mounted read-only
 */
public record RunMount(String type, String target, String source, String from, String id, boolean readOnly) {
    public RunMount {
        if (!type.equals("cache") && !type.equals("bind") && !type.equals("file")) {
            throw new IllegalArgumentException("RUN --mount type must be cache or bind, not " + type);
        }
        if (target == null || !target.startsWith("/")) {
            throw new IllegalArgumentException("RUN --mount needs an absolute target, not " + target);
        }
    }

    /** A cache mount at {@code target}. */
    public static RunMount cache(String target) {
        return new RunMount("cache", target, null, null, null, false);
    }

    /** A read-only bind of context path {@code source} at {@code target}. */
    public static RunMount bind(String source, String target) {
        return new RunMount("bind", target, source, null, null, true);
    }

    /** A read-only executable file with {@code content} at {@code target}. */
    public static RunMount file(String content, String target) {
        return new RunMount("file", target, content, null, null, true);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("--mount=type=").append(type).append(",target=").append(target);
        if (type.equals("file")) {
            return s.append(",content=").append(dev.berth.image.Digest.sha256(
                    source.getBytes(java.nio.charset.StandardCharsets.UTF_8))).toString();
        }
        if (source != null) {
            s.append(",source=").append(source);
        }
        if (from != null) {
            s.append(",from=").append(from);
        }
        if (id != null) {
            s.append(",id=").append(id);
        }
        if (type.equals("bind") && !readOnly) {
            s.append(",rw");
        }
        return s.toString();
    }
}
