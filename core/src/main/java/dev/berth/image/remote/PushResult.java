package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.registry.BlobPushOutcome;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pushed image. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#push">Push</a>.
 *
 * @param target where it was pushed
 * @param pushed the manifest or index the target now names, with the digest the registry serves it under
 * @param blobs what each layer and config blob took, in push order (layers, then the config): nothing, a cross-repository mount, or an upload
 */
public record PushResult(ImageReference target, Descriptor pushed, Map<Digest, BlobPushOutcome> blobs) {
    public PushResult {
        blobs = Collections.unmodifiableMap(new LinkedHashMap<>(blobs));
    }
}
