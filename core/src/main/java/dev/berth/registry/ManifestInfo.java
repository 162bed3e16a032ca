package dev.berth.registry;

/**
 * What a {@code HEAD} on a manifest tells: its media type, digest and size. The digest is the
 * requested one when checking by digest, else the registry's {@code Docker-Content-Digest},
 * empty when the registry sends none. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#checking-if-content-exists-in-the-registry">Checking if content exists</a>.
 */
public record ManifestInfo(String mediaType, String digest, long size) {
}
