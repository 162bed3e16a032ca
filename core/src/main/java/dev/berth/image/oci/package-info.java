/**
 * The OCI image model and its Docker v2.2 counterparts, as the
 * <a href="https://github.com/opencontainers/image-spec">OCI image-spec</a> defines them:
 * {@link dev.berth.image.oci.Descriptor}, {@link dev.berth.image.oci.ImageManifest},
 * {@link dev.berth.image.oci.ImageIndex}, {@link dev.berth.image.oci.ImageConfig}. Parsing validates
 * what the spec's JSON schemas validate and returns a {@link dev.berth.image.oci.Document}: the value
 * together with the exact bytes and their digest. Writing is deterministic.
 */
package dev.berth.image.oci;
