package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.BundleBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth bundle IMAGE DIR [-- COMMAND...]}: writes the image as an OCI bundle, a
 * {@code config.json} and a {@code rootfs}, which {@code runc run -b DIR} and crun run
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/bundle.md">bundle.md</a>).
 */
@Command(name = "bundle", description = "Write an image as an OCI runtime bundle (config.json and rootfs)")
final class BundleCommand extends Verb {
    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Set an environment variable")
    Map<String, String> env = Map.of();

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container")
    String workdir;

    @Option(names = "--hostname", description = "Container host name (default berth)")
    String hostname;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1", paramLabel = "DIR", description = "The bundle directory; must not exist or be empty")
    Path dir;

    @Parameters(index = "2..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            BundleBuilder b = berth.bundle(image);
            env.forEach(b::env);
            if (user != null) {
                b.user(user);
            }
            if (workdir != null) {
                b.workdir(workdir);
            }
            if (hostname != null) {
                b.hostname(hostname);
            }
            if (!command.isEmpty()) {
                b.command(command.toArray(String[]::new));
            }
            System.out.println(b.writeTo(dir));
            return 0;
        }
    }
}
