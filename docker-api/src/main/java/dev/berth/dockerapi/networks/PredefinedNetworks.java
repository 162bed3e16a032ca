package dev.berth.dockerapi.networks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Docker's {@code host} and {@code none} networks: Berth's network modes, shown as networks with
 * stable ids so that {@code docker network ls} and {@code inspect host} answer as dockerd does.
 */
public final class PredefinedNetworks {
    /** Their names, as {@code docker network ls} lists them. */
    public static final List<String> NAMES = List.of("host", "none");

    private PredefinedNetworks() {
    }

    /** The stable id of the predefined network {@code name}. */
    public static String id(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("berth predefined network " + name)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The predefined network {@code idOrName} names by name, full id or id prefix (at least one digit). */
    public static Optional<String> find(String idOrName) {
        for (String name : NAMES) {
            if (name.equals(idOrName) || (!idOrName.isEmpty() && id(name).startsWith(idOrName))) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
