package dev.berth.dockerapi.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.NetworkMode;
import dev.berth.Protocol;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.JsonCodec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Docker's create body, as real clients send it, read into a plan: no container needed. */
class CreateTranslationTest {
    private final AtomicInteger volumes = new AtomicInteger();

    private ContainerPlan plan(String json, String name, Set<String> imagePorts) throws Exception {
        return CreateTranslation.translate(JsonCodec.MAPPER.readValue(json, CreateBody.class), name, imagePorts,
                () -> "anon" + volumes.incrementAndGet());
    }

    private ContainerPlan plan(String json) throws Exception {
        return plan(json, null, Set.of());
    }

    @Test
    void theDockerCliRunBodyGivesEveryOption() throws Exception {
        // As docker run -d --name web -e X=1 -p 8080 -v /srv:/data:ro --tmpfs /scratch:size=64m -m 64m
        // --pids-limit 50 --cap-add NET_ADMIN -w /tmp --restart on-failure:2 -u 1000 -h box sends it.
        ContainerPlan p = plan("""
                {"Hostname":"box","User":"1000","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,
                 "ExposedPorts":{"8080/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,
                 "Env":["X=1","EMPTY=","UNSET"],"Cmd":["sh","-c","echo hi"],"Image":"busybox:1.36.1","Volumes":{},
                 "WorkingDir":"/tmp","Entrypoint":null,"Labels":{"a":"b"},"StopSignal":"SIGINT",
                 "HostConfig":{"Binds":["/srv:/data:ro"],"NetworkMode":"default","PortBindings":{"8080/tcp":[{"HostIp":"","HostPort":""}]},
                  "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":2},"AutoRemove":false,"CapAdd":["NET_ADMIN"],
                  "Tmpfs":{"/scratch":"size=64m"},"Memory":67108864,"PidsLimit":50,"ConsoleSize":[0,0],
                  "LogConfig":{"Type":"","Config":{}},"Init":null},
                 "NetworkingConfig":{"EndpointsConfig":{}}}""", "/web", Set.of());
        assertEquals("busybox:1.36.1", p.image());
        assertEquals("web", p.name());
        assertEquals(Map.of("X", "1", "EMPTY", ""), p.env());
        assertEquals(List.of("sh", "-c", "echo hi"), p.cmd());
        assertNull(p.entrypoint());
        assertEquals("/tmp", p.workdir());
        assertEquals("1000", p.user());
        assertEquals("box", p.hostname());
        assertEquals(Map.of("a", "b"), p.labels());
        assertEquals("SIGINT", p.stopSignal());
        assertEquals(List.of(new ContainerPlan.Bind("/srv", "/data", true)), p.binds());
        assertEquals(List.of(new ContainerPlan.Tmpfs("/scratch", 64L << 20)), p.tmpfs());
        assertEquals(64L << 20, p.memoryBytes());
        assertEquals(50, p.pids());
        assertEquals(List.of("NET_ADMIN"), p.capAdd());
        assertEquals("on-failure:2", p.restartPolicy());
        assertNull(p.init());
        assertEquals(NetworkMode.BRIDGE, p.networkMode());
        assertNull(p.network());
        assertEquals(List.of(new ContainerPlan.Port(0, 8080, Protocol.TCP)), p.ports());
    }

    @Test
    void testcontainersPublishesEveryExposedPortOnItsNetworkWithAliases() throws Exception {
        // GenericContainer: ExposedPorts + PublishAllPorts, NetworkMode the network, aliases in EndpointsConfig.
        ContainerPlan p = plan("""
                {"Image":"redis:7","Cmd":["redis-server"],"ExposedPorts":{"6379/tcp":{},"53/udp":{}},"Labels":{"org.testcontainers":"true"},
                 "HostConfig":{"PublishAllPorts":true,"NetworkMode":"tc-net","Binds":[],"ExtraHosts":[],"Tmpfs":{"/data":"rw"},
                  "PortBindings":{"6379/tcp":[]}},
                 "NetworkingConfig":{"EndpointsConfig":{"tc-net":{"Aliases":["cache","redis"]}}}}""", null, Set.of("9000/tcp"));
        assertEquals(NetworkMode.BRIDGE, p.networkMode());
        assertEquals("tc-net", p.network());
        assertEquals(List.of("cache", "redis"), p.aliases());
        assertEquals(Set.of(new ContainerPlan.Port(0, 6379, Protocol.TCP), new ContainerPlan.Port(0, 53, Protocol.UDP),
                new ContainerPlan.Port(0, 9000, Protocol.TCP)), Set.copyOf(p.ports()));
        assertEquals(3, p.ports().size(), "6379 is published once: " + p.ports());
        assertEquals(List.of(new ContainerPlan.Tmpfs("/data", 0)), p.tmpfs());
        assertNull(p.name());
    }

    @Test
    void composeNamedVolumesAndConfigVolumesBecomeVolumesAnonymousOnesGetANewName() throws Exception {
        ContainerPlan p = plan("""
                {"Image":"app","Volumes":{"/data":{},"/cache":{}},"Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":1000000000,"Retries":3},
                 "HostConfig":{"Binds":["proj_data:/data:rw"],"NetworkMode":"proj_default",
                  "Mounts":[{"Type":"tmpfs","Target":"/run","TmpfsOptions":{"SizeBytes":1048576}},
                            {"Type":"volume","Source":"logs","Target":"/logs"},{"Type":"bind","Source":"/etc/app","Target":"/etc/app","ReadOnly":true}]},
                 "NetworkingConfig":{"EndpointsConfig":{"proj_default":{"Aliases":["web","abc123"]}}}}""");
        assertEquals(Map.of("/data", "proj_data", "/logs", "logs", "/cache", "anon1"), p.volumes());
        assertEquals(List.of(new ContainerPlan.Bind("/etc/app", "/etc/app", true)), p.binds());
        assertEquals(List.of(new ContainerPlan.Tmpfs("/run", 1 << 20)), p.tmpfs());
        assertEquals("proj_default", p.network());
        assertEquals(List.of("CMD-SHELL", "true"), p.healthcheck().test());
        assertEquals(1_000_000_000L, p.healthcheck().intervalNanos());
        assertEquals(3, p.healthcheck().retries());
    }

    @Test
    void readOnlyNamedVolumesOfBindsAndMountsAreReadOnly() throws Exception {
        ContainerPlan p = plan("""
                {"Image":"x","HostConfig":{"Binds":["data:/data:ro","rw:/rw"],
                 "Mounts":[{"Type":"volume","Source":"logs","Target":"/logs","ReadOnly":true}]}}""");
        assertEquals(Map.of("/data", "data", "/rw", "rw", "/logs", "logs"), p.volumes());
        assertEquals(Set.of("/data", "/logs"), p.readOnlyVolumes());
    }

    @Test
    void entrypointCpusAndLimitsFollowDockersRules() throws Exception {
        ContainerPlan cleared = plan("""
                {"Image":"x","Entrypoint":[""],"Cmd":"echo","HostConfig":{"NanoCpus":1500000000,"PidsLimit":-1,"Init":false,
                 "Ulimits":[{"Name":"nofile","Soft":1024,"Hard":2048}],"LogConfig":{"Type":"json-file","Config":{"max-size":"10m","max-file":"3"}},
                 "NetworkMode":"none","PortBindings":{"80/tcp":[{"HostPort":"8080"}]}}}""");
        assertEquals(List.of(), cleared.entrypoint());
        assertEquals(List.of("echo"), cleared.cmd());
        assertEquals(1.5, cleared.cpus());
        assertEquals(0, cleared.pids());
        assertEquals(Boolean.FALSE, cleared.init());
        assertEquals(List.of(new ContainerPlan.Ulimit("nofile", 1024, 2048)), cleared.ulimits());
        assertEquals(10L << 20, cleared.logMaxSize());
        assertEquals(3, cleared.logMaxFiles());
        assertEquals(NetworkMode.NONE, cleared.networkMode());
        assertEquals(List.of(), cleared.ports(), "nothing is published without a network, as dockerd");
        assertEquals(0.5, plan("{\"Image\":\"x\",\"HostConfig\":{\"CpuQuota\":50000}}").cpus());
        assertEquals(List.of("sh"), plan("{\"Image\":\"x\",\"Entrypoint\":[\"sh\"]}").entrypoint());
        assertEquals(new ContainerPlan.Port(8080, 80, Protocol.TCP, "127.0.0.1"),
                plan("{\"Image\":\"x\",\"HostConfig\":{\"PortBindings\":{\"80\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]}}}").ports().get(0));
        // -p 127.0.0.1::8080 and -p 0.0.0.0:8080:80 (every address, as "" and "::")
        assertEquals(List.of(new ContainerPlan.Port(0, 8080, Protocol.TCP, "127.0.0.1"), new ContainerPlan.Port(9090, 80, Protocol.TCP)),
                plan("""
                        {"Image":"x","HostConfig":{"PortBindings":{"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":""}],
                         "80/tcp":[{"HostIp":"0.0.0.0","HostPort":"9090"},{"HostIp":"::","HostPort":"9090"}]}}}""").ports());
        assertEquals(NetworkMode.HOST, plan("{\"Image\":\"x\",\"HostConfig\":{\"NetworkMode\":\"host\"}}").networkMode());
    }

    @Test
    void whatBerthCannotDoIsRefusedNamingTheField() {
        assertRefused(400, "Privileged", "{\"Image\":\"x\",\"HostConfig\":{\"Privileged\":true}}");
        assertRefused(400, "VolumesFrom", "{\"Image\":\"x\",\"HostConfig\":{\"VolumesFrom\":[\"other\"]}}");
        assertRefused(400, "container:other", "{\"Image\":\"x\",\"HostConfig\":{\"NetworkMode\":\"container:other\"}}");
        assertRefused(400, "tmpfs", "{\"Image\":\"x\",\"HostConfig\":{\"Mounts\":[{\"Type\":\"npipe\",\"Target\":\"/p\"}]}}");
        assertRefused(400, "syslog", "{\"Image\":\"x\",\"HostConfig\":{\"LogConfig\":{\"Type\":\"syslog\"}}}");
        assertRefused(400, "Config.Image", "{\"Cmd\":[\"sh\"]}");
        assertRefused(400, "invalid port 8080/sctp", "{\"Image\":\"x\",\"HostConfig\":{\"PortBindings\":{\"8080/sctp\":[]}}}");
        assertRefused(400, "invalid host port \"70000\"",
                "{\"Image\":\"x\",\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"70000\"}]}}}");
        assertRefused(400, "invalid host IP \"::1\" for 80/tcp",
                "{\"Image\":\"x\",\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"::1\"}]}}}");
        assertRefused(400, "invalid volume specification", "{\"Image\":\"x\",\"HostConfig\":{\"Binds\":[\"/a:b\"]}}");
        assertRefused(400, "invalid mode: rx", "{\"Image\":\"x\",\"HostConfig\":{\"Binds\":[\"/a:/b:rx\"]}}");
        assertRefused(400, "invalid restart policy 'sometimes'", "{\"Image\":\"x\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}");
        assertRefused(409, "AutoRemove", "{\"Image\":\"x\",\"HostConfig\":{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}}");
        assertRefused(400, "Invalid container name (bad name)", "{\"Image\":\"x\"}", "bad name");
        assertRefused(400, "soft limit 10 is above the hard limit 5",
                "{\"Image\":\"x\",\"HostConfig\":{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":10,\"Hard\":5}]}}");
        assertRefused(400, "\"64q\" is not a size", "{\"Image\":\"x\",\"HostConfig\":{\"Tmpfs\":{\"/t\":\"size=64q\"}}}");
    }

    private void assertRefused(int status, String message, String json) {
        assertRefused(status, message, json, null);
    }

    private void assertRefused(int status, String message, String json, String name) {
        ApiException e = assertThrows(ApiException.class, () -> plan(json, name, Set.of()));
        assertEquals(status, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void everyNetworkOfEndpointsConfigBeyondTheModesIsJoinedAfter() throws Exception {
        ContainerPlan p = plan("""
                {"Image":"x","HostConfig":{"NetworkMode":"front"},
                 "NetworkingConfig":{"EndpointsConfig":{"front":{"Aliases":["web"]},"back":{"Aliases":["api"]},"bridge":{}}}}""");
        assertEquals("front", p.network());
        assertEquals(List.of("web"), p.aliases());
        assertEquals(Map.of("back", List.of("api"), "bridge", List.of()), p.otherNetworks());
        assertEquals(Map.of(), plan("{\"Image\":\"x\",\"HostConfig\":{\"NetworkMode\":\"none\"},"
                + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"none\":{}}}}").otherNetworks());
    }

    @Test
    void sizesReadAsDockersUnits() {
        assertEquals(64L << 20, CreateTranslation.bytes("64m", "x"));
        assertEquals(1L << 30, CreateTranslation.bytes("1g", "x"));
        assertEquals(512L << 10, CreateTranslation.bytes("512kb", "x"));
        assertEquals(1000, CreateTranslation.bytes("1000", "x"));
    }
}
