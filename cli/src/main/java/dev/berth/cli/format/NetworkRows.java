package dev.berth.cli.format;

import static dev.berth.cli.format.ContainerRows.text;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code docker network ls}' rows: docker's {@code networkContext} fields over one entry of
 * {@code GET /networks}.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/network/ls/#format">docker network ls --format</a>
 */
public final class NetworkRows {
    public static final Row.Columns COLUMNS;

    static {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ID", "NETWORK ID");
        h.put("Name", "NAME");
        h.put("Driver", "DRIVER");
        h.put("Scope", "SCOPE");
        h.put("IPv4", "IPV4");
        h.put("IPv6", "IPV6");
        h.put("Internal", "INTERNAL");
        h.put("Labels", "LABELS");
        h.put("CreatedAt", "CREATED");
        COLUMNS = new Row.Columns("*formatter.networkContext", h, "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
                Map.of("Label", a -> a.isEmpty() ? "" : a.get(0)));
    }

    private NetworkRows() {
    }

    /** The rows of {@code GET /networks}' answer, sorted by name as docker's CLI sorts them. */
    public static java.util.List<Row> of(com.fasterxml.jackson.databind.JsonNode networks, boolean trunc) {
        java.util.List<Map<String, Object>> list = new java.util.ArrayList<>();
        networks.forEach(n -> list.add(JsonValues.map(n)));
        list.sort(java.util.Comparator.comparing(n -> text(n.get("Name")), NaturalOrder.INSTANCE));
        return list.stream().map(n -> of(n, trunc)).toList();
    }

    /** The row of one network of {@code GET /networks}. */
    public static Row of(Map<String, Object> n, boolean trunc) {
        String id = text(n.get("Id"));
        Map<String, String> labels = ContainerRows.strings(n.get("Labels"));
        return COLUMNS.row()
                .field("ID", trunc ? ContainerRows.shortId(id) : id)
                .field("Name", text(n.get("Name")))
                .field("Driver", text(n.get("Driver")))
                .field("Scope", text(n.get("Scope")))
                .field("IPv4", String.valueOf(Boolean.TRUE.equals(n.get("EnableIPv4"))))
                .field("IPv6", String.valueOf(Boolean.TRUE.equals(n.get("EnableIPv6"))))
                .field("Internal", String.valueOf(Boolean.TRUE.equals(n.get("Internal"))))
                .field("Labels", ContainerRows.joined(labels))
                .field("CreatedAt", created(text(n.get("Created"))))
                .method("Label", a -> labels.getOrDefault(a.isEmpty() ? "" : Values.print(a.get(0)), ""))
                .build();
    }

    private static String created(String rfc3339) {
        try {
            return GoUnits.time(Instant.parse(rfc3339));
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }
}
