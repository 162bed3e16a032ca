package dev.berth.cli.format;

import static dev.berth.cli.format.ContainerRows.text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code docker volume ls}' rows: docker's {@code volumeContext} fields over one volume of
 * {@code GET /volumes}; {@code Links} and {@code Size} are {@code N/A}, as docker shows them
 * without usage data.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/volume/ls/#format">docker volume ls --format</a>
 */
public final class VolumeRows {
    public static final Row.Columns COLUMNS;

    static {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Name", "VOLUME NAME");
        h.put("Driver", "DRIVER");
        h.put("Scope", "SCOPE");
        h.put("Mountpoint", "MOUNTPOINT");
        h.put("Labels", "LABELS");
        h.put("Links", "LINKS");
        h.put("Size", "SIZE");
        h.put("Group", "GROUP");
        h.put("Availability", "AVAILABILITY");
        h.put("Status", "STATUS");
        COLUMNS = new Row.Columns("*formatter.volumeContext", h, "table {{.Driver}}\t{{.Name}}",
                Map.of("Label", a -> a.isEmpty() ? "" : a.get(0)));
    }

    private VolumeRows() {
    }

    /** The rows of {@code GET /volumes}' {@code Volumes}, sorted by name as docker's CLI sorts them. */
    public static java.util.List<Row> of(com.fasterxml.jackson.databind.JsonNode volumes) {
        java.util.List<Map<String, Object>> list = new java.util.ArrayList<>();
        volumes.forEach(v -> list.add(JsonValues.map(v)));
        list.sort(java.util.Comparator.comparing(v -> text(v.get("Name")), NaturalOrder.INSTANCE));
        return list.stream().map(VolumeRows::of).toList();
    }

    /** The row of one volume of {@code GET /volumes}. */
    public static Row of(Map<String, Object> v) {
        Map<String, String> labels = ContainerRows.strings(v.get("Labels"));
        return COLUMNS.row()
                .field("Name", text(v.get("Name")))
                .field("Driver", text(v.get("Driver")))
                .field("Scope", text(v.get("Scope")))
                .field("Mountpoint", text(v.get("Mountpoint")))
                .field("Labels", ContainerRows.joined(labels))
                .field("Links", "N/A")
                .field("Size", "N/A")
                .field("Group", "N/A")
                .field("Availability", "N/A")
                .field("Status", "N/A")
                .method("Label", a -> labels.getOrDefault(a.isEmpty() ? "" : Values.print(a.get(0)), ""))
                .build();
    }
}
