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
 * heredoc's), or for {@code ADD} a URL with the checksum it must have. Immutable; each option
 * returns a new value.
 *
 * <pre>{@code
 * builder.copy(Copy.of("app.jar", "lib/").to("/app/").chown("app:app").chmod(0644));
 * builder.copy(Copy.of("/out/bin").from("build").to("/usr/local/bin/"));
 * }</pre>
 */
public final class Copy {
    private final List<String> sources;
    private final Map<String, String> inline;
    private final URI url;
    private final String checksum;
    private final String destination;
    private final String from;
    private final String chown;
    private final Integer chmod;
    private final java.nio.file.Path hostDirectory;

    private Copy(List<String> sources, Map<String, String> inline, URI url, String checksum, String destination,
            String from, String chown, Integer chmod) {
        this(sources, inline, url, checksum, destination, from, chown, chmod, null);
    }

    private Copy(List<String> sources, Map<String, String> inline, URI url, String checksum, String destination,
            String from, String chown, Integer chmod, java.nio.file.Path hostDirectory) {
        this.hostDirectory = hostDirectory;
        this.sources = sources;
        this.inline = inline;
        this.url = url;
        this.checksum = checksum;
        this.destination = destination;
        this.from = from;
        this.chown = chown;
        this.chmod = chmod;
    }

    /** Paths or globs ({@code *}, {@code ?}, {@code [..]}) relative to the build context (or the {@link #from} root). */
    public static Copy of(String... sources) {
        if (sources.length == 0) {
            throw new IllegalArgumentException("a copy needs at least one source");
        }
        return new Copy(List.of(sources), Map.of(), null, null, null, null, null, null);
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
        return new Copy(List.of(p.getFileName().toString()), Map.of(), null, null, null, null, null, null, p.getParent());
    }

    /** One file named {@code name} with {@code content} (UTF-8), as a heredoc in COPY gives it. */
    public static Copy text(String name, String content) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("an inline file needs a plain name: \"" + name + "\"");
        }
        return new Copy(List.of(), Map.of(name, content), null, null, null, null, null, null);
    }

    /**
     * For {@code ADD} only: the file at {@code url}, which must have {@code checksum}
     * ({@code sha256:HEX}), as {@code ADD --checksum} requires.
     */
    public static Copy url(URI url, String checksum) {
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("ADD fetches http and https URLs only: " + url);
        }
        if (checksum == null || !checksum.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("ADD " + url + " needs a checksum sha256:<64 hex digits>, not " + checksum);
        }
        return new Copy(List.of(), Map.of(), url, checksum, null, null, null, null);
    }

    /** The destination: absolute, or relative to the working directory; a trailing {@code /} means a directory. */
    public Copy to(String destination) {
        return new Copy(sources, inline, url, checksum, Objects.requireNonNull(destination), from, chown, chmod, hostDirectory);
    }

    /** Copies from a named stage of this build, or from an image, instead of the context. */
    public Copy from(String stageOrImage) {
        if (hostDirectory != null) {
            throw new IllegalStateException("a copy from the host cannot also be from " + stageOrImage);
        }
        return new Copy(sources, inline, url, checksum, destination, Objects.requireNonNull(stageOrImage), chown, chmod);
    }

    /** The owner of what is copied: {@code user}, {@code user:group}, names resolved in the image (default 0:0). */
    public Copy chown(String owner) {
        return new Copy(sources, inline, url, checksum, destination, from, Objects.requireNonNull(owner), chmod, hostDirectory);
    }

    /** The mode of what is copied, such as {@code 0755} (default: the source's). */
    public Copy chmod(int mode) {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("invalid mode " + Integer.toOctalString(mode));
        }
        return new Copy(sources, inline, url, checksum, destination, from, chown, mode, hostDirectory);
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
        sources.forEach(src -> s.append(hostDirectory == null ? src : hostDirectory.resolve(src)).append(' '));
        inline.keySet().forEach(n -> s.append("<<").append(n).append(' '));
        if (url != null) {
            s.append(url).append(' ');
        }
        return s.append(destination).toString();
    }
}
