package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Platform;
import dev.berth.image.store.StoreDestination;
import dev.berth.image.transport.ImageDestination;
import dev.berth.image.transport.ImageSource;
import dev.berth.image.transport.NamedImage;
import dev.berth.registry.BlobSink;
import dev.berth.registry.ProgressListener;
import dev.berth.registry.RegistryClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one image from a registry ({@code docker://REF}), through the
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pull">distribution spec's
 * pull</a>: the manifest REF names, through an index the one for the platform, its config and layers. The
 * source holds that platform's image alone: an index goes along only to a destination that takes it
 * partial. Into the store it pulls as {@link ImagePuller} does, unpacking layers as they arrive.
 */
public final class RegistrySource implements ImageSource {
    private final RegistryClients clients;
    private final ImageReference reference;
    private final Platform platform;
    private final ProgressListener listener;
    private final Map<Digest, byte[]> documents = new HashMap<>();
    private final Set<Digest> blobs = new HashSet<>();
    private RegistryClient client;

    private RegistrySource(RegistryClients clients, ImageReference reference, Platform platform, ProgressListener listener) {
        this.clients = clients;
        this.reference = reference;
        this.platform = platform;
        this.listener = listener;
    }

    /** The image {@code reference} names, for {@code platform}. */
    public static RegistrySource of(RegistryClients clients, ImageReference reference, Platform platform,
            ProgressListener listener) {
        return new RegistrySource(clients, reference, platform, listener);
    }

    @Override
    public String describe() {
        return "docker://" + reference;
    }

    @Override
    public List<NamedImage> images() throws IOException {
        RemoteImage remote;
        try {
            remote = RemoteImage.fetch(client(), reference, platform);
        } catch (IOException e) {
            throw failed(e);
        }
        if (remote.index() != null) {
            documents.put(remote.index().digest(), remote.index().bytes());
        }
        documents.put(remote.manifest().digest(), remote.manifest().bytes());
        remote.blobs().forEach(b -> blobs.add(b.digest()));
        return List.of(new NamedImage(remote.top(), reference.tag().isPresent() ? List.of(reference.toString()) : List.of()));
    }

    @Override
    public boolean has(Descriptor blob) {
        return documents.containsKey(blob.digest()) || blobs.contains(blob.digest());
    }

    /** Downloads the blob (verified by the registry client) to a temporary file, deleted when the stream closes. */
    @Override
    public InputStream open(Descriptor blob) throws IOException {
        byte[] document = documents.get(blob.digest());
        if (document != null) {
            return new java.io.ByteArrayInputStream(document);
        }
        Path temp = Files.createTempFile("berth-blob-", ".tmp");
        try {
            client().pullBlob(reference.repository(), BlobDescriptors.of(blob), BlobSink.toFile(temp), listener);
            return new FilterInputStream(Files.newInputStream(temp)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        Files.deleteIfExists(temp);
                    }
                }
            };
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw failed(e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public String describe(Descriptor blob) {
        return "blob " + blob.digest() + " of " + describe();
    }

    /** Into the store with a layer store and no other tag: {@link ImagePuller}, which unpacks while it downloads. */
    @Override
    public Optional<List<NamedImage>> copyDirectlyTo(ImageDestination destination) throws IOException {
        if (!(destination instanceof StoreDestination store) || store.layers().isEmpty() || store.reference().isPresent()) {
            return Optional.empty();
        }
        PullResult pulled = ImagePuller.create(store.store(), store.layers().get(), clients)
                .pull(reference, platform, listener);
        return Optional.of(List.of(new NamedImage(pulled.target().withAnnotations(null),
                reference.tag().isPresent() ? List.of(reference.toString()) : List.of())));
    }

    private RegistryClient client() {
        if (client == null) {
            client = clients.client(reference.registry());
        }
        return client;
    }

    private IOException failed(IOException e) {
        return e instanceof ImageTransferException ? e
                : new ImageTransferException("pull", reference, client().endpoint().apiBase().getAuthority(), e);
    }
}
