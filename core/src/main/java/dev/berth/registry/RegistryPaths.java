package dev.berth.registry;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * The API's URIs for one registry, built from validated names, so that no repository or
 * reference can step outside {@code /v2/}. Grammar from the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">Pulling manifests</a>.
 */
final class RegistryPaths {
    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    private final URI base;

    RegistryPaths(RegistryEndpoint endpoint) {
        this.base = endpoint.apiBase();
    }

    URI manifest(String repository, String reference) {
        return base.resolve(repo(repository) + "/manifests/" + reference(reference));
    }

    URI blob(String repository, String digest) {
        DigestVerifier.checkForm(digest);
        return base.resolve(repo(repository) + "/blobs/" + digest);
    }

    URI uploads(String repository) {
        return base.resolve(repo(repository) + "/blobs/uploads/");
    }

    URI tags(String repository, int pageSize) {
        return base.resolve(repo(repository) + "/tags/list?n=" + pageSize);
    }

    URI catalog(int pageSize) {
        return base.resolve("_catalog?n=" + pageSize);
    }

    /** True when the reference is a digest rather than a tag. */
    static boolean isDigest(String reference) {
        return reference.contains(":");
    }

    static String repo(String repository) {
        if (repository.length() > 255 || !REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("not a repository name: '" + repository + "'");
        }
        return repository;
    }

    static String reference(String reference) {
        if (isDigest(reference)) {
            DigestVerifier.checkForm(reference);
        } else if (!TAG.matcher(reference).matches()) {
            throw new IllegalArgumentException("not a tag or digest: '" + reference + "'");
        }
        return reference;
    }
}
