package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.StoreSource;
import dev.berth.image.transport.ImageDestination;
import dev.berth.image.transport.ImageSource;
import dev.berth.image.transport.NamedImage;
import dev.berth.image.transport.VerifyingInputStream;
import dev.berth.registry.BlobSource;
import dev.berth.registry.ProgressListener;
import dev.berth.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one image to a registry ({@code docker://REF}), through the
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#push">distribution spec's
 * push</a>: blobs the repository lacks, each manifest by digest, and at the commit the top one under
 * REF's tag (or its digest). From the store it pushes as {@link ImagePusher} does, mounting blobs from
 * the repository the image came from.
 */
public final class RegistryDestination implements ImageDestination {
    private final RegistryClients clients;
    private final ImageReference target;
    private final ProgressListener listener;
    private final Map<Digest, Descriptor> manifests = new LinkedHashMap<>();
    private final Map<Digest, byte[]> manifestBytes = new LinkedHashMap<>();
    private RegistryClient client;

    private RegistryDestination(RegistryClients clients, ImageReference target, ProgressListener listener) {
        this.clients = clients;
        this.target = target;
        this.listener = listener;
    }

    /** The repository and tag {@code target} names. */
    public static RegistryDestination of(RegistryClients clients, ImageReference target, ProgressListener listener) {
        return new RegistryDestination(clients, target, listener);
    }

    @Override
    public String describe() {
        return "docker://" + target;
    }

    @Override
    public Indexes indexes() {
        return Indexes.COMPLETE;
    }

    @Override
    public boolean has(Descriptor blob) throws IOException {
        try {
            return client().checkBlob(target.repository(), blob.digest().toString()).isPresent();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Stages the blob in a temporary file, verified, so the client can send it again on a retry. */
    @Override
    public void putBlob(Descriptor blob, InputStream content, String source) throws IOException {
        Path temp = Files.createTempFile("berth-push-", ".tmp");
        try {
            Files.copy(new VerifyingInputStream(content, blob, source), temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            client().pushBlob(target.repository(), BlobDescriptors.of(blob), BlobSource.of(temp));
        } catch (ImageTransferException | dev.berth.image.DigestMismatchException e) {
            throw e;
        } catch (IOException e) {
            throw failed(e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void putManifest(Descriptor manifest, byte[] bytes) throws IOException {
        try {
            client().pushManifest(target.repository(), manifest.digest().toString(), manifest.mediaType(), bytes);
        } catch (IOException e) {
            throw failed(e);
        }
        manifests.put(manifest.digest(), manifest);
        manifestBytes.put(manifest.digest(), bytes);
    }

    @Override
    public void commit(List<NamedImage> images) throws IOException {
        NamedImage.requireOne(images, true, this);
        Descriptor top = images.get(0).top();
        if (target.tag().isPresent()) {
            try {
                client().pushManifest(target.repository(), target.tag().get(), manifests.get(top.digest()).mediaType(),
                        manifestBytes.get(top.digest()));
            } catch (IOException e) {
                throw failed(e);
            }
        }
    }

    /** From the store, one image given by reference: {@link ImagePusher}, which mounts blobs across repositories. */
    @Override
    public Optional<List<NamedImage>> copyDirectly(ImageSource source) throws IOException {
        if (!(source instanceof StoreSource store) || store.given().size() != 1) {
            return Optional.empty();
        }
        ImageReference from;
        try {
            from = ImageReference.parse(store.given().get(0));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a digest or image ID: the generic copy reads it
        }
        if (store.store().tagNamedBy(store.given().get(0)).isEmpty()) {
            return Optional.empty();
        }
        PushResult pushed = ImagePusher.create(store.store(), clients).push(from, target, listener);
        return Optional.of(List.of(new NamedImage(pushed.pushed().withAnnotations(null), List.of(target.toString()))));
    }

    private RegistryClient client() {
        if (client == null) {
            client = clients.client(target.registry());
        }
        return client;
    }

    private IOException failed(IOException e) {
        return e instanceof ImageTransferException ? e
                : new ImageTransferException("push", target, client().endpoint().apiBase().getAuthority(), e);
    }
}
