/**
 * Starting isolated processes. {@link dev.berth.namespaces.launch.ProcessSpec} says what to
 * run and how; {@link dev.berth.namespaces.launch.MountPlan} turns it into mount steps and
 * {@link dev.berth.namespaces.launch.SpecEncoder} into the wire format of the static stage-1
 * helper ({@code src/main/c/stage1}); {@link dev.berth.namespaces.launch.Launcher} runs the
 * helper from a sealed memfd and returns a process handle.
 *
 * @see <a href="https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md">OCI runtime spec, Linux</a>
 */
package dev.berth.namespaces.launch;
