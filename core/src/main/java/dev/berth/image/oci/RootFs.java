package dev.berth.image.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import dev.berth.image.InvalidDigestException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rootfs} of an image config (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md">
 * config.md</a>): the DiffIDs, i.e. the digests of the uncompressed layer tars, base layer first.
 *
 * @param type always {@code layers}
 * @param diffIds the uncompressed layer digests
 */
public record RootFs(String type, List<Digest> diffIds) {
    public RootFs {
        diffIds = List.copyOf(diffIds);
    }

    /** A {@code layers} root file system of {@code diffIds}. */
    public static RootFs of(List<Digest> diffIds) {
        return new RootFs("layers", diffIds);
    }

    static RootFs read(JsonObject json) {
        String type = json.requiredString("type");
        if (!type.equals("layers")) {
            throw json.violation("type", "must be \"layers\", is \"" + type + "\"");
        }
        List<String> texts = json.strings("diff_ids", false);
        if (texts == null) {
            throw json.violation("diff_ids", "required field is missing");
        }
        List<Digest> diffIds = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                diffIds.add(Digest.parse(texts.get(i)));
            } catch (InvalidDigestException e) {
                throw json.violation("diff_ids[" + i + "]", e.getMessage());
            }
        }
        return new RootFs(type, diffIds);
    }

    ObjectNode toJson() {
        return JsonOutput.object().put("type", type)
                .putStrings("diff_ids", diffIds.stream().map(Digest::toString).toList()).node();
    }
}
