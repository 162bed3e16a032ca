/**
 * What kind of host Berth runs on when that host is itself a container or a Kubernetes pod: an
 * overlay root, a cgroup namespace, a user namespace, missing capabilities, no {@code /dev/fuse};
 * and what Berth does about each. Read from {@code /proc} through {@link dev.berth.host.HostFiles},
 * so the detection is tested on recorded files.
 */
package dev.berth.host;
