package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.Berth;
import dev.berth.BusyboxImage;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docker's scripting interface on {@code berth ps}, {@code images}, {@code inspect} and
 * {@code stats}, and the volume listing: {@code --format}, {@code --filter}, {@code -q},
 * {@code --no-trunc}, with exact output, exit codes and docker's messages for bad input. One
 * home for the class: a running container {@code fmt-web} (label a=b) and an exited one
 * {@code fmt-done} (label a=c, volume {@code fmt-vol}), one image under two names. Needs root.
 */
@Timeout(300)
@RequiresRoot("the CLI runs containers")
class CliFormatTest {
    private static final String IMAGE = BusyboxImage.REFERENCE;
    private static Path home;
    private static Cli berth;
    private static String web;
    private static String done;

    @BeforeAll
    static void containers() throws Exception {
        home = Files.createTempDirectory("berth-format");
        Path scratch = Files.createTempDirectory("berth-format-scratch");
        try {
            BusyboxImage.store(home, scratch);
        } finally {
            FileTrees.delete(scratch);
        }
        berth = new Cli(home);
        assertEquals(0, berth.run("tag", IMAGE, "berth.test/other:2").code());
        Cli.Result r = berth.run("run", "-d", "--name", "fmt-web", "-l", "a=b", IMAGE, "sleep", "300");
        assertEquals(0, r.code(), r.toString());
        web = r.out().strip();
        r = berth.run("run", "--name", "fmt-done", "-l", "a=c", "-v", "fmt-vol:/data", IMAGE, "true");
        assertEquals(0, r.code(), r.toString());
        done = berth.run("inspect", "--format", "{{.Id}}", "fmt-done").out().strip();
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            berth.run("rm", "-f", "fmt-web", "fmt-done");
            FileTrees.delete(home);
        }
    }

    @Test
    void psTemplatesAndTables() throws Exception {
        assertEquals("fmt-web running b\n", ok("ps", "--format", "{{.Names}} {{.State}} {{.Label \"a\"}}"));
        assertEquals("fmt-done exited c\nfmt-web running b\n", ok("ps", "-a", "--format", "{{.Names}} {{.State}} {{.Label \"a\"}}"));
        assertEquals("NAMES      a\nfmt-done   c\nfmt-web    b\n", ok("ps", "-a", "--format", "table {{.Names}}\\t{{.Label \"a\"}}"));
        assertEquals("fmt-done\n", ok("ps", "-n", "1", "--format", "{{.Names}}"));
        assertEquals("fmt-done\n", ok("ps", "-l", "--format", "{{.Names}}"));
        assertEquals("\"sleep 300\" " + IMAGE + "\n", ok("ps", "--format", "{{.Command}} {{.Image}}"));

        List<String> table = ok("ps").lines().toList();
        assertEquals(List.of("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"), List.of(table.get(0).split(" {2,}")));
        assertEquals(2, table.size(), table.toString());
        assertTrue(table.get(1).startsWith(web.substring(0, 12) + "   " + IMAGE + "   \"sleep 300\"   "), table.get(1));
        assertTrue(table.get(1).endsWith("fmt-web"), table.get(1));
        assertTrue(ok("ps", "-a", "-s", "--format", "{{.Names}} {{.Size}}").lines()
                .anyMatch(l -> l.matches("fmt-web [0-9.]+k?B \\(virtual [0-9.]+[kMG]B\\)")), "-s");

        for (String line : ok("ps", "-a", "--format", "json").lines().toList()) {
            JsonNode j = new ObjectMapper().readTree(line);
            Set<String> keys = new TreeSet<>();
            j.fieldNames().forEachRemaining(keys::add);
            assertEquals(Set.of("Command", "CreatedAt", "ID", "Image", "Labels", "LocalVolumes", "Mounts", "Names", "Networks", "Platform",
                    "Ports", "RunningFor", "Size", "State", "Status"), keys, line);
        }
    }

    @Test
    void psQuietNoTruncAndFilters() throws Exception {
        assertEquals(web.substring(0, 12) + "\n", ok("ps", "-q"));
        assertEquals(done.substring(0, 12) + "\n" + web.substring(0, 12) + "\n", ok("ps", "-aq"));
        assertEquals(done + "\n" + web + "\n", ok("ps", "-aq", "--no-trunc"));
        assertEquals(web.substring(0, 12) + "\n", ok("ps", "-aq", "--filter", "label=a=b"));
        assertEquals(done.substring(0, 12) + "\n", ok("ps", "-aq", "-f", "label!=a=b"));
        assertEquals("fmt-done\n", ok("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}"));
        assertEquals("fmt-done\n", ok("ps", "--filter", "status=exited", "--format", "{{.Names}}"), "a status filter lists exited ones");
        assertEquals("fmt-web\n", ok("ps", "-a", "--filter", "name=web", "--format", "{{.Names}}"));
        assertEquals("fmt-done\nfmt-web\n", ok("ps", "-a", "--filter", "ancestor=" + IMAGE, "--format", "{{.Names}}"));
        assertEquals("fmt-web\n", ok("ps", "-a", "--filter", "id=" + web.substring(0, 8), "--format", "{{.Names}}"));
        assertEquals("", ok("ps", "-a", "--filter", "label=a=b", "--filter", "status=exited", "--format", "{{.Names}}"));

        Cli.Result quietFormat = berth.run("ps", "-q", "--format", "{{.Names}}");
        assertEquals(web.substring(0, 12) + "\n", quietFormat.out());
        assertEquals("WARNING: Ignoring custom format, because both --format and --quiet are set.\n", quietFormat.err());
    }

    @Test
    void badFormatsAndFiltersAreRefusedAsDockerRefusesThem() throws Exception {
        assertRefused(berth.run("ps", "--format", "{{.Nope}}"), 1,
                "berth: failed to execute template: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext\n");
        assertRefused(berth.run("ps", "--format", "{{.ID"), 1, "berth: failed to parse template: template: :1: unclosed action\n");
        assertRefused(berth.run("images", "--format", "{{upper}}"), 1,
                "berth: failed to execute template: template: :1:2: executing \"\" at <upper>: error calling upper: wrong number of args for upper: want 1 got 0\n");
        assertRefused(berth.run("ps", "--filter", "bogus=1"), 125, "berth: invalid filter 'bogus'\n");
        Cli.Result noEquals = berth.run("ps", "--filter", "nonsense");
        assertEquals(125, noEquals.code(), noEquals.toString());
        assertTrue(noEquals.err().startsWith("berth: invalid argument \"nonsense\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n"),
                noEquals.toString());
        assertRefused(berth.run("images", "--filter", "dangling=maybe"), 125, "berth: invalid filter 'dangling=maybe': not a boolean\n");
    }

    @Test
    void imagesFormatsAndFilters() throws Exception {
        String id = ok("inspect", "--type", "image", "--format", "{{.Id}}", IMAGE).strip();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        assertEquals(List.of("berth.test/busybox:1", "berth.test/other:2"),
                ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines().sorted().toList());
        String shortId = id.substring(7, 19);
        assertEquals(shortId + "\n" + shortId + "\n", ok("images", "-q"));
        assertEquals(id + "\n" + id + "\n", ok("images", "-q", "--no-trunc"));
        assertEquals("berth.test/other:2\n", ok("images", "--filter", "reference=berth.test/other", "--format", "{{.Repository}}:{{.Tag}}"));
        assertEquals("berth.test/busybox:1\n", ok("images", "berth.test/busybox", "--format", "{{.Repository}}:{{.Tag}}"));
        assertEquals("", ok("images", "--filter", "dangling=true", "-q"));
        assertEquals(shortId + "\n" + shortId + "\n", ok("images", "--filter", "label=org.example.origin=image", "-q"));
        assertEquals("", ok("images", "--filter", "label=org.example.origin=elsewhere", "-q"));
        List<String> table = ok("images").lines().toList();
        assertEquals(List.of("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"), List.of(table.get(0).split(" {2,}")));
        assertTrue(table.get(1).matches("berth\\.test/(busybox|other) +[12] +" + shortId + " +.+ +[0-9.]+[kM]B"), table.get(1));
    }

    @Test
    void inspectPrintsTheApisJsonAndRunsTemplatesOverIt() throws Exception {
        assertEquals("running /fmt-web b <no value>\nexited /fmt-done c <no value>\n",
                ok("inspect", "--format", "{{.State.Status}} {{.Name}} {{index .Config.Labels \"a\"}} {{.Config.Labels.nope}}", "fmt-web", "fmt-done"));
        assertEquals("berth.test/busybox:1\n", ok("inspect", "--type", "image", "-f", "{{index .RepoTags 0}}", IMAGE));
        assertEquals("fmt-vol local\n", ok("inspect", "-f", "{{.Name}} {{.Driver}}", "fmt-vol"));
        assertEquals("/data fmt-vol\n", ok("inspect", "-f", "{{range .Mounts}}{{.Destination}} {{.Name}}{{end}}", "fmt-done"));
        // Over docker's Go types, as docker 28's CLI printed them against berth serve: what the JSON
        // leaves out is its zero value, a struct prints as {a b c}, a Go field name (ID) works beside the JSON key (Id).
        assertEquals("<nil> 0 false [] <nil> map[]\n", ok("inspect", "-f", "{{.HostConfig.Init}} {{.HostConfig.CPUShares}}"
                + " {{.HostConfig.Privileged}} {{.Config.Entrypoint}} {{.State.Health}} {{.HostConfig.Sysctls}}", "fmt-web"));
        assertEquals("{no 0} [0 0] 64\n", ok("inspect", "-f", "{{.HostConfig.RestartPolicy}} {{.HostConfig.ConsoleSize}}"
                + " {{len .ID}}", "fmt-web"));
        assertEquals("|b\n", ok("inspect", "-f", "{{index .Config.Labels \"nope\"}}|{{index .Config.Labels \"a\"}}", "fmt-web"));
        // docker's management forms
        assertEquals(ok("ps", "-a", "--format", "{{.Names}}"), ok("container", "ls", "-a", "--format", "{{.Names}}"));
        assertEquals(ok("images", "--format", "{{.Repository}}:{{.Tag}}"), ok("image", "ls", "--format", "{{.Repository}}:{{.Tag}}"));
        assertEquals("berth.test/busybox:1\n", ok("image", "inspect", "-f", "{{index .RepoTags 0}}", IMAGE));
        assertRefused(berth.run("container", "inspect", "fmt-vol"), 1, "Error: No such container: fmt-vol\n", "[]\n");
        String json = ok("inspect", "fmt-web");
        assertTrue(json.startsWith("[\n    {\n        \"Id\": \"" + web + "\",\n"), json);
        assertTrue(json.endsWith("\n    }\n]\n"), json);
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertEquals("/fmt-web", parsed.get(0).get("Name").asText());
        assertEquals("b", parsed.get(0).get("Config").get("Labels").get("a").asText());
        assertTrue(ok("inspect", "-f", "{{json .State}}", "fmt-done").startsWith("{\"Status\":\"exited\","));

        Cli.Result missing = berth.run("inspect", "nothing-here");
        assertEquals(1, missing.code(), missing.toString());
        assertEquals("[]\n", missing.out());
        assertEquals("Error: No such object: nothing-here\n", missing.err());
        Cli.Result some = berth.run("inspect", "-f", "{{.Name}}", "fmt-web", "nothing-here");
        assertEquals(1, some.code(), some.toString());
        assertEquals("/fmt-web\n", some.out());
        assertEquals("Error: No such object: nothing-here\n", some.err());
        assertRefused(berth.run("inspect", "--type", "image", "fmt-web"), 1, "Error: No such image: fmt-web\n", "[]\n");
        // as docker: an empty line for a template that printed nothing
        assertRefused(berth.run("inspect", "-f", "{{.Nope}}", "fmt-web"), 1,
                "berth: template parsing error: template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"\n", "\n");
        // the objects the template fails on are left out, the others printed; the volume has no Config
        assertRefused(berth.run("inspect", "-f", "{{.Config.Image}}", "fmt-vol", "fmt-web"), 1,
                "berth: template parsing error: template: :1:9: executing \"\" at <.Config.Image>: map has no entry for key \"Config\"\n",
                ok("inspect", "-f", "{{.Config.Image}}", "fmt-web"));
        // network and volume inspect take templates too; volume inspect's run over the Go type alone, as docker's
        assertEquals("fmt-vol local <nil>\n", ok("volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.UsageData}}", "fmt-vol"));
        assertRefused(berth.run("volume", "inspect", "-f", "{{.Nope}}", "fmt-vol"), 1,
                "berth: template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type volume.Volume\n", "\n");
        assertEquals("none null false\n", ok("network", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Internal}}", "none"));
        assertRefused(berth.run("inspect", "-f", "{{.Id", "fmt-web"), 64, "berth: template parsing error: template: :1: unclosed action\n");
        assertRefused(berth.run("inspect", "--type", "bogus", "fmt-web"), 125, "berth: \"bogus\" is not a valid value for --type\n");
    }

    @Test
    void statsFormats() throws Exception {
        assertEquals("fmt-web 1 fmt-web " + web.substring(0, 12) + "\n", ok("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}} {{.Container}} {{.ID}}", "fmt-web"));
        assertEquals("fmt-done 0 0.00% 0B / 0B\nfmt-web 1\n".replace("fmt-web 1\n", ""),
                ok("stats", "-a", "--format", "{{.Name}} {{.PIDs}} {{.CPUPerc}} {{.MemUsage}}").lines().filter(l -> l.startsWith("fmt-done"))
                        .map(l -> l + "\n").findFirst().orElse(""));
        assertEquals(web + "\n", ok("stats", "--no-trunc", "--format", "{{.ID}}"));
        List<String> table = ok("stats").lines().toList();
        assertEquals(List.of("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"),
                List.of(table.get(0).split(" {2,}")));
        assertTrue(table.get(1).matches(web.substring(0, 12) + " +fmt-web +[0-9.]+% +[0-9.]+[KMG]?i?B / [0-9.]+[KMG]iB +[0-9.]+% .* 1"), table.get(1));
    }

    @Test
    void volumeListing() throws Exception {
        ListingOptions options = new ListingOptions();
        options.format = "{{.Name}} {{.Driver}} {{.Links}}";
        assertEquals("fmt-vol local N/A\n", volumes(options));
        options.format = null;
        assertEquals("DRIVER    VOLUME NAME\nlocal     fmt-vol\n", volumes(options));
        options.quiet = true;
        assertEquals("fmt-vol\n", volumes(options));
        options.quiet = false;
        options.filters = List.of("name=nothing");
        assertEquals("DRIVER    VOLUME NAME\n", volumes(options));
    }

    private static String volumes(ListingOptions options) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Berth b = Berth.builder().home(home).build(); PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ObjectListings.volumes(b, options, out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String ok(String... args) throws Exception {
        Cli.Result r = berth.run(args);
        assertEquals(0, r.code(), r.toString());
        return r.out();
    }

    private static void assertRefused(Cli.Result r, int code, String err) {
        assertRefused(r, code, err, "");
    }

    private static void assertRefused(Cli.Result r, int code, String err, String out) {
        assertEquals(code, r.code(), r.toString());
        assertEquals(err, r.err(), r.toString());
        assertEquals(out, r.out(), r.toString());
    }
}
