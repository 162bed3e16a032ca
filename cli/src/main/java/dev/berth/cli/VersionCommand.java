package dev.berth.cli;

import dev.berth.cli.format.JsonValues;
import dev.berth.dockerapi.EngineJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth version}: Berth's version and the platform it runs on, in {@code docker version}'s
 * layout (<a href="https://docs.docker.com/reference/cli/docker/version/">docker version</a>). The
 * engine is this process: there is no server part.
 */
@Command(name = "version", description = "Show the Berth version information")
final class VersionCommand extends Verb {
    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template: 'json' or a Go template")
    String format;

    @Override
    public Integer call() throws Exception {
        if (format != null && !format.isEmpty()) {
            return formatted();
        }
        System.out.print("Client: Berth\n"
                + " Version:           " + berthVersion() + "\n"
                + " Java version:      " + Runtime.version() + "\n"
                + " OS/Arch:           " + BuildPlatform.host() + "\n"
                + " Kernel version:    " + kernel() + "\n"
                + " Engine:            embedded (no daemon); `berth serve` serves the Docker Engine API\n");
        return 0;
    }

    /**
     * {@code docker version --format}: the template over {@code .Client} (Berth, this JVM, the
     * host's platform) and {@code .Server} (what {@code berth serve} answers {@code GET /version}
     * with, the engine being this process).
     */
    private int formatted() throws java.io.IOException {
        String[] platform = BuildPlatform.host().split("/");
        var server = EngineJson.version();
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("Platform", Map.of("Name", "Berth"));
        client.put("Version", berthVersion());
        client.put("ApiVersion", server.path("ApiVersion").asText());
        client.put("DefaultAPIVersion", server.path("ApiVersion").asText());
        client.put("GitCommit", "berth");
        client.put("GoVersion", "java" + Runtime.version().feature());
        client.put("Os", platform[0]);
        client.put("Arch", platform[1]);
        client.put("BuildTime", "");
        client.put("Context", "default");
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("Client", client);
        version.put("Server", JsonValues.of(server));
        return FormattedObject.print("version", format, version);
    }

    /** The version in the jar's manifest, or the build's when run from classes. */
    static String berthVersion() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    private static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
