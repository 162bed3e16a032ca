package dev.berth.cli.format;

import static dev.berth.cli.format.ContainerRows.list;
import static dev.berth.cli.format.ContainerRows.number;
import static dev.berth.cli.format.ContainerRows.text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker images}' rows: docker's {@code imageContext} fields, one row per repository
 * and tag of each entry of {@code GET /images/json} ({@code <none>} for an untagged image).
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/image/ls/#format">docker images --format</a>
 */
public final class ImageRows {
    private static final String DEFAULT = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";

    public static final Row.Columns COLUMNS = columns(DEFAULT);

    /** With {@code --digests}: a DIGEST column after the tag. */
    public static final Row.Columns WITH_DIGESTS = columns("table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}");

    private ImageRows() {
    }

    private static Row.Columns columns(String table) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ID", "IMAGE ID");
        h.put("Repository", "REPOSITORY");
        h.put("Tag", "TAG");
        h.put("Digest", "DIGEST");
        h.put("CreatedSince", "CREATED");
        h.put("CreatedAt", "CREATED AT");
        h.put("Size", "SIZE");
        h.put("Containers", "CONTAINERS");
        h.put("VirtualSize", "VIRTUAL SIZE");
        h.put("SharedSize", "SHARED SIZE");
        h.put("UniqueSize", "UNIQUE SIZE");
        return new Row.Columns("*formatter.imageContext", h, table);
    }

    /**
     * The rows of one image: each tag of each repository; with {@code digests}, one per digest.
     *
     * @param image the image's entry of {@code GET /images/json}
     */
    public static List<Row> of(Map<String, Object> image, boolean trunc, boolean digests, Instant now) {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        for (Object t : list(image.get("RepoTags"))) {
            String ref = text(t);
            int colon = ref.lastIndexOf(':');
            if (colon > ref.lastIndexOf('/') && !ref.equals("<none>:<none>")) {
                tags.computeIfAbsent(ref.substring(0, colon), k -> new ArrayList<>()).add(ref.substring(colon + 1));
            }
        }
        Map<String, List<String>> repoDigests = new LinkedHashMap<>();
        for (Object d : list(image.get("RepoDigests"))) {
            String ref = text(d);
            int at = ref.indexOf('@');
            if (at > 0 && !ref.equals("<none>@<none>")) {
                repoDigests.computeIfAbsent(ref.substring(0, at), k -> new ArrayList<>()).add(ref.substring(at + 1));
            }
        }
        List<Row> rows = new ArrayList<>();
        if (tags.isEmpty() && repoDigests.isEmpty()) {
            rows.add(row(image, "<none>", "<none>", "<none>", trunc, now));
            return rows;
        }
        for (Map.Entry<String, List<String>> e : tags.entrySet()) {
            List<String> ds = repoDigests.remove(e.getKey());
            for (String tag : e.getValue()) {
                if (!digests || ds == null || ds.isEmpty()) {
                    rows.add(row(image, e.getKey(), tag, "<none>", trunc, now));
                } else {
                    ds.forEach(d -> rows.add(row(image, e.getKey(), tag, d, trunc, now)));
                }
            }
        }
        // digest-only references (pulled by digest): a row each
        for (Map.Entry<String, List<String>> e : repoDigests.entrySet()) {
            if (digests) {
                e.getValue().forEach(d -> rows.add(row(image, e.getKey(), "<none>", d, trunc, now)));
            } else {
                rows.add(row(image, e.getKey(), "<none>", "<none>", trunc, now));
            }
        }
        return rows;
    }

    private static Row row(Map<String, Object> image, String repository, String tag, String digest, boolean trunc, Instant now) {
        String id = text(image.get("Id"));
        long created = number(image.get("Created"));
        long size = number(image.get("Size"));
        long shared = image.containsKey("SharedSize") ? number(image.get("SharedSize")) : -1;
        long containers = image.containsKey("Containers") ? number(image.get("Containers")) : -1;
        return COLUMNS.row()
                .field("ID", trunc ? ContainerRows.shortId(id) : id)
                .field("Repository", repository)
                .field("Tag", tag)
                .field("Digest", digest)
                .field("CreatedSince", created == 0 ? "N/A" : GoUnits.ago(Instant.ofEpochSecond(created), now))
                .field("CreatedAt", GoUnits.time(Instant.ofEpochSecond(created)))
                .field("Size", GoUnits.size(size))
                .field("Containers", containers < 0 ? "N/A" : Long.toString(containers))
                .field("VirtualSize", GoUnits.size(size, 4))
                .field("SharedSize", shared < 0 ? "N/A" : GoUnits.size(shared))
                .field("UniqueSize", shared < 0 ? "N/A" : GoUnits.size(size - shared))
                .build();
    }
}
