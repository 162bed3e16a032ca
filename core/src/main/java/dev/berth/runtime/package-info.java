/**
 * What turns an image and a caller's options into a launch, as Docker would: the command line
 * ({@link dev.berth.runtime.CommandLine}), the user ({@link dev.berth.runtime.UserSpec}), the
 * generated {@code /etc} files ({@link dev.berth.runtime.EtcFiles}) and the container's log in
 * Docker's json-file format ({@link dev.berth.runtime.ContainerLog}); the config rules as a whole
 * ({@link dev.berth.runtime.ContainerConfigRules}), the image's layers unpacked for a root
 * ({@link dev.berth.runtime.ImageLayers}), a container's directory and persisted config
 * ({@link dev.berth.runtime.ContainerDirectory}, {@link dev.berth.runtime.ContainerConfig}), and
 * the launch specs of its main process and of exec ({@link dev.berth.runtime.ContainerLaunch},
 * {@link dev.berth.runtime.ContainerExec}).
 *
 * @see <a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">OCI runtime spec</a>
 */
package dev.berth.runtime;
