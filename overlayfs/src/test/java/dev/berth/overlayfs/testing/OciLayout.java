package dev.berth.overlayfs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of an OCI image layout (index.json, manifest, config) to list one tag's layers
 * with their media types, blobs and diffIDs. Parsed with patterns: the files come from umoci,
 * whose field order is fixed, and core owns the real JSON model.
 */
public final class OciLayout {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern DESCRIPTOR = Pattern.compile(
            "\"mediaType\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"");

    /** One layer: its media type, blob file and diffID. */
    public record Layer(String mediaType, Path blob, String diffId) {
    }

    private OciLayout() {
    }

    public static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    /** The layers of {@code tag}, lowest first. */
    public static List<Layer> layers(Path layout, String tag) throws IOException {
        String index = Files.readString(layout.resolve("index.json"));
        int at = index.indexOf("\"org.opencontainers.image.ref.name\":\"" + tag + "\"");
        if (at < 0) {
            throw new IOException("no tag " + tag + " in " + index);
        }
        int start = index.lastIndexOf("{", index.lastIndexOf("\"digest\"", at));
        Matcher m = DIGEST.matcher(index.substring(start, at));
        if (!m.find()) {
            throw new IOException("no manifest digest for " + tag + " in " + index);
        }
        String manifest = Files.readString(blob(layout, m.group()));
        Matcher cfg = DESCRIPTOR.matcher(manifest.substring(manifest.indexOf("\"config\"")));
        if (!cfg.find()) {
            throw new IOException("no config in " + manifest);
        }
        String config = Files.readString(blob(layout, cfg.group(2)));
        List<String> diffIds = new ArrayList<>();
        Matcher d = DIGEST.matcher(config.substring(config.indexOf("\"diff_ids\"")));
        while (d.find()) {
            diffIds.add(d.group());
        }
        List<Layer> out = new ArrayList<>();
        Matcher l = DESCRIPTOR.matcher(manifest.substring(manifest.indexOf("\"layers\"")));
        while (l.find()) {
            out.add(new Layer(l.group(1), blob(layout, l.group(2)), diffIds.get(out.size())));
        }
        return out;
    }
}
