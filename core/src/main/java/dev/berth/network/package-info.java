/**
 * Container networking without a daemon: the modes of {@code docker run --network} (none, host,
 * bridge, and slirp4netns without root), Linux bridges and veth pairs made over rtnetlink from
 * Java, addresses allocated in the home's store, published ports, and names.
 *
 * <p>Decisions, and why:
 * <ul>
 *   <li><b>The network is ready before the command runs.</b> {@link dev.berth.network.Attachment}
 *       makes the container's network namespace on a disposable thread ({@code unshare(CLONE_NEWNET)},
 *       root), creates the veth with its peer directly inside it, and configures loopback,
 *       {@code eth0} and the default route through a netlink socket opened in it; the stage-1
 *       helper then joins that namespace (wire tag 25, {@code TAG_NETNS}) instead of making a
 *       new one. No gate between helper and Java was needed, and nothing is mounted: the
 *       namespace lives as long as the container's processes, and with it the veth pair.</li>
 *   <li><b>rtnetlink in Java, not {@code ip}.</b> Four message kinds (link, address, route,
 *       delete) cost about 200 lines and no process start per container.</li>
 *   <li><b>Packet filtering by the host's tool.</b> nftables' {@code nft}, else
 *       {@code iptables}: one table (or three chains) per home, always rewritten whole from the
 *       store's records in one transaction, so recovery after a crash is the same operation as
 *       any change. Published ports are DNAT in prerouting and output ({@code route_localnet}
 *       on the bridge lets 127.0.0.1 be DNATed), masqueraded onto the bridge so the answer
 *       comes back through the host. DNAT keeps the kernel's path: bench/network.sh measures
 *       it at parity with the direct path. Where neither tool works, a NIO proxy in the JVM
 *       forwards the ports (one selector thread, no thread per connection).</li>
 *   <li><b>Host ports are held by sockets</b> of this JVM, as Docker's port allocator does: a
 *       port in use fails at start, naming it. The reservation itself is the endpoint's record in
 *       the store, which every JVM honours while the container runs: a detached container
 *       keeps its ports, and its DNAT rules keep forwarding them, after its JVM exits. As
 *       dockerd, they are released when the container stops (whichever JVM sees it exit) and
 *       reserved again at its next start; the endpoints of containers that are gone are freed
 *       by the next {@code Berth.open()}.</li>
 *   <li><b>Without root, slirp4netns</b> ({@link dev.berth.network.SlirpNetwork}), as podman's
 *       rootless mode: publishing ports or asking for a bridge without naming a network gives
 *       the container its own slirp4netns. It needs the container's network namespace to
 *       exist and must have configured {@code tap0} before the command runs, so the stage-1
 *       helper holds the child at a network gate (wire tag 26) while Java starts it and adds
 *       the ports over its API socket. Where slirp4netns is missing or {@code /dev/net/tun}
 *       cannot be opened, the start fails saying which; ports are never silently dropped.
 *       pasta is not run, only named when it is the only one installed.</li>
 *   <li><b>Names through /etc/hosts</b>, rewritten in place as peers join, leave, connect,
 *       disconnect and are renamed, rather than a DNS server at 127.0.0.11, which would need
 *       something running inside every namespace and outliving the JVM of a detached container
 *       (see {@link dev.berth.network.PeerHosts}). The default network {@code bridge} resolves no
 *       names, as Docker's.</li>
 *   <li><b>More networks on a running container</b>: {@code docker network connect} makes the
 *       next {@code ethN} in its namespace at once through a netlink socket opened there; a
 *       container that is not running gets it at its next launch, from the store.</li>
 *   <li><b>Everything is named {@code berth...}</b> and derived from the home, so that homes do
 *       not collide and leftovers are findable; bridges exist only while their network has
 *       containers, and their alias names their home, so a deleted home's bridge is removed
 *       by the next {@code Berth.open()}.</li>
 * </ul>
 *
 * @see <a href="https://docs.docker.com/engine/network/drivers/bridge/">Docker's bridge driver</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/rtnetlink.7.html">rtnetlink(7)</a>
 * @see <a href="https://github.com/rootless-containers/slirp4netns">slirp4netns</a>
 */
package dev.berth.network;
