package dev.berth.build;

import java.util.List;

/**
 * A {@code RUN --mount} (<a href="https://docs.docker.com/reference/dockerfile/#run---mount">RUN
 * --mount</a>): {@code cache}, a directory kept under the Berth home across builds by id,
 * {@code bind}, a read-only view of a path in the build context or in another stage, or
 * {@code file}, a read-only executable file with given content (a heredoc script with a
 * {@code #!} line, which BuildKit runs from {@code /dev/pipes/}), {@code secret}, a file given to
 * the build by id (or an environment variable with its content), or {@code ssh}, an SSH agent
 * socket given by id. A secret's content is never part of the step's text, its cache key, its
 * layer or the image's history.
 *
 * @param type {@code cache}, {@code bind}, {@code tmpfs}, {@code file}, {@code secret} or {@code ssh}
 * @param target where it appears in the container (absolute)
 * @param source for bind: the path in the context or stage ({@code .} by default); for file: the content;
 *     for tmpfs: its size ({@code 64m}), or null for the kernel's default
 * @param from for bind: a stage name, or null for the context
 * @param id for cache: its id (default: the target); for secret and ssh: the id given to the build
 * @param readOnly whether it is mounted read-only
 * @param secret for secret and ssh: how it is shown; null for the other types
 */
public record RunMount(String type, String target, String source, String from, String id, boolean readOnly,
                       Secret secret) {
    /**
     * How a secret or SSH socket is shown to the command.
     *
     * @param env for a secret: the environment variable that holds its content, or null
     * @param required whether the build fails when the build has no such secret or socket
     *     (otherwise the mount is left out)
     * @param mode the file's mode (0400 for a secret, 0600 for a socket by default)
     * @param uid the file's owner
     * @param gid the file's group
     */
    public record Secret(String env, boolean required, int mode, int uid, int gid) {
    }

    public RunMount {
        if (!List.of("cache", "bind", "file", "secret", "ssh", "tmpfs").contains(type)) {
            throw new IllegalArgumentException("RUN --mount type must be cache, bind, tmpfs, secret or ssh, not " + type);
        }
        boolean envOnly = type.equals("secret") && target == null && secret != null && secret.env() != null;
        if (!envOnly && (target == null || !target.startsWith("/"))) {
            throw new IllegalArgumentException("RUN --mount needs an absolute target, not " + target);
        }
        if ((type.equals("secret") || type.equals("ssh")) != (secret != null)) {
            throw new IllegalArgumentException("RUN --mount=type=" + type + ": secret options are for secret and ssh only");
        }
    }

    /** A mount of the other types. */
    public RunMount(String type, String target, String source, String from, String id, boolean readOnly) {
        this(type, target, source, from, id, readOnly, null);
    }

    /** A cache mount at {@code target}. */
    public static RunMount cache(String target) {
        return new RunMount("cache", target, null, null, null, false, null);
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
        StringBuilder s = new StringBuilder("--mount=type=").append(type);
        if (secret != null) { // what the command sees, never the content
            s.append(",id=").append(id);
            if (target != null) {
                s.append(",target=").append(target);
        if (type.equals("tmpfs")) {
            return source == null ? s.toString() : s.append(",size=").append(source).toString();
        }
            }
            if (secret.env() != null) {
                s.append(",env=").append(secret.env());
            }
            if (secret.required()) {
                s.append(",required");
            }
            return s.append(",mode=").append(Integer.toOctalString(secret.mode())).append(",uid=").append(secret.uid())
                    .append(",gid=").append(secret.gid()).toString();
        }
        s.append(",target=").append(target);
        if (type.equals("tmpfs")) {
            return source == null ? s.toString() : s.append(",size=").append(source).toString();
        }
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
