/**
 * A client for container registries: the
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution
 * specification</a> over {@link java.net.http.HttpClient}, with Docker's
 * <a href="https://distribution.github.io/distribution/spec/auth/token/">token authentication</a>,
 * Basic authentication and credentials from {@code ~/.docker/config.json}.
 *
 * <p>The client speaks in strings and bytes (registry host, repository, tag or digest, media
 * types) and small records of its own, so that it stands apart from the image model. Every byte
 * received is checked against its digest before it is handed on as complete; see
 * {@link dev.berth.registry.BlobSink}. Start at {@link dev.berth.registry.RegistryClient}.
 */
package dev.berth.registry;
