package dev.berth.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The row types and {@link Format} over what dockerd 20.10 answered ({@code dockerd/*.json}:
 * {@code GET /v1.41/containers/json?all=1}, {@code /images/json}, {@code /volumes},
 * {@code /networks} for containers c1 (created), c2 and c3 (exited; c3 with a volume and a
 * bind mount), an image with two tags and two volumes), compared with what docker CLI 28.2
 * printed for the same answers and formats.
 */
class FormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void psTablesAsDockerPrintsThem() throws IOException {
        assertEquals("""
                CONTAINER ID   IMAGE     COMMAND            STATUS                     PORTS     NAMES
                ee9b0f56b395   bb:1      "sh -c 'exit 3'"   Exited (3) 1 second ago              c3
                e8cde2abb52e   bb:1      "sleep 1000"       Exited (0) 8 minutes ago             c2
                9df8b763c9d6   bb:1      "sleep 100"        Created                              c1
                """, ps("table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}", true));
        String labels = """
                NAMES     a         LABELS                               MOUNTS    LOCAL VOLUMES   NETWORKS   STATE
                c3        c         a=c,stage=base                       v1,/tmp   1               none       exited
                c2                  stage=base                                     0               none       exited
                c1        b         a=b,com.example.foo=bar,stage=base             0               bridge     created
                """;
        String format = "table {{.Names}}\\t{{.Label \"a\"}}\\t{{.Labels}}\\t{{.Mounts}}\\t{{.LocalVolumes}}\\t{{.Networks}}\\t{{.State}}";
        assertEquals(labels, ps(format, true));
        assertEquals(labels, ps(format, false));
    }

    @Test
    void psTemplatesAndNoTrunc() throws IOException {
        assertEquals("""
                ee9b0f56b395|c3|EXITED|v1,/tmp
                e8cde2abb52e|c2|EXITED|
                9df8b763c9d6|c1|CREATED|
                """, ps("{{.ID}}|{{.Names}}|{{upper .State}}|{{.Mounts}}", true));
        assertEquals("""
                ee9b0f56b395ff81a2ccaac71bcdb8a1335368ede0bf8b5f0c2cc7a28a84cb30|c3|EXITED|v1,/tmp
                e8cde2abb52ed994ab7fd84794bd0dfcf0978a7aa4ec957594048fb7091294f5|c2|EXITED|
                9df8b763c9d684349a5710929070b47eb3dd2ce55eacf36c32fcecb0980486de|c1|CREATED|
                """, ps("{{.ID}}|{{.Names}}|{{upper .State}}|{{.Mounts}}", false));
    }

    @Test
    void psJsonHasDockersKeysInOrder() throws IOException {
        // docker 28.2's line for c1, but RunningFor, which depends on the clock
        String line = ps("json", true).lines().toList().get(2);
        assertEquals("{\"Command\":\"\\\"sleep 100\\\"\",\"CreatedAt\":\"" + GoUnits.time(Instant.ofEpochSecond(1796668976L))
                + "\",\"ID\":\"9df8b763c9d6\",\"Image\":\"bb:1\",\"Labels\":\"a=b,com.example.foo=bar,stage=base\",\"LocalVolumes\":\"0\","
                + "\"Mounts\":\"\",\"Names\":\"c1\",\"Networks\":\"bridge\",\"Platform\":null,\"Ports\":\"\",\"RunningFor\":\"19 minutes ago\","
                + "\"Size\":\"0B\",\"State\":\"created\",\"Status\":\"Created\"}", line);
    }

    @Test
    void imagesRowPerTag() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (JsonNode i : read("images.json")) {
            rows.addAll(ImageRows.of(JsonValues.map(i), true, false, Instant.now()));
        }
        // docker printed the two tags in Go's map order; Berth keeps RepoTags' order
        assertEquals("""
                REPOSITORY   TAG       IMAGE ID       SIZE      DIGEST
                bb           1         ff5db72484c3   1.98MB    <none>
                other/bb     latest    ff5db72484c3   1.98MB    <none>
                """, Format.of("table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.Size}}\\t{{.Digest}}", ImageRows.COLUMNS)
                .render(rows, ImageRows.COLUMNS));
        Instant created = Instant.ofEpochSecond(1796668976L);
        assertEquals("{\"Containers\":\"N/A\",\"CreatedAt\":\"" + GoUnits.time(created)
                + "\",\"CreatedSince\":\"5 seconds ago\",\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"ff5db72484c3\",\"Repository\":\"bb\",\"SharedSize\":\"N/A\","
                + "\"Size\":\"1.98MB\",\"Tag\":\"1\",\"UniqueSize\":\"N/A\",\"VirtualSize\":\"1.982MB\"}\n",
                Format.of("json", ImageRows.COLUMNS).render(List.of(ImageRows.of(JsonValues.map(read("images.json").get(0)), true, false,
                        created.plusSeconds(5)).get(0)), ImageRows.COLUMNS));
        List<Row> untrunc = ImageRows.of(JsonValues.map(read("images.json").get(0)), false, false, Instant.now());
        assertEquals("sha256:ff5db72484c3ad3200b35d0ab125bc080157c6ff99c5375bc3b7dc1b787cb923 bb:1\n"
                + "sha256:ff5db72484c3ad3200b35d0ab125bc080157c6ff99c5375bc3b7dc1b787cb923 other/bb:latest\n",
                Format.of("{{.ID}} {{.Repository}}:{{.Tag}}", ImageRows.COLUMNS).render(untrunc, ImageRows.COLUMNS));
    }

    @Test
    void untaggedImageIsNone() {
        Map<String, Object> image = Map.of("Id", "sha256:0123456789abcdef0123", "RepoTags", List.of(), "RepoDigests", List.of(),
                "Created", 0L, "Size", 1500L);
        assertEquals("<none> <none> <none> 0123456789ab 1.5kB N/A\n", Format.of("{{.Repository}} {{.Tag}} {{.Digest}} {{.ID}} {{.Size}} {{.CreatedSince}}",
                ImageRows.COLUMNS).render(ImageRows.of(image, true, false, Instant.now()), ImageRows.COLUMNS));
    }

    @Test
    void volumesAndNetworks() throws IOException {
        assertEquals("""
                DRIVER    VOLUME NAME
                local     v1
                local     v2
                VOLUME NAME   LABELS       team      MOUNTPOINT
                v1                                   /tmp/dcf/root/volumes/v1/_data
                v2            team=a,x=y   a         /tmp/dcf/root/volumes/v2/_data
                """, Format.of("", VolumeRows.COLUMNS).render(VolumeRows.of(read("volumes.json").get("Volumes")), VolumeRows.COLUMNS)
                + Format.of("table {{.Name}}\\t{{.Labels}}\\t{{.Label \"team\"}}\\t{{.Mountpoint}}", VolumeRows.COLUMNS)
                        .render(VolumeRows.of(read("volumes.json").get("Volumes")), VolumeRows.COLUMNS));
        assertEquals("""
                NETWORK ID     NAME      DRIVER    SCOPE
                16493f425a05   host      host      local
                e1b689b7afab   none      null      local
                NETWORK ID                                                         NAME      IPV6      INTERNAL
                16493f425a05e20720e20b0ecd5f91349b01f017bbddebe862c8fda7f930e69e   host      false     false
                e1b689b7afab2b0410edb8e67235521032c39165ee7dc478418436a65840d5f2   none      false     false
                """, Format.of("table", NetworkRows.COLUMNS).render(NetworkRows.of(read("networks.json"), true), NetworkRows.COLUMNS)
                + Format.of("table {{.ID}}\\t{{.Name}}\\t{{.IPv6}}\\t{{.Internal}}", NetworkRows.COLUMNS)
                        .render(NetworkRows.of(read("networks.json"), false), NetworkRows.COLUMNS));
    }

    @Test
    void emptyTableStillHasItsHeader() {
        assertEquals("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n",
                Format.of(null, ContainerRows.COLUMNS).render(List.of(), ContainerRows.COLUMNS));
        assertEquals("", Format.of("{{.ID}}", ContainerRows.COLUMNS).render(List.of(), ContainerRows.COLUMNS));
    }

    @Test
    void portsAsDockersDisplayablePorts() {
        assertEquals("", ContainerRows.ports(List.of()));
        assertEquals("9988/tcp", ContainerRows.ports(List.of(port("", 9988, 0, "tcp"))));
        assertEquals("0.0.0.0:8899->9988/udp", ContainerRows.ports(List.of(port("0.0.0.0", 9988, 8899, "udp"))));
        assertEquals("[::]:8899->9988/tcp", ContainerRows.ports(List.of(port("::", 9988, 8899, "tcp"))));
        assertEquals("9988-9989/tcp", ContainerRows.ports(List.of(port("", 9989, 0, "tcp"), port("", 9988, 0, "tcp"))));
        assertEquals("4.3.2.1:3322->2233/tcp, 0.0.0.0:8899->9988/tcp",
                ContainerRows.ports(List.of(port("0.0.0.0", 9988, 8899, "tcp"), port("4.3.2.1", 2233, 3322, "tcp"))));
        assertEquals("1.2.3.4:9998-9999->9998-9999/udp",
                ContainerRows.ports(List.of(port("1.2.3.4", 9998, 9998, "udp"), port("1.2.3.4", 9999, 9999, "udp"))));
        assertEquals("80/tcp, 443/tcp, 0.0.0.0:8080->80/tcp",
                ContainerRows.ports(List.of(port("", 80, 0, "tcp"), port("0.0.0.0", 80, 8080, "tcp"), port("", 443, 0, "tcp"))));
    }

    @Test
    void unitsAsGoUnits() {
        assertEquals("0B", GoUnits.size(0));
        assertEquals("999B", GoUnits.size(999));
        assertEquals("1.98MB", GoUnits.size(1_982_000));
        assertEquals("1.982MB", GoUnits.size(1_982_000, 4));
        assertEquals("1e+03kB", GoUnits.size(999_999));
        assertEquals("1.5KiB", GoUnits.bytes(1536));
        assertEquals("Less than a second", GoUnits.duration(Duration.ofMillis(500)));
        assertEquals("About a minute", GoUnits.duration(Duration.ofSeconds(100)));
        assertEquals("About an hour", GoUnits.duration(Duration.ofMinutes(89)));
        assertEquals("2 hours", GoUnits.duration(Duration.ofMinutes(91)));
        assertEquals("3 days", GoUnits.duration(Duration.ofHours(72)));
        assertEquals("2 weeks", GoUnits.duration(Duration.ofDays(15)));
        assertEquals("3 months", GoUnits.duration(Duration.ofDays(95)));
        assertEquals("2 years", GoUnits.duration(Duration.ofDays(800)));
        assertEquals("a", ContainerRows.ellipsis("abc", 1));
        assertEquals("abc", ContainerRows.ellipsis("abc", 3));
        assertEquals("a-very-long-na…", ContainerRows.ellipsis("a-very-long-name-indeed", 15));
    }

    @Test
    void tabWriterAsGos() {
        // a line with fewer cells ends the column block: the next block is measured alone
        assertEquals("a             b\nlonger-cell   c\nx\ny         z\n", TabWriter.format("a\tb\nlonger-cell\tc\nx\ny\tz\n"));
        assertEquals("abc          d\nabcdefghij   e\n", TabWriter.format("abc\td\nabcdefghij\te\n"));
    }

    @Test
    void badFormatsFailAsDockersDo() {
        TemplateException e = assertThrows(TemplateException.class, () -> Format.of("{{.ID", ContainerRows.COLUMNS));
        assertEquals("template: :1: unclosed action", e.getMessage());
        Format f = Format.of("{{.Foo}}", ContainerRows.COLUMNS);
        Row row = ContainerRows.of(Map.of("Id", "abc"), true, Instant.now());
        e = assertThrows(TemplateException.class, () -> f.render(List.of(row), ContainerRows.COLUMNS));
        assertEquals("template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext", e.getMessage());
    }

    private static Map<String, Object> port(String ip, long privatePort, long publicPort, String type) {
        return Map.of("IP", ip, "PrivatePort", privatePort, "PublicPort", publicPort, "Type", type);
    }

    private static String ps(String format, boolean trunc) throws IOException {
        List<Row> rows = new ArrayList<>();
        // the clock when docker printed them: c1 was created 19 minutes before
        Instant now = Instant.ofEpochSecond(1796668976L + 19 * 60 + 30);
        for (JsonNode c : read("containers.json")) {
            rows.add(ContainerRows.of(JsonValues.map(c), trunc, now));
        }
        return Format.of(format, ContainerRows.COLUMNS).render(rows, ContainerRows.COLUMNS);
    }

    private static JsonNode read(String name) throws IOException {
        try (InputStream in = FormatTest.class.getResourceAsStream("dockerd/" + name)) {
            return JSON.readTree(in);
        }
    }
}
