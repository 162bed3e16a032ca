package dev.berth.dockerapi.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.ContainerDetails;
import dev.berth.ContainerState;
import dev.berth.NetworkEndpoint;
import dev.berth.NetworkMode;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.log.LogOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The inspect and list JSON of a container, field by field as dockerd 20.10 writes them (recorded from one). */
class ContainerInspectionTest {
    private static final Instant CREATED = Instant.parse("2026-12-07T15:27:35.788256373Z");
    private static final Instant STARTED = Instant.parse("2026-12-07T15:27:36.861670600Z");

    private static ContainerDetails details(NetworkMode mode, List<ContainerDetails.PublishedPort> ports) {
        return new ContainerDetails("39fe8599" + "0".repeat(56), "web", CREATED, "busybox:1.36.1", "sha256:7dde22a3",
                List.of(), List.of("sh", "-c", "echo hi; sleep 300"), List.of("PATH=/bin", "X=1"), "/tmp", "", "39fe859916ad",
                Map.of("a", "b"), List.of(8080), "SIGTERM", false, false, true, false, true, false,
                new ContainerDetails.Limits(64L << 20, 0.5, 50), List.of(), List.of("CAP_CHOWN"),
                List.of(new ContainerDetails.Mount(ContainerDetails.MountType.BIND, null, "/srv", "/data", true),
                        new ContainerDetails.Mount(ContainerDetails.MountType.VOLUME, "vol", "/home/volumes/vol/_data", "/v", false)),
                List.of("/scratch", "/big:size=1048576"), LogOptions.DEFAULT,
                new ContainerDetails.NetworkSettings(mode, mode == NetworkMode.BRIDGE ? Optional.of("tc-net") : Optional.empty(),
                        mode == NetworkMode.BRIDGE ? List.of("cache") : List.of(),
                        mode == NetworkMode.BRIDGE ? Optional.of("10.88.0.5") : Optional.empty(), ports));
    }

    private static JsonNode json(Object o) throws Exception {
        return JsonCodec.MAPPER.readTree(JsonCodec.MAPPER.writeValueAsBytes(o));
    }

    @Test
    void aRunningContainerOnANetworkAsDockerJavaAndTheCliReadIt() throws Exception {
        ContainerDetails d = details(NetworkMode.BRIDGE, List.of(new ContainerDetails.PublishedPort("tcp", 8080, 32768)));
        ContainerState s = new ContainerState(ContainerState.Status.RUNNING, 4242, 0, false, STARTED, null);
        NetworkEndpoint onNet = new NetworkEndpoint("tc-net", "netid", d.id(), "web", "epid", "10.88.0.5", 24, "10.88.0.1",
                "02:42:0a:58:00:05", List.of("cache"), "eth0");
        JsonNode j = json(ContainerInspection.inspect(d, s, List.of(onNet),
                new ContainerInspection.Extras("on-failure:2", 1, null, List.of())));
        assertEquals(d.id(), j.get("Id").asText());
        assertEquals("2026-12-07T15:27:35.788256373Z", j.get("Created").asText());
        assertEquals("sh", j.get("Path").asText());
        assertEquals("[\"-c\",\"echo hi; sleep 300\"]", j.get("Args").toString());
        assertEquals("/web", j.get("Name").asText());
        assertEquals("sha256:7dde22a3", j.get("Image").asText());
        assertEquals(1, j.get("RestartCount").asInt());
        JsonNode state = j.get("State");
        assertEquals("running", state.get("Status").asText());
        assertTrue(state.get("Running").asBoolean());
        assertFalse(state.get("Paused").asBoolean());
        assertEquals(4242, state.get("Pid").asInt());
        assertEquals("2026-12-07T15:27:36.861670600Z", state.get("StartedAt").asText());
        assertEquals(ContainerInspection.ZERO_TIME, state.get("FinishedAt").asText());
        JsonNode config = j.get("Config");
        assertEquals("busybox:1.36.1", config.get("Image").asText(), "the image as the user wrote it");
        assertEquals("{\"8080/tcp\":{}}", config.get("ExposedPorts").toString());
        assertEquals("[\"PATH=/bin\",\"X=1\"]", config.get("Env").toString());
        assertEquals("b", config.get("Labels").get("a").asText());
        assertEquals("/tmp", config.get("WorkingDir").asText());
        assertEquals("{\"/v\":{}}", config.get("Volumes").toString());
        JsonNode host = j.get("HostConfig");
        assertEquals("tc-net", host.get("NetworkMode").asText());
        assertEquals("on-failure", host.get("RestartPolicy").get("Name").asText());
        assertEquals(2, host.get("RestartPolicy").get("MaximumRetryCount").asInt());
        assertEquals("[\"/srv:/data:ro\",\"vol:/v\"]", host.get("Binds").toString());
        assertEquals("{\"/scratch\":\"\",\"/big\":\"size=1048576\"}", host.get("Tmpfs").toString());
        assertEquals(64L << 20, host.get("Memory").asLong());
        assertEquals(500_000_000L, host.get("NanoCpus").asLong());
        assertEquals(50, host.get("PidsLimit").asInt());
        assertEquals("32768", host.get("PortBindings").get("8080/tcp").get(0).get("HostPort").asText());
        JsonNode net = j.get("NetworkSettings");
        assertEquals("[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"32768\"}]", net.get("Ports").get("8080/tcp").toString());
        assertEquals("", net.get("IPAddress").asText(), "the top-level address is the default bridge's, as dockerd's");
        JsonNode endpoint = net.get("Networks").get("tc-net");
        assertEquals("10.88.0.5", endpoint.get("IPAddress").asText());
        assertEquals("10.88.0.1", endpoint.get("Gateway").asText());
        assertEquals(24, endpoint.get("IPPrefixLen").asInt());
        assertEquals("[\"cache\",\"39fe85990000\"]", endpoint.get("Aliases").toString(), "dockerd adds the short id on a user network");
        assertEquals("netid", endpoint.get("NetworkID").asText());
        assertEquals("epid", endpoint.get("EndpointID").asText());
        assertEquals("02:42:0a:58:00:05", endpoint.get("MacAddress").asText());
        JsonNode mounts = j.get("Mounts");
        assertEquals("bind", mounts.get(0).get("Type").asText());
        assertEquals("/srv", mounts.get(0).get("Source").asText());
        assertEquals("/data", mounts.get(0).get("Destination").asText());
        assertFalse(mounts.get(0).get("RW").asBoolean());
        assertEquals("volume", mounts.get(1).get("Type").asText());
        assertEquals("vol", mounts.get(1).get("Name").asText());
    }

    @Test
    void configShowsWhatTheCreateAskedForAsDockerdStoresIt() throws Exception {
        ContainerDetails d = withEnvAndWorkdir(details(NetworkMode.BRIDGE, List.of()),
                List.of("HOSTNAME=39fe859916ad", "PATH=/bin", "FOO=bar"), "/");
        JsonNode config = json(ContainerInspection.inspect(d, new ContainerState(ContainerState.Status.CREATED, 0, 0, false, null, null),
                List.of(), new ContainerInspection.Extras("no", 0, null, List.of(),
                        new ContainerInspection.ImageDefaults(Map.of("PATH", "/bin"), "", ""), null))).get("Config");
        assertEquals("[\"FOO=bar\",\"PATH=/bin\"]", config.get("Env").toString(), "user env first, no HOSTNAME, as dockerd");
        assertEquals("", config.get("WorkingDir").asText(), "neither image nor create set one");
        assertFalse(config.has("StopSignal"), "dockerd omits the default stop signal");
        JsonNode imageSet = json(ContainerInspection.inspect(d, new ContainerState(ContainerState.Status.CREATED, 0, 0, false, null, null),
                List.of(), new ContainerInspection.Extras("no", 0, null, List.of(),
                        new ContainerInspection.ImageDefaults(Map.of("PATH", "/bin"), "/", "SIGQUIT"), null))).get("Config");
        assertEquals("/", imageSet.get("WorkingDir").asText());
    }

    @Test
    void aCreatedOrExitedContainerHasNoPortsAndNoAddressesButKeepsItsNetwork() throws Exception {
        ContainerDetails d = details(NetworkMode.BRIDGE, List.of(new ContainerDetails.PublishedPort("tcp", 8080, 32768)));
        NetworkEndpoint onNet = new NetworkEndpoint("tc-net", "netid", d.id(), "web", "epid", "10.88.0.5", 24, "10.88.0.1",
                "02:42:0a:58:00:05", List.of(), "eth0");
        ContainerState created = new ContainerState(ContainerState.Status.CREATED, 0, 0, false, null, null);
        JsonNode net = json(ContainerInspection.inspect(d, created, List.of(onNet), ContainerInspection.Extras.NONE)).get("NetworkSettings");
        assertEquals("{}", net.get("Ports").toString(), "no published port until start, as dockerd (docker port prints nothing)");
        JsonNode endpoint = net.get("Networks").get("tc-net");
        assertEquals("netid", endpoint.get("NetworkID").asText());
        for (String empty : List.of("IPAddress", "Gateway", "EndpointID", "MacAddress")) {
            assertEquals("", endpoint.get(empty).asText(), empty);
        }
        assertEquals(0, endpoint.get("IPPrefixLen").asInt());
        assertEquals("[\"39fe85990000\"]", endpoint.get("Aliases").toString());
        JsonNode summary = json(ContainerInspection.summary(d, created, List.of(onNet), Optional.empty(), STARTED));
        assertEquals("[]", summary.get("Ports").toString(), "docker ps -a shows no ports of a created container");
    }

    @Test
    void hostConfigHasTheFieldsDockerdNeverOmits() throws Exception {
        ContainerDetails withInit = details(NetworkMode.BRIDGE, List.of());
        assertTrue(json(ContainerInspection.inspect(withInit, new ContainerState(ContainerState.Status.RUNNING, 7, 0, false, STARTED, null),
                List.of(), ContainerInspection.Extras.NONE)).get("HostConfig").get("Init").asBoolean());
        JsonNode j = json(ContainerInspection.inspect(withoutInit(withInit),
                new ContainerState(ContainerState.Status.RUNNING, 7, 0, false, STARTED, null), List.of(),
                new ContainerInspection.Extras("no", 0, null, List.of(), ContainerInspection.ImageDefaults.NONE,
                        java.nio.file.Path.of("/home/berth/containers/abc"))));
        JsonNode host = j.get("HostConfig");
        assertEquals(67108864L, host.get("ShmSize").asLong());
        assertEquals("private", host.get("IpcMode").asText());
        assertEquals("private", host.get("CgroupnsMode").asText());
        assertEquals("[]", host.get("Dns").toString());
        assertEquals("[]", host.get("DnsOptions").toString());
        assertEquals("[]", host.get("DnsSearch").toString());
        assertEquals("[0,0]", host.get("ConsoleSize").toString());
        assertEquals("[]", host.get("Devices").toString());
        assertEquals("[]", host.get("BlkioWeightDevice").toString());
        assertTrue(host.get("MaskedPaths").toString().contains("\"/proc/kcore\""));
        assertTrue(host.get("ReadonlyPaths").toString().contains("\"/proc/sys\""));
        assertEquals(0, host.get("CpuShares").asInt());
        assertEquals("", host.get("PidMode").asText());
        assertFalse(host.get("OomKillDisable").asBoolean());
        assertEquals("{\"Type\":\"json-file\",\"Config\":{}}", host.get("LogConfig").toString(), "as /info's LoggingDriver");
        assertFalse(host.has("Init"), "dockerd omits Init unless --init");
        JsonNode graph = j.get("GraphDriver");
        assertEquals("overlay2", graph.get("Name").asText());
        assertEquals("/home/berth/containers/abc/upper", graph.get("Data").get("UpperDir").asText());
        JsonNode net = j.get("NetworkSettings");
        assertFalse(net.get("HairpinMode").asBoolean());
        assertEquals("", net.get("LinkLocalIPv6Address").asText());
        assertEquals(0, net.get("LinkLocalIPv6PrefixLen").asInt());
    }

    private static ContainerDetails withoutInit(ContainerDetails d) {
        return new ContainerDetails(d.id(), d.name(), d.created(), d.image(), d.imageId(), d.entrypoint(), d.cmd(), d.env(), d.workdir(),
                d.user(), d.hostname(), d.labels(), d.exposedPorts(), d.stopSignal(), d.tty(), d.stdin(), d.detached(), d.autoRemove(),
                false, d.readOnlyRoot(), d.limits(), d.ulimits(), d.capabilities(), d.mounts(), d.tmpfs(), d.log(), d.network());
    }

    private static ContainerDetails withEnvAndWorkdir(ContainerDetails d, List<String> env, String workdir) {
        return new ContainerDetails(d.id(), d.name(), d.created(), d.image(), d.imageId(), d.entrypoint(), d.cmd(), env, workdir,
                d.user(), d.hostname(), d.labels(), d.exposedPorts(), d.stopSignal(), d.tty(), d.stdin(), d.detached(), d.autoRemove(),
                d.init(), d.readOnlyRoot(), d.limits(), d.ulimits(), d.capabilities(), d.mounts(), d.tmpfs(), d.log(), d.network());
    }

    @Test
    void anExitedContainerListsNoPortsAndNoneModeHasNoPorts() throws Exception {
        JsonNode bridged = json(ContainerInspection.inspect(details(NetworkMode.BRIDGE, List.of()),
                new ContainerState(ContainerState.Status.EXITED, 0, 3, false, STARTED, STARTED.plusSeconds(2)),
                List.of(), ContainerInspection.Extras.NONE));
        assertEquals("{}", bridged.get("NetworkSettings").get("Ports").toString(), "dockerd lists no ports of an exited container");
        JsonNode state = bridged.get("State");
        assertEquals("exited", state.get("Status").asText());
        assertEquals(3, state.get("ExitCode").asInt());
        assertEquals(0, state.get("Pid").asInt());
        assertEquals("2026-12-07T15:27:38.861670600Z", state.get("FinishedAt").asText());
        assertEquals("no", bridged.get("HostConfig").get("RestartPolicy").get("Name").asText());
        JsonNode none = json(ContainerInspection.inspect(details(NetworkMode.NONE, List.of()),
                new ContainerState(ContainerState.Status.RUNNING, 1, 0, false, STARTED, null),
                List.of(), ContainerInspection.Extras.NONE));
        assertEquals("{}", none.get("NetworkSettings").get("Ports").toString());
        assertEquals("none", none.get("HostConfig").get("NetworkMode").asText());
        assertTrue(none.get("NetworkSettings").get("Networks").has("none"));
    }

    @Test
    void theListShowsDockerPsColumns() throws Exception {
        ContainerDetails d = details(NetworkMode.BRIDGE, List.of(new ContainerDetails.PublishedPort("tcp", 8080, 32768)));
        JsonNode running = json(ContainerInspection.summary(d, new ContainerState(ContainerState.Status.RUNNING, 1, 0, false, STARTED, null),
                List.of(new NetworkEndpoint("bridge", "bid", d.id(), "web", "e", "172.17.0.2", 16, "172.17.0.1", "m", List.of(), "eth0")),
                java.util.Optional.of(new dev.berth.Health(dev.berth.Health.Status.HEALTHY, 0, List.of())), STARTED.plusSeconds(3)));
        assertEquals("[\"/web\"]", running.get("Names").toString());
        assertEquals("busybox:1.36.1", running.get("Image").asText());
        assertEquals("sha256:7dde22a3", running.get("ImageID").asText());
        assertEquals("sh -c 'echo hi; sleep 300'", running.get("Command").asText());
        assertEquals(CREATED.getEpochSecond(), running.get("Created").asLong());
        assertEquals("[{\"IP\":\"0.0.0.0\",\"PrivatePort\":8080,\"PublicPort\":32768,\"Type\":\"tcp\"}]", running.get("Ports").toString());
        assertEquals("running", running.get("State").asText());
        assertEquals("Up 3 seconds (healthy)", running.get("Status").asText());
        assertEquals("tc-net", running.get("HostConfig").get("NetworkMode").asText());
        assertEquals("172.17.0.2", running.get("NetworkSettings").get("Networks").get("bridge").get("IPAddress").asText());
        assertEquals("Exited (137) 2 minutes ago", ContainerInspection.statusText(
                new ContainerState(ContainerState.Status.EXITED, 0, 137, false, STARTED, STARTED), STARTED.plus(Duration.ofMinutes(2))));
        assertEquals("Up Less than a second", ContainerInspection.statusText(
                new ContainerState(ContainerState.Status.RUNNING, 1, 0, false, STARTED, null), STARTED));
        assertEquals("Up About an hour", ContainerInspection.statusText(
                new ContainerState(ContainerState.Status.RUNNING, 1, 0, false, STARTED, null), STARTED.plus(Duration.ofMinutes(70))));
    }

    @Test
    void goFileModesAndTheStatHeaderAreDockerCps() throws Exception {
        assertEquals(134218239L, ContainerArchive.goFileMode(0120777), "a symlink, as dockerd reported /bin/sh");
        assertEquals((1L << 31) | 0755, ContainerArchive.goFileMode(0040755));
        assertEquals(0644, ContainerArchive.goFileMode(0100644));
        assertEquals((1L << 23) | 0755, ContainerArchive.goFileMode(0104755));
        String header = ContainerArchive.header(new dev.berth.PathStat("sh", 7, 0120777, Instant.parse("2026-12-07T15:27:32Z"), "/bin/busybox"));
        assertEquals("{\"name\":\"sh\",\"size\":7,\"mode\":134218239,\"mtime\":\"2026-12-07T15:27:32Z\",\"linkTarget\":\"/bin/busybox\"}",
                new String(java.util.Base64.getDecoder().decode(header), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void hostReadingsParseProc() {
        assertEquals((100 + 2 + 30 + 4000 + 5 + 6 + 7 + 8) * 10_000_000L,
                HostReadings.systemCpuNanos("cpu  100 2 30 4000 5 6 7 8 9 10"));
        Map<String, StatsJson.NetworkStats> nets = HostReadings.networks(List.of(
                "Inter-|   Receive                                                |  Transmit",
                " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
                "    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0",
                "  eth0:    1500      10    1    2    0     0          0         0      700       7    3    4    0     0       0          0"));
        assertEquals(Map.of("eth0", new StatsJson.NetworkStats(1500, 10, 1, 2, 700, 7, 3, 4)), nets);
    }
}
