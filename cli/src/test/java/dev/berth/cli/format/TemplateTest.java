package dev.berth.cli.format;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The template engine against what docker's CLI prints for the same templates: the cases of
 * {@code docker-version-format.tsv} (recorded from docker 28.2), docker's documented examples,
 * and execution errors as {@code docker inspect --format} reported them against dockerd 20.10.
 */
class TemplateTest {
    private static final Map<String, Object> VERSION = Map.of("Client", Map.of("Os", "linux", "Arch", "amd64"));

    /** A container as {@code GET /containers/{id}/json} has it, the part the examples read. */
    private static final String INSPECT = """
            {"Id": "9df8b763c9d684349a5710929070b47eb3dd2ce55eacf36c32fcecb0980486de", "Name": "/c1",
             "Args": ["100"], "Path": "sleep", "LogPath": "/var/lib/docker/containers/9df8/9df8-json.log", "HostConfig": {},
             "State": {"Status": "running", "Running": true, "Pid": 4242, "ExitCode": 0},
             "Config": {"Image": "bb:1", "Cmd": ["sleep", "100"], "Entrypoint": null,
                        "Labels": {"a": "b", "com.example.foo": "bar", "stage": "base"}},
             "Mounts": [{"Type": "volume", "Name": "data", "Source": "/v/data", "Destination": "/data", "RW": true}],
             "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "8787/tcp": [{"HostIp": "", "HostPort": "32768"}]},
                                 "Networks": {"bridge": {"IPAddress": "172.17.0.2", "MacAddress": "02:42:ac:11:00:02"},
                                              "backend": {"IPAddress": "10.1.0.5", "MacAddress": "02:42:0a:01:00:05"}}}}
            """;

    @Test
    void printsWhatDockerPrintsForTheRecordedCases() throws IOException {
        List<Executable> checks = new ArrayList<>();
        for (String line : resource("docker-version-format.tsv").split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            String template = parts[0];
            String expected = parts[1].substring(0, parts[1].length() - 1).replace("⏎", "\n"); // docker's own newline
            checks.add(() -> assertEquals(expected, run("version", template, VERSION), template));
        }
        assertAll(checks);
    }

    @Test
    void docsExamplesOverInspectJson() throws IOException {
        Object c = inspect();
        assertEquals("100", run("", "{{join .Args \" , \"}}", c));
        assertEquals("/c1", run("", "{{lower .Name}}", c));
        assertEquals("/C1", run("", "{{upper .Name}}", c));
        assertEquals("/C1", run("", "{{title .Name}}", c));
        assertEquals("[bb 1]", run("", "{{split .Config.Image \":\"}}", c));
        assertEquals("[{\"Type\":\"volume\",\"Name\":\"data\",\"Source\":\"/v/data\",\"Destination\":\"/data\",\"RW\":true}]",
                run("", "{{json .Mounts}}", c));
        assertEquals("10.1.0.5\n172.17.0.2\n", run("", "{{range .NetworkSettings.Networks}}{{println .IPAddress}}{{end}}", c));
        assertEquals("10.1.0.5172.17.0.2", run("", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", c));
        assertEquals("/var/lib/docker/containers/9df8/9df8-json.log", run("", "{{.LogPath}}", c));
        assertEquals("bb:1", run("", "{{.Config.Image}}", c));
        assertEquals(" 80/tcp -> 8080  8787/tcp -> 32768 ",
                run("", "{{range $p, $conf := .NetworkSettings.Ports}} {{$p}} -> {{(index $conf 0).HostPort}} {{end}}", c));
        assertEquals("32768", run("", "{{(index (index .NetworkSettings.Ports \"8787/tcp\") 0).HostPort}}", c));
        assertEquals("02:42:0a:01:00:0502:42:ac:11:00:02", run("", "{{range .NetworkSettings.Networks}}{{.MacAddress}}{{end}}", c));
        assertEquals("{\"Image\":\"bb:1\",\"Cmd\":[\"sleep\",\"100\"],\"Entrypoint\":null,\"Labels\":{\"a\":\"b\",\"com.example.foo\":\"bar\",\"stage\":\"base\"}}",
                run("", "{{json .Config}}", c));
        assertEquals("running 4242 true", run("", "{{.State.Status}} {{.State.Pid}} {{.State.Running}}", c));
    }

    @Test
    void mapsPrintAsDockerPrintsThem() throws IOException {
        Object c = inspect();
        // as recorded from docker inspect --format against dockerd 20.10
        assertEquals("<no value>||[sleep 100]|map[a:b com.example.foo:bar stage:base]", Template.parse("",
                "{{.Config.Labels.nope}}|{{index .Config.Labels \"nope\"}}|{{.Config.Cmd}}|{{.Config.Labels}}")
                .executeAsInspect(c, "ContainerInspect"));
        assertEquals("[sleep][100] b", run("", "{{range .Config.Cmd}}[{{.}}]{{end}} {{.Config.Labels.a}}", c));
        assertEquals("{\"a\":\"b\",\"com.example.foo\":\"bar\",\"stage\":\"base\"}", run("", "{{json .Config.Labels}}", c));
        assertEquals("a=b;com.example.foo=bar;stage=base;", run("", "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", c));
    }

    @Test
    void inspectTemplatesSeeDockersGoStructs() throws IOException {
        Object c = inspect();
        // Fields the JSON leaves out are their Go zero values, as docker inspect -f prints them.
        assertEquals("<nil>|0|false||[]|map[]|<nil>|<nil>", inspect("{{.HostConfig.Init}}|{{.HostConfig.CPUShares}}"
                + "|{{.HostConfig.Privileged}}|{{.HostConfig.NetworkMode}}|{{.HostConfig.Binds}}|{{.HostConfig.Sysctls}}"
                + "|{{.State.Health}}|{{.Config.StopTimeout}}", c));
        assertEquals("[]|[sleep 100]|[0 0]|null|null", inspect("{{.Config.Entrypoint}}|{{.Config.Cmd}}|{{.HostConfig.ConsoleSize}}"
                + "|{{json .HostConfig.Init}}|{{json .HostConfig.Binds}}", c));
        // A struct prints as Go's fmt prints it: fields in order, pointers inside as addresses.
        assertEquals("{running true false false false false 4242 0    <nil>}", inspect("{{.State}}", c));
        assertEquals("{ 0}|{ map[]}", inspect("{{.HostConfig.RestartPolicy}}|{{.HostConfig.LogConfig}}", c));
        // A key a string map lacks is "" through index, <no value> as a field; a struct is true.
        assertEquals("|<no value>|b|yes|no", inspect("{{index .Config.Labels \"nope\"}}|{{.Config.Labels.nope}}"
                + "|{{index .Config.Labels \"a\"}}|{{if .HostConfig.RestartPolicy}}yes{{end}}|{{if .State.Health}}yes{{else}}no{{end}}", c));
        assertEquals("volume:/data:true;", inspect("{{range .Mounts}}{{.Type}}:{{.Destination}}:{{.RW}};{{end}}", c));
        assertEquals("backend=10.1.0.5/0 bridge=172.17.0.2/0 ", inspect("{{range $n, $e := .NetworkSettings.Networks}}{{$n}}={{$e.IPAddress}}"
                + "/{{$e.IPPrefixLen}} {{end}}", c));
        // JSON keys that are not the Go field's name (Id, CpuShares) are read over the JSON as maps, as docker falls back to.
        assertEquals("9df8b763c9d6", inspect("{{printf \"%.12s\" .Id}}", c));
        TemplateException e = assertThrows(TemplateException.class, () -> inspect("{{.HostConfig.CpuShares}}", c));
        assertEquals("template: :1:13: executing \"\" at <.HostConfig.CpuShares>: map has no entry for key \"CpuShares\"", e.getMessage());
        // Images, networks and volumes have their types too.
        Object image = JsonValues.of(new ObjectMapper().readTree("""
                {"Id": "sha256:ab", "RepoTags": ["bb:1"], "Config": {"Cmd": ["sh"], "Labels": null}, "Metadata": {}}"""));
        assertEquals("[sh] map[] [] 0001-01-01 00:00:00 +0000 UTC 0", Template.parse("", "{{.Config.Cmd}} {{.Config.Labels}} {{.RepoDigests}}"
                + " {{.Metadata.LastTagTime}} {{.Size}}").executeAsInspect(image, "ImageInspect"));
        Object network = JsonValues.of(new ObjectMapper().readTree("""
                {"Name": "n", "Id": "ff", "Created": "2024-05-01T10:00:00.5Z", "IPAM": {"Driver": "default", "Config": [{"Subnet": "10.9.0.0/24"}]},
                 "Containers": {"cc": {"Name": "web", "IPv4Address": "10.9.0.2/24"}}}"""));
        assertEquals("2024-05-01 10:00:00.5 +0000 UTC false 10.9.0.0/24 web=10.9.0.2/24 ", Template.parse("", "{{.Created}} {{.Internal}}"
                + " {{(index .IPAM.Config 0).Subnet}} {{range .Containers}}{{.Name}}={{.IPv4Address}} {{end}}").executeAsInspect(network, "NetworkInspect"));
        Object volume = JsonValues.of(new ObjectMapper().readTree("""
                {"Name": "v", "Driver": "local", "Mountpoint": "/v", "Labels": null, "Scope": "local"}"""));
        assertEquals("v local map[] <nil> map[]", Template.parse("", "{{.Name}} {{.Driver}} {{.Labels}} {{.UsageData}} {{.Status}}")
                .executeAsInspect(volume, "VolumeInspect"));
    }

    private static String inspect(String template, Object container) {
        return Template.parse("", template).executeAsInspect(container, "ContainerInspect");
    }

    @Test
    void executionErrorsSayWhereAsGoDoes() throws IOException {
        Object c = inspect();
        // what docker inspect --format printed against dockerd 20.10 (after "template parsing error: ")
        assertError("template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"", "{{.Nope}}", c);
        assertError("template: :1:8: executing \"\" at <.State.Nope>: map has no entry for key \"Nope\"", "{{.State.Nope}}", c);
        assertError("template: :1:7: executing \"\" at <.Name.Foo>: can't evaluate field Foo in type interface {}", "{{.Name.Foo}}", c);
        assertError("template: :1:2: executing \"\" at <index .Args 3>: error calling index: index out of range: 3", "{{index .Args 3}}", c);
        assertError("template: :1:2: executing \"\" at <len 3>: error calling len: len of type int", "{{len 3}}", c);
        assertError("template: :1:2: executing \"\" at <eq 1 \"a\">: error calling eq: incompatible types for comparison", "{{eq 1 \"a\"}}", c);
        assertError("template: :1:2: executing \"\" at <\"a\">: can't give argument to non-function \"a\"", "{{\"a\" 1}}", c);
        assertError("template: :1:13: executing \"\" at <.Nope>: map has no entry for key \"Nope\"", "x{{.Name}}y{{.Nope}}", c);
        assertError("template: :1:2: executing \"\" at <.Name>: Name is not a method but has arguments", "{{.Name 1}}", c);
        assertError("template: :1:2: executing \"\" at <lt 1 1.5>: error calling lt: incompatible types for comparison", "{{lt 1 1.5}}", c);
        assertError("template: :2:4: executing \"\" at <.Nope>: map has no entry for key \"Nope\"", "a\nb {{.Nope}}", c);
        assertError("template: :1:2: executing \"\" at <nil>: nil is not a command", "{{nil}}", c);
    }

    @Test
    void rowsAnswerFieldsAndMethods() {
        Row.Columns columns = new Row.Columns("*formatter.ContainerContext", Map.of("ID", "CONTAINER ID", "Names", "NAMES"), "table {{.ID}}");
        Row row = columns.row().field("ID", "abc").field("Names", "web").method("Label", a -> "x=" + a.get(0)).build();
        assertEquals("abc web x=k", Template.parse("", "{{.ID}} {{.Names}} {{.Label \"k\"}}").execute(row));
        assertEquals("{\"ID\":\"abc\",\"Names\":\"web\"}", Template.parse("", "{{json .}}").execute(row));
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("", "{{.Foo}}").execute(row));
        assertEquals("template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext", e.getMessage());
        e = assertThrows(TemplateException.class, () -> Template.parse("", "{{.Names.Foo}}").execute(row));
        assertEquals("template: :1:8: executing \"\" at <.Names.Foo>: can't evaluate field Foo in type string", e.getMessage());
    }

    @Test
    void defineAndTemplateAreRefusedWhenParsed() {
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("", "{{define \"x\"}}a{{end}}"));
        assertEquals("template: :1: {{define}} is not supported by berth's templates", e.getMessage());
    }

    private static void assertError(String expected, String template, Object data) {
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("", template).executeAsInspect(data, "ContainerInspect"));
        assertEquals(expected, e.getMessage(), template);
    }

    private static String run(String name, String template, Object data) {
        try {
            return Template.parse(name, template).execute(data);
        } catch (TemplateException e) {
            return e.getMessage();
        }
    }

    private static Object inspect() throws IOException {
        return JsonValues.of(new ObjectMapper().readTree(INSPECT));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TemplateTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
