package dev.berth.registry;

import com.google.common.annotations.VisibleForTesting;
import dev.berth.image.ProgressListener;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A client for one registry, speaking the
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution spec</a>:
 * manifests, blobs, uploads, mounts and tag lists, with Basic or bearer-token authentication
 * learnt from the registry's challenges. Works in strings and bytes: repository names such as
 * {@code library/alpine}, references that are a tag or a {@code sha256:} digest, media types; the
 * image model ({@link dev.berth.image.oci}) parses what it returns and picks an index's platform.
 * Thread-safe; one instance per registry and set of credentials, kept for the tokens it caches.
 *
 * <pre>{@code
 * RegistryClient registry = RegistryClient.builder("ghcr.io").build();
 * ManifestResponse index = registry.pullManifest("org/app", "1.0");
 * Descriptor mine = ImageIndex.parse(index.bytes(), "index").value().manifestFor(Platform.host()).orElseThrow();
 * }</pre>
 */
public final class RegistryClient {
    private final RegistryEndpoint endpoint;
    private final ManifestPuller manifestPuller;
    private final ManifestPusher manifestPusher;
    private final BlobPuller blobPuller;
    private final BlobPusher blobPusher;
    private final RepositoryLister lister;
    private final RegistryTransport transport;

    private RegistryClient(Builder b) {
        this.endpoint = b.endpoint;
        ReceiveBuffer.enlarge();
        HttpClient.Builder hb = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(b.connectTimeout);
        if (endpoint.plainHttp()) {
            hb.sslContext(DeferredTlsContext.create()).sslParameters(DeferredTlsContext.parameters()); // no TLS set-up unless redirected to HTTPS
        }
        HttpClient http = hb.build();
        RetryingSender sender = new RetryingSender(http, b.retryPolicy, b.connectTimeout, b.readTimeout);
        RegistryAuthenticator authenticator = new RegistryAuthenticator(endpoint, b.credentials, new TokenCache(b.clock),
                new BearerTokenClient(sender, b.requestTimeout));
        this.transport = new RegistryTransport(endpoint, sender, authenticator, b.requestTimeout);
        this.manifestPuller = new ManifestPuller(transport);
        this.manifestPusher = new ManifestPusher(transport);
        this.blobPuller = new BlobPuller(transport, b.concurrency);
        this.blobPusher = new BlobPusher(transport, blobPuller, b.chunkSize);
        this.lister = new RepositoryLister(transport, b.pageSize);
    }

    /** A builder for the registry at {@code host} ({@code host[:port]}, as in references). */
    public static Builder builder(String host) {
        return new Builder(RegistryEndpoint.of(host));
    }

    /** A builder for an explicit endpoint (to force plain HTTP, see {@link RegistryEndpoint#insecure}). */
    public static Builder builder(RegistryEndpoint endpoint) {
        return new Builder(endpoint);
    }

    /** The registry this client talks to. */
    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Checks this client's credentials as {@code docker login} does: {@code GET /v2/}, answering
     * the registry's challenge (Basic, or a token from its realm for no scope), and returns when
     * the registry accepts them.
     *
     * @throws RegistryException with status 401 when they are refused (or none are configured)
     */
    public void checkLogin() throws IOException {
        RequestContext context = new RequestContext(endpoint.host(), "", "login");
        try (java.io.InputStream body = transport.expect(RegistryRequest.get(endpoint.apiBase(), java.util.Set.of(), context), 200).body()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** {@code GET} a manifest or index by tag or digest; bytes, media type and verified digest. */
    public ManifestResponse pullManifest(String repository, String reference) throws IOException {
        return manifestPuller.pull(repository, reference);
    }

    /** {@code HEAD} a manifest: its media type, digest and size, or empty when absent. */
    public Optional<ManifestInfo> checkManifest(String repository, String reference) throws IOException {
        return manifestPuller.head(repository, reference);
    }

    /** {@code PUT} a manifest or index under a tag or its digest; returns its digest. */
    public String pushManifest(String repository, String reference, String mediaType, byte[] bytes) throws IOException {
        return manifestPusher.push(repository, reference, mediaType, bytes);
    }

    /** {@code HEAD} a blob: its descriptor (size from Content-Length) or empty when absent. */
    public Optional<BlobDescriptor> checkBlob(String repository, String digest) throws IOException {
        return blobPuller.head(repository, digest, Set.of(AccessScope.pull(repository)));
    }

    /** Downloads one blob into {@code sink}, verified; the sink is committed on success and discarded on failure. */
    public void pullBlob(String repository, BlobDescriptor blob, BlobSink sink, ProgressListener listener) throws IOException {
        blobPuller.pull(repository, blob, sink, listener);
    }

    /**
     * Downloads blobs concurrently (each distinct digest once), each into the sink that
     * {@code sinks} gives for it when its download starts. Throws the first failure after the
     * downloads under way have ended; blobs not started by then are skipped.
     */
    public void pullBlobs(String repository, List<BlobDescriptor> blobs, Function<BlobDescriptor, BlobSink> sinks, ProgressListener listener)
            throws IOException {
        blobPuller.pullAll(repository, blobs, sinks, listener);
    }

    /** Pushes a blob unless the repository has it. */
    public BlobPushOutcome pushBlob(String repository, BlobDescriptor blob, BlobSource source) throws IOException {
        return blobPusher.push(repository, blob, source, "");
    }

    /** Pushes a blob, first trying to mount it from {@code mountFrom} on the same registry. */
    public BlobPushOutcome pushBlob(String repository, BlobDescriptor blob, BlobSource source, String mountFrom) throws IOException {
        return blobPusher.push(repository, blob, source, Objects.requireNonNull(mountFrom, "mountFrom"));
    }

    /** All tags of a repository. */
    public List<String> listTags(String repository) throws IOException {
        return lister.tags(repository);
    }

    /** All repositories of the registry, where it offers {@code /v2/_catalog}. */
    public List<String> listRepositories() throws IOException {
        return lister.catalog();
    }

    /** Settings for a {@link RegistryClient}; every one has a default. */
    public static final class Builder {
        private final RegistryEndpoint endpoint;
        private CredentialSource credentials = DockerConfigCredentials.fromEnvironment();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int concurrency = 3;
        private int chunkSize;
        private int pageSize = 100;
        private Clock clock = Clock.systemUTC();

        private Builder(RegistryEndpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        /** These credentials for this registry (instead of {@code ~/.docker/config.json}). */
        public Builder credentials(Credentials credentials) {
            this.credentials = CredentialSource.of(Objects.requireNonNull(credentials, "credentials"));
            return this;
        }

        /** Where credentials come from; default {@link DockerConfigCredentials#fromEnvironment()}. */
        public Builder credentialSource(CredentialSource source) {
            this.credentials = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Retries on 5xx, 429 and dropped connections; default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Time to open a connection; default 15 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Time to the response headers of one request; default 60 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Time a response body may go without data before the read fails (and a download resumes); default 30 s. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** Blobs downloaded at once by {@link #pullBlobs}; default 3. */
        public Builder concurrency(int downloads) {
            this.concurrency = atLeast(1, downloads, "concurrency");
            return this;
        }

        /** Upload blobs larger than this in {@code PATCH} chunks of this size; 0 (default) uploads in one {@code PUT}. */
        public Builder chunkSize(int bytes) {
            this.chunkSize = atLeast(0, bytes, "chunk size");
            return this;
        }

        /** Entries asked for per page of tags or repositories; default 100. */
        public Builder pageSize(int entries) {
            this.pageSize = atLeast(1, entries, "page size");
            return this;
        }

        /** The clock that token expiry is measured with; for tests. */
        @VisibleForTesting
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The client. */
        public RegistryClient build() {
            return new RegistryClient(this);
        }

        private static int atLeast(int min, int value, String what) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value);
            }
            return value;
        }
    }
}
