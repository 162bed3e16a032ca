package dev.berth.image.transport;

import dev.berth.image.ImageReference;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an image is, in skopeo's transport syntax
 * (<a href="https://github.com/containers/image/blob/main/docs/containers-transports.5.md">containers-transports(5)</a>):
 * {@code docker://REF} (a registry), {@code oci:DIR[:REF]} (an OCI layout directory),
 * {@code oci-archive:PATH[:REF]}, {@code docker-archive:PATH[:REF]}, and Berth's store as {@code berth:REF} or
 * a bare reference, digest or image ID. As in skopeo, PATH ends at its first {@code :}.
 *
 * @param transport which transport
 * @param location the path for a layout or archive; the reference, digest or image ID for a registry or the store
 * @param name for a layout or archive, the REF after the path, if given
 */
public record TransportReference(Transport transport, String location, Optional<String> name) {
    /** The transports, by their prefix. */
    public enum Transport {
        REGISTRY("docker://"), OCI("oci:"), OCI_ARCHIVE("oci-archive:"), DOCKER_ARCHIVE("docker-archive:"),
        STORE("berth:");

        private final String prefix;

        Transport(String prefix) {
            this.prefix = prefix;
        }

        /** {@code docker://}, {@code oci:}, …. */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * Parses {@code input}.
     *
     * @throws InvalidTransportReferenceException naming {@code input} and what is wrong with it
     */
    public static TransportReference parse(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidTransportReferenceException(String.valueOf(input), "it is empty");
        }
        for (Transport t : Transport.values()) {
            if (input.startsWith(t.prefix)) {
                return parse(input, t, input.substring(t.prefix.length()));
            }
        }
        try {
            ImageReference.parse(input);
            return new TransportReference(Transport.STORE, input, Optional.empty());
        } catch (IllegalArgumentException e) {
            if (input.matches("^[a-z][a-z0-9-]*:.*") && !input.startsWith("sha256:")) {
                throw new InvalidTransportReferenceException(input, "transport \"" + input.substring(0, input.indexOf(':'))
                        + "\" is not one Berth knows; use docker://, oci:, oci-archive:, docker-archive: or berth:");
            }
            if (input.startsWith("sha256:") || input.matches("[0-9a-f]{6,64}")) {
                return new TransportReference(Transport.STORE, input, Optional.empty());
            }
            throw new InvalidTransportReferenceException(input, "it is no transport reference and no image reference ("
                    + e.getMessage() + ")");
        }
    }

    private static TransportReference parse(String input, Transport t, String rest) {
        if (rest.isEmpty()) {
            throw new InvalidTransportReferenceException(input, t == Transport.REGISTRY || t == Transport.STORE
                    ? "it names no image after " + t.prefix : "it names no path after " + t.prefix);
        }
        if (t == Transport.REGISTRY || t == Transport.STORE) {
            if (t == Transport.REGISTRY || !rest.startsWith("sha256:")) {
                try {
                    ImageReference.parse(rest);
                } catch (IllegalArgumentException e) {
                    throw new InvalidTransportReferenceException(input, e.getMessage());
                }
            }
            return new TransportReference(t, rest, Optional.empty());
        }
        int colon = rest.indexOf(':');
        String path = colon < 0 ? rest : rest.substring(0, colon);
        String name = colon < 0 ? null : rest.substring(colon + 1);
        if (path.isEmpty()) {
            throw new InvalidTransportReferenceException(input, "it names no path after " + t.prefix);
        }
        if (name != null && name.isEmpty()) {
            throw new InvalidTransportReferenceException(input, "the name after the path is empty");
        }
        if (name != null && t == Transport.DOCKER_ARCHIVE) {
            try {
                ImageReference.parse(name);
            } catch (IllegalArgumentException e) {
                throw new InvalidTransportReferenceException(input, e.getMessage());
            }
        }
        return new TransportReference(t, path, Optional.ofNullable(name));
    }

    /** The layout's or archive's path. */
    public Path path() {
        return Path.of(location);
    }

    @Override
    public String toString() {
        return transport.prefix + location + name.map(n -> ":" + n).orElse("");
    }
}
