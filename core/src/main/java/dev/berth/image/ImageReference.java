package dev.berth.image;

import dev.berth.image.InvalidReferenceException.Reason;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An image reference such as {@code alpine}, {@code localhost:5000/app:1.0} or
 * {@code ghcr.io/o/r@sha256:…}, parsed by the grammar of
 * <a href="https://github.com/distribution/reference">distribution/reference</a> and normalised the way
 * Docker does ({@code ParseDockerRef}: {@code ParseNormalizedNamed}, then {@code TagNameOnly}, and a
 * digest wins over a tag): {@code alpine} becomes {@code docker.io/library/alpine:latest},
 * {@code index.docker.io} becomes {@code docker.io}, {@code busybox:1@sha256:…} becomes
 * {@code docker.io/library/busybox@sha256:…}. A parsed reference always has a registry and a
 * repository, and either a tag or a digest ({@link #withTag} and {@link #withDigest} can give it both).
 */
public final class ImageReference {
    /** The registry of names without one (Docker Hub). */
    public static final String DEFAULT_REGISTRY = "docker.io";
    /** The tag of references that name neither a tag nor a digest. */
    public static final String DEFAULT_TAG = "latest";

    private static final String LEGACY_DEFAULT_REGISTRY = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final String LOCALHOST = "localhost";

    private final String registry;
    private final String repository;
    private final String tag;
    private final Digest digest;

    private ImageReference(String registry, String repository, String tag, Digest digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /**
     * Parses and normalises {@code reference}.
     *
     * @throws InvalidReferenceException naming the input and distribution's error category
     */
    public static ImageReference parse(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (ReferenceGrammar.IDENTIFIER.matcher(reference).matches()) {
            throw new InvalidReferenceException(reference, Reason.NAME_IS_IDENTIFIER);
        }
        String[] split = splitDockerDomain(reference);
        String remainder = split[1];
        int tagSeparator = remainder.indexOf(':');
        String remote = tagSeparator < 0 ? remainder : remainder.substring(0, tagSeparator);
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            throw new InvalidReferenceException(reference, Reason.NAME_CONTAINS_UPPERCASE, "repository name " + remote);
        }
        ReferenceGrammar.Parts parts;
        try {
            parts = ReferenceGrammar.parse(split[0] + "/" + remainder);
        } catch (InvalidReferenceException e) {
            // Report the caller's text, not the normalised string it was checked as.
            throw new InvalidReferenceException(reference, e.reason());
        }
        if (parts.domain() == null) {
            // The first component was taken as a registry but is no valid host (e.g. "a_b.io/x"): the
            // grammar then reads it as a path. distribution returns a name without a domain here; a
            // reference must name its registry, so it is refused (found by ImageReferenceFuzzTest).
            throw new InvalidReferenceException(reference, Reason.INVALID_FORMAT, "registry " + split[0] + " is not a valid host");
        }
        // As docker's ParseDockerRef: with a digest the tag is dropped (the digest alone names the
        // content); with neither, the tag is latest.
        String tag = parts.digest() != null ? null : parts.tag() == null ? DEFAULT_TAG : parts.tag();
        return new ImageReference(parts.domain(), parts.path(), tag, parts.digest());
    }

    /** {@code registry/repository:tag}, each part validated as in {@link #parse}. */
    public static ImageReference of(String registry, String repository, String tag) {
        ImageReference name = parse(registry + "/" + repository);
        return name.withTag(tag);
    }

    /**
     * Splits a familiar name into domain and remote name (distribution's {@code splitDockerDomain}):
     * the first component is a domain if it is {@code localhost}, contains {@code .} or {@code :}, or has
     * uppercase letters; otherwise the name is on Docker Hub, under {@code library/} if it has one component.
     */
    private static String[] splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {DEFAULT_REGISTRY, OFFICIAL_PREFIX + name};
        }
        String maybeDomain = name.substring(0, slash);
        String domain;
        String remote;
        if (maybeDomain.equals(LEGACY_DEFAULT_REGISTRY)) {
            domain = DEFAULT_REGISTRY;
            remote = name.substring(slash + 1);
        } else if (maybeDomain.equals(LOCALHOST) || maybeDomain.contains(".") || maybeDomain.contains(":")
                || !maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
            domain = maybeDomain;
            remote = name.substring(slash + 1);
        } else {
            domain = DEFAULT_REGISTRY;
            remote = name;
        }
        if (domain.equals(DEFAULT_REGISTRY) && remote.indexOf('/') < 0) {
            remote = OFFICIAL_PREFIX + remote;
        }
        return new String[] {domain, remote};
    }

    /** The registry host, with its port if any: {@code docker.io}, {@code localhost:5000}, {@code [::1]:5000}. */
    public String registry() {
        return registry;
    }

    /** The repository path within the registry: {@code library/alpine}. */
    public String repository() {
        return repository;
    }

    /** {@code registry/repository}. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The tag; absent only for a reference by digest alone. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** The digest, if the reference pins one. */
    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** The same name with {@code tag} (validated) and this reference's digest, if any. */
    public ImageReference withTag(String tag) {
        return new ImageReference(registry, repository, ReferenceGrammar.tag(tag), digest);
    }

    /** The same name and tag, pinned to {@code digest} (which must be sha256, sha384 or sha512). */
    public ImageReference withDigest(Digest digest) {
        Digest checked = ReferenceGrammar.goDigest(digest.toString(), digest.toString());
        return new ImageReference(registry, repository, tag, checked);
    }

    /** The same name with only the tag, dropping any digest (the form recorded as a store tag). */
    public ImageReference withoutDigest() {
        return new ImageReference(registry, repository, tag == null ? DEFAULT_TAG : tag, null);
    }

    /** The short form Docker shows: {@code alpine:latest}, {@code user/app:1}, {@code localhost/foo:latest}. */
    public String familiar() {
        return suffixed(familiarName());
    }

    /**
     * The name without registry {@code docker.io} and, for official images, without {@code library/}.
     * A Docker Hub repository whose first component looks like a registry ({@code docker.io/lir.io/x})
     * keeps {@code docker.io/}: without it, parsing the short form would name another registry.
     */
    public String familiarName() {
        if (!registry.equals(DEFAULT_REGISTRY)) {
            return name();
        }
        if (repository.startsWith(OFFICIAL_PREFIX) && repository.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return repository.substring(OFFICIAL_PREFIX.length());
        }
        int slash = repository.indexOf('/');
        String first = slash < 0 ? "" : repository.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return name();
        }
        return repository;
    }

    private String suffixed(String name) {
        return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r && r.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** The canonical form: {@code docker.io/library/alpine:latest}, {@code name:tag@digest}. */
    @Override
    public String toString() {
        return suffixed(name());
    }
}
