package dev.berth;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sources, destination and options of one {@code COPY} or {@code ADD}
 * (<a href="https://docs.docker.com/reference/dockerfile/#copy">Dockerfile COPY</a>): paths or
 * globs in the build context (or in another stage or image, {@link #from}), inline files (a
 * heredoc's), or for {@code ADD} a URL or a git repository. Immutable; each option
 * returns a new value.
 *
 * <pre>{@code
 * builder.copy(Copy.of("app.jar", "lib/").to("/app/").chown("app:app").chmod(0644));
 * builder.copy(Copy.of("/out/bin").from("build").to("/usr/local/bin/"));
 * }</pre>
 */
public final class Copy {
    /** Every option, as one value: each option method returns a copy with one of them changed. */
    private record State(List<String> sources, Map<String, String> inline, URI url, String checksum, String git,
                         boolean keepGitDir, String destination, String from, String chown, Integer chmod,
                         java.nio.file.Path hostDirectory, List<String> excludes, boolean parents) {
        static State of(List<String> sources, Map<String, String> inline, URI url, String checksum, String git,
                java.nio.file.Path hostDirectory) {
            return new State(sources, inline, url, checksum, git, false, null, null, null, null, hostDirectory,
                    List.of(), false);
        }
    }

    private final State s;
    private final List<String> sources;
    private final Map<String, String> inline;
    private final URI url;
    private final String checksum;
    private final String destination;
    private final String from;
    private final String chown;
    private final Integer chmod;
    private final java.nio.file.Path hostDirectory;

    private Copy(State s) {
        this.s = s;
        this.sources = s.sources();
        this.inline = s.inline();
        this.url = s.url();
        this.checksum = s.checksum();
        this.destination = s.destination();
        this.from = s.from();
        this.chown = s.chown();
        this.chmod = s.chmod();
        this.hostDirectory = s.hostDirectory();
    }

    /** Paths or globs ({@code *}, {@code ?}, {@code [..]}) relative to the build context (or the {@link #from} root). */
    public static Copy of(String... sources) {
        if (sources.length == 0) {
            throw new IllegalArgumentException("a copy needs at least one source");
        }
        return new Copy(State.of(List.of(sources), Map.of(), null, null, null, null));
    }

    /**
     * A file or directory of the host, outside any build context (a directory copies its
     * contents); what it holds is a cache input like a context file's.
     */
    public static Copy of(java.nio.file.Path hostPath) {
        java.nio.file.Path p = hostPath.toAbsolutePath().normalize();
        if (p.getParent() == null) {
            throw new IllegalArgumentException("cannot copy the host's root directory");
        }
        return new Copy(State.of(List.of(p.getFileName().toString()), Map.of(), null, null, null, p.getParent()));
    }

    /** One file named {@code name} with {@code content} (UTF-8), as a heredoc in COPY gives it. */
    public static Copy text(String name, String content) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("an inline file needs a plain name: \"" + name + "\"");
        }
        return new Copy(State.of(List.of(), Map.of(name, content), null, null, null, null));
    }

    /**
     * For {@code ADD} only: the file at {@code url}, which must have {@code checksum}
     * ({@code sha256:HEX}), as {@code ADD --checksum} requires.
     */
    public static Copy url(URI url, String checksum) {
        if (checksum == null || !checksum.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("ADD " + url + " needs a checksum sha256:<64 hex digits>, not " + checksum);
        }
        return new Copy(State.of(List.of(), Map.of(), httpUrl(url), checksum, null, null));
    }

    /**
     * For {@code ADD} only: the file at {@code url}, fetched at every build (the cache is keyed on
     * what it holds), named by the URL's last path element and dated by its {@code Last-Modified},
     * as {@code ADD URL} without {@code --checksum} does.
     */
    public static Copy url(URI url) {
        return new Copy(State.of(List.of(), Map.of(), httpUrl(url), null, null, null));
    }

    private static URI httpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("ADD fetches http and https URLs only: " + url);
        }
        return url;
    }

    /**
     * For {@code ADD} only: a git repository ({@code https://host/repo.git#ref:subdir},
     * {@code git@host:repo.git}, ...), cloned at {@code ref} (default: its HEAD) into the
     * destination, without its {@code .git} directory unless {@link #keepGitDir()} is asked for
     * (<a href="https://docs.docker.com/reference/dockerfile/#adding-private-git-repositories">ADD git</a>).
     */
    public static Copy git(String repository) {
        return new Copy(State.of(List.of(), Map.of(), null, null, Objects.requireNonNull(repository), null));
    }

    /** {@code ADD --keep-git-dir}: a git source keeps its {@code .git} directory. */
    public Copy keepGitDir(boolean keep) {
        return new Copy(new State(sources, inline, url, checksum, s.git(), keep, destination, from, chown, chmod,
                hostDirectory, s.excludes(), s.parents()));
    }

    /** {@code --exclude=PATTERN}: paths (glob patterns as .dockerignore's) left out of what is copied. */
    public Copy exclude(String... patterns) {
        List<String> all = new java.util.ArrayList<>(s.excludes());
        all.addAll(List.of(patterns));
        return new Copy(new State(sources, inline, url, checksum, s.git(), s.keepGitDir(), destination, from, chown,
                chmod, hostDirectory, List.copyOf(all), s.parents()));
    }

    /**
     * {@code COPY --parents}: each source keeps its parent directories below the destination
     * ({@code a/b/c.txt} to {@code /dst/a/b/c.txt}); a {@code ./} in a source marks where the
     * kept part starts.
     */
    public Copy parents(boolean keep) {
        return new Copy(new State(sources, inline, url, checksum, s.git(), s.keepGitDir(), destination, from, chown,
                chmod, hostDirectory, s.excludes(), keep));
    }

    /** The destination: absolute, or relative to the working directory; a trailing {@code /} means a directory. */
    public Copy to(String destination) {
        return new Copy(new State(sources, inline, url, checksum, s.git(), s.keepGitDir(),
                Objects.requireNonNull(destination), from, chown, chmod, hostDirectory, s.excludes(), s.parents()));
    }

    /** Copies from a named stage of this build, or from an image, instead of the context. */
    public Copy from(String stageOrImage) {
        if (hostDirectory != null) {
            throw new IllegalStateException("a copy from the host cannot also be from " + stageOrImage);
        }
        return new Copy(new State(sources, inline, url, checksum, s.git(), s.keepGitDir(), destination,
                Objects.requireNonNull(stageOrImage), chown, chmod, null, s.excludes(), s.parents()));
    }

    /** The owner of what is copied: {@code user}, {@code user:group}, names resolved in the image (default 0:0). */
    public Copy chown(String owner) {
        return new Copy(new State(sources, inline, url, checksum, s.git(), s.keepGitDir(), destination, from,
                Objects.requireNonNull(owner), chmod, hostDirectory, s.excludes(), s.parents()));
    }

    /** The mode of what is copied, such as {@code 0755} (default: the source's). */
    public Copy chmod(int mode) {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("invalid mode " + Integer.toOctalString(mode));
        }
        return new Copy(new State(sources, inline, url, checksum, s.git(), s.keepGitDir(), destination, from, chown,
                mode, hostDirectory, s.excludes(), s.parents()));
    }

    /** The git repository of {@link #git(String)}, as written. */
    public Optional<String> git() {
        return Optional.ofNullable(s.git());
    }

    /** Whether a git source keeps its {@code .git} directory. */
    public boolean keepGitDir() {
        return s.keepGitDir();
    }

    /** The {@code --exclude} patterns. */
    public List<String> excludes() {
        return s.excludes();
    }

    /** Whether sources keep their parent directories ({@code COPY --parents}). */
    public boolean parents() {
        return s.parents();
    }

    public List<String> sources() {
        return sources;
    }

    /** Inline files by name. */
    public Map<String, String> inline() {
        return inline;
    }

    /** For {@link #of(java.nio.file.Path)}: the host directory the source is in. */
    public Optional<java.nio.file.Path> hostDirectory() {
        return Optional.ofNullable(hostDirectory);
    }

    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    public Optional<String> checksum() {
        return Optional.ofNullable(checksum);
    }

    public String destination() {
        if (destination == null) {
            throw new IllegalStateException("copy of " + sources + " has no destination: call to(...)");
        }
        return destination;
    }

    public Optional<String> from() {
        return Optional.ofNullable(from);
    }

    public Optional<String> chown() {
        return Optional.ofNullable(chown);
    }

    public Optional<Integer> chmod() {
        return Optional.ofNullable(chmod);
    }

    /** As a Dockerfile line shows it, e.g. {@code --chown=app a.txt /app/}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (from != null) {
            s.append("--from=").append(from).append(' ');
        }
        if (chown != null) {
            s.append("--chown=").append(chown).append(' ');
        }
        if (chmod != null) {
            s.append("--chmod=").append(String.format("%04o", chmod)).append(' ');
        }
        if (checksum != null) {
            s.append("--checksum=").append(checksum).append(' ');
        }
        if (this.s.parents()) {
            s.append("--parents ");
        }
        if (this.s.keepGitDir()) {
            s.append("--keep-git-dir ");
        }
        this.s.excludes().forEach(e -> s.append("--exclude=").append(e).append(' '));
        sources.forEach(src -> s.append(hostDirectory == null ? src : hostDirectory.resolve(src)).append(' '));
        inline.keySet().forEach(n -> s.append("<<").append(n).append(' '));
        if (url != null) {
            s.append(url).append(' ');
        }
        if (this.s.git() != null) {
            s.append(this.s.git()).append(' ');
        }
        return s.append(destination).toString();
    }
}
