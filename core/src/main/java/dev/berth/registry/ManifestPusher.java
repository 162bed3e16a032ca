package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Set;

/**
 * {@code PUT} of a manifest or index, by tag or by digest, sending the exact bytes given with
 * their media type as {@code Content-Type}. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-manifests">Pushing Manifests</a>.
 */
final class ManifestPusher {
    private final RegistryTransport transport;

    ManifestPusher(RegistryTransport transport) {
        this.transport = transport;
    }

    /** Pushes and returns the manifest's digest. */
    String push(String repository, String reference, String mediaType, byte[] bytes) throws IOException {
        if (!ManifestMediaTypes.isAccepted(mediaType)) {
            throw new IllegalArgumentException("not a manifest or index media type: '" + mediaType + "'");
        }
        if (bytes.length > ManifestPuller.MAX_MANIFEST_BYTES) {
            throw new IllegalArgumentException("manifest of " + bytes.length + " bytes exceeds the 4 MiB registries accept");
        }
        boolean byDigest = RegistryPaths.isDigest(RegistryPaths.reference(reference));
        String digest = byDigest ? DigestVerifier.digestLike(reference, bytes) : DigestVerifier.sha256(bytes);
        if (byDigest && !digest.equals(reference)) {
            throw new IllegalArgumentException("pushing by digest " + reference + ", but the bytes hash to " + digest);
        }
        byte[] body = bytes.clone();
        RequestContext context = new RequestContext(transport.endpoint().host(), repository, "push manifest " + reference);
        HttpResponse<InputStream> response = transport.expect(
                RegistryRequest.of("PUT", transport.paths().manifest(repository, reference), () -> BodyPublishers.ofByteArray(body),
                        body.length, Set.of(AccessScope.push(repository)), context).withHeader("Content-Type", mediaType).retriable(), 201, 200, 202);
        response.body().close();
        BlobPusher.checkDigestHeader(response, digest, context);
        return digest;
    }
}
