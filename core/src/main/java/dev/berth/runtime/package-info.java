/**
 * What turns an image and a caller's options into a launch, as Docker would: the command line
 * ({@link dev.berth.runtime.CommandLine}), the user ({@link dev.berth.runtime.UserSpec}), the
 * generated {@code /etc} files ({@link dev.berth.runtime.EtcFiles}) and the container's log in
 * Docker's json-file format ({@link dev.berth.runtime.ContainerLog}).
 *
 * @see <a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">OCI runtime spec</a>
 */
package dev.berth.runtime;
