package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET} and {@code HEAD} of manifests, accepting the OCI and Docker v2.2 manifest and
 * index types. Returns the exact bytes and a digest computed over them, never over re-serialised
 * JSON. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">Pulling manifests</a>
 * and <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#checking-if-content-exists-in-the-registry">Checking if content exists</a>.
 */
final class ManifestPuller {
    /** Distribution refuses manifests over 4 MiB; so does this client. */
    static final int MAX_MANIFEST_BYTES = 4 << 20;
    private static final String ACCEPT = String.join(", ", ManifestMediaTypes.ACCEPTED);
    private static final String DIGEST_HEADER = "Docker-Content-Digest";

    private final RegistryTransport transport;

    ManifestPuller(RegistryTransport transport) {
        this.transport = transport;
    }

    ManifestResponse pull(String repository, String reference) throws IOException {
        RequestContext context = context(repository, "pull manifest " + reference);
        HttpResponse<InputStream> response = transport.expect(request("GET", repository, reference, context), 200);
        byte[] bytes = RegistryTransport.readAtMost(response, MAX_MANIFEST_BYTES, context);
        String mediaType = mediaType(response, bytes, context);
        Optional<String> header = response.headers().firstValue(DIGEST_HEADER).filter(ManifestPuller::wellFormed);
        // The digest uses the algorithm the caller or the registry named, sha256 by default.
        String digest = RegistryPaths.isDigest(reference) ? DigestVerifier.digestLike(reference, bytes)
                : header.map(h -> DigestVerifier.digestLike(h, bytes)).orElseGet(() -> DigestVerifier.sha256(bytes));
        if (RegistryPaths.isDigest(reference) && !digest.equals(reference)) {
            throw context.digestMismatch("manifest " + reference + " does not match its digest: the received bytes hash to " + digest);
        }
        if (header.isPresent() && !DigestVerifier.digestLike(header.get(), bytes).equals(header.get())) {
            throw context.digestMismatch("the manifest's bytes hash to " + DigestVerifier.digestLike(header.get(), bytes)
                    + ", but the registry's Docker-Content-Digest says " + header.get());
        }
        return new ManifestResponse(bytes, mediaType, digest);
    }

    Optional<ManifestInfo> head(String repository, String reference) throws IOException {
        RequestContext context = context(repository, "check manifest " + reference);
        HttpResponse<InputStream> response = transport.expect(request("HEAD", repository, reference, context), 200, 404);
        response.body().close();
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        Optional<String> header = response.headers().firstValue(DIGEST_HEADER);
        if (RegistryPaths.isDigest(reference) && header.isPresent() && !header.get().equals(reference)) {
            throw context.digestMismatch("asked for " + reference + ", the registry's Docker-Content-Digest says " + header.get());
        }
        String digest = RegistryPaths.isDigest(reference) ? reference : header.filter(ManifestPuller::wellFormed).orElse("");
        long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return Optional.of(new ManifestInfo(contentType(response), digest, size));
    }

    private RegistryRequest request(String method, String repository, String reference, RequestContext context) {
        RegistryRequest r = method.equals("HEAD")
                ? RegistryRequest.head(transport.paths().manifest(repository, reference), Set.of(AccessScope.pull(repository)), context)
                : RegistryRequest.get(transport.paths().manifest(repository, reference), Set.of(AccessScope.pull(repository)), context);
        return r.withHeader("Accept", ACCEPT);
    }

    /** The Content-Type, or for a generic one ({@code application/json}, none) the document's own {@code mediaType}. */
    private static String mediaType(HttpResponse<?> response, byte[] bytes, RequestContext context) throws RegistryException {
        String type = contentType(response);
        if (type.isEmpty() || type.equals("application/json") || type.equals("text/plain")) {
            type = RegistryJson.tryParse(bytes).map(n -> n.path("mediaType").asText("")).orElse("");
        }
        if (!ManifestMediaTypes.isAccepted(type)) {
            throw context.failure(response.statusCode(), "unsupported manifest media type '" + type + "'; accepted are "
                    + ManifestMediaTypes.ACCEPTED);
        }
        return type;
    }

    private static String contentType(HttpResponse<?> response) {
        String value = response.headers().firstValue("Content-Type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean wellFormed(String digest) {
        try {
            DigestVerifier.checkForm(digest);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private RequestContext context(String repository, String operation) {
        return new RequestContext(transport.endpoint().host(), repository, operation);
    }
}
