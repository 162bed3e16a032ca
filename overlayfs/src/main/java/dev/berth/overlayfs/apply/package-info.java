/**
 * Applying an untrusted tar layer (tar, gzip or zstd) into a directory in one pass, with the
 * diffID computed on the way: whiteouts and opaque directories in overlay's form, and every path
 * resolved inside the target with {@code openat2} so nothing is written outside it.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">OCI image-spec: layers</a>
 */
package dev.berth.overlayfs.apply;
