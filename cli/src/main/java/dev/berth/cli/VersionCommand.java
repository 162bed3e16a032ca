package dev.berth.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * {@code berth version}: Berth's version and the platform it runs on, in {@code docker version}'s
 * layout (<a href="https://docs.docker.com/reference/cli/docker/version/">docker version</a>). The
 * engine is this process: there is no server part.
 */
@Command(name = "version", description = "Show the Berth version information")
final class VersionCommand extends Verb {
    @Override
    public Integer call() throws Exception {
        System.out.print("Client: Berth\n"
                + " Version:           " + berthVersion() + "\n"
                + " Java version:      " + Runtime.version() + "\n"
                + " OS/Arch:           " + BuildPlatform.host() + "\n"
                + " Kernel version:    " + kernel() + "\n"
                + " Engine:            embedded (no daemon); `berth serve` serves the Docker Engine API\n");
        return 0;
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
