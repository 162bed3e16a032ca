package dev.berth.image.transport;

import dev.berth.image.oci.Descriptor;
import java.util.List;
import java.util.Objects;

/**
 * A top-level image of a transport: a manifest or an index, and the names it goes by there.
 *
 * @param top the manifest or index, without annotations
 * @param names what the transport calls it, in its own form: canonical references for the store and the
 *     registry, {@code RepoTags} for docker-archive, the {@code org.opencontainers.image.ref.name}
 *     annotations of an OCI layout (which may be bare tags such as {@code latest}); empty for an
 *     untagged image
 */
public record NamedImage(Descriptor top, List<String> names) {
    public NamedImage {
        Objects.requireNonNull(top, "top");
        names = List.copyOf(names);
    }

    /** The same names for another top (when a copy keeps one platform of an index). */
    NamedImage withTop(Descriptor other) {
        return new NamedImage(other, names);
    }
}
