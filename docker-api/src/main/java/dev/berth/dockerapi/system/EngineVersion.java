package dev.berth.dockerapi.system;

/**
 * What the server says it is. Clients negotiate on {@code ApiVersion}; some also compare the
 * engine {@code Version} with a minimum, so it is the Docker release whose API this serves,
 * and Berth's own version is given beside it ({@code Platform.Name}, {@code Components}).
 */
public final class EngineVersion {
    /** Berth's version, from the jar's manifest. */
    public static final String BERTH = berthVersion();
    /** The Docker Engine release that serves API 1.52. */
    public static final String DOCKER = "29.0.0";

    private EngineVersion() {}

    private static String berthVersion() {
        String v = EngineVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
