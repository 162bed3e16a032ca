/**
 * The device policy of a container's cgroup: which device nodes its processes may open and make.
 * {@link dev.berth.namespaces.cgroup.device.DevicePolicy} holds the rules (Docker's defaults plus
 * the caller's); on cgroup v1 they are written to {@code devices.deny} and {@code devices.allow},
 * and on cgroup v2 {@link dev.berth.namespaces.cgroup.device.DeviceProgram} compiles them into an
 * eBPF program of type {@code BPF_PROG_TYPE_CGROUP_DEVICE}, encoded by
 * {@link dev.berth.namespaces.cgroup.device.EbpfAssembler}.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/devices.html">Device Whitelist
 *      Controller (v1)</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#device-controller">cgroup v2:
 *      device controller</a>
 */
package dev.berth.namespaces.cgroup.device;
