package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.BuildListener;
import dev.berth.Image;
import dev.berth.ImageBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth build}: builds an image from a Dockerfile with {@link ImageBuilder}
 * (<a href="https://docs.docker.com/reference/cli/docker/buildx/build/">docker build</a>),
 * printing each step, whether it came from the cache, and its output; {@code -q} prints only
 * the image id, {@code --progress plain} BuildKit's plain lines on stderr. {@code --network} is
 * that of RUN steps: default (docker's: the default bridge, with outbound NAT; also called
 * bridge), none (loopback only) or host.
 */
@Command(name = "build", description = "Build an image from a Dockerfile")
final class BuildCommand extends Verb {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Name of the Dockerfile (default: CONTEXT/Dockerfile)")
    Path dockerfile;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name and optionally a tag")
    List<String> tags = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "Set build-time variables")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print only the image ID")
    boolean quiet;

    @Option(names = "--target", paramLabel = "STAGE", description = "Set the target build stage to build")
    String target;

    @Option(names = "--no-cache", description = "Do not use cache when building the image")
    boolean noCache;

    @Option(names = "--network", paramLabel = "MODE", description = "Networking mode for the RUN instructions: default (the default bridge), none or host")
    String network;

    @Option(names = "--platform", description = "Set target platform for build (berth: this host's only)")
    String platform;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata for an image")
    List<String> labels = new ArrayList<>();

    @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID to the file")
    Path iidfile;

    @Option(names = "--progress", paramLabel = "TYPE",
            description = "Type of progress output: auto, tty (docker's classic steps), plain (BuildKit's lines, on stderr), quiet")
    String progress = "auto";

    @Option(names = "--secret", paramLabel = "id=ID,src=FILE",
            description = "Secret to expose to the build (RUN --mount=type=secret,id=ID)")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--ssh", paramLabel = "default|ID[=SOCKET]",
            description = "SSH agent socket to expose to the build (RUN --mount=type=ssh); default: $SSH_AUTH_SOCK")
    List<String> ssh = new ArrayList<>();

    @Parameters(paramLabel = "CONTEXT", description = "The build context directory")
    Path context;

    @Override
    public Integer call() throws Exception {
        refuseWhatBerthCannotDo();
        boolean plain = progress.equals("plain");
        boolean silent = quiet || progress.equals("quiet");
        try (Berth berth = top.open()) {
            ImageBuilder b = berth.imageBuilder()
                    .fromDockerfile(dockerfile != null ? dockerfile : context.resolve("Dockerfile"), context);
            dev.berth.namespaces.host.StartupTrace.mark("build: Dockerfile read");
            if (target != null) {
                b.target(target);
            }
            if (network != null) {
                b.network(network);
            }
            b.noCache(noCache).labels(NetworkCommand.pairs(labels));
            for (String secret : secrets) {
                String[] idAndFile = secret(secret);
                b.secret(idAndFile[0], Path.of(idAndFile[1]));
            }
            for (String agent : ssh) {
                int eq = agent.indexOf('=');
                String id = eq < 0 ? agent : agent.substring(0, eq);
                String socket = eq < 0 ? System.getenv("SSH_AUTH_SOCK") : agent.substring(eq + 1);
                if (id.isEmpty() || socket == null || socket.isEmpty()) {
                    throw new IllegalArgumentException("build --ssh " + agent + ": expected default|ID[=SOCKET]"
                            + (socket == null ? " (SSH_AUTH_SOCK is not set)" : ""));
                }
                b.ssh(id, Path.of(socket));
            }
            for (String arg : buildArgs) {
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    b.buildArg(arg.substring(0, eq), arg.substring(eq + 1));
                } else if (System.getenv(arg) != null) {
                    b.buildArg(arg, System.getenv(arg));
                }
            }
            BuildWarnings warnings = new BuildWarnings();
            PlainProgress plainSteps = plain ? new PlainProgress(System.err, warnings) : null;
            if (!silent) {
                b.listener(plain ? plainSteps : new Steps(warnings));
            }
            Image image;
            try {
                image = tags.isEmpty() ? b.build() : b.build(tags.get(0));
            } catch (RuntimeException e) {
                warnings.print(System.err); // a failed build still shows them, as docker does
                throw e;
            }
            for (String tag : tags.subList(Math.min(1, tags.size()), tags.size())) {
                berth.tag(image, tag);
            }
            if (iidfile != null) {
                Files.writeString(iidfile, image.id());
            }
            if (silent) {
                System.out.println(image.id());
            } else if (plain) {
                plainSteps.exported(image.id(), tags);
            } else {
                System.out.println("Successfully built " + image.id().substring(7, 19));
                tags.forEach(t -> System.out.println("Successfully tagged " + t));
            }
            System.out.flush();
            warnings.print(System.err); // after the build's output, as docker prints them
            dev.berth.namespaces.host.StartupTrace.mark("build: printed");
            return 0;
        }
    }

    /**
     * {@code --secret id=ID,src=FILE} as docker reads it ({@code source=}, {@code type=file}; the id
     * defaults to the file's name): the id and the file.
     */
    private static String[] secret(String spec) {
        String id = null;
        String src = null;
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            String value = eq < 0 ? "" : field.substring(eq + 1);
            switch (key) {
                case "id" -> id = value;
                case "src", "source" -> src = value;
                case "type" -> {
                    if (!value.equals("file")) {
                        throw new UnsupportedOperationException("build --secret " + spec + ": berth takes secrets from files"
                                + " only (type=file), not " + value);
                    }
                }
                case "env" -> throw new UnsupportedOperationException("build --secret " + spec
                        + ": berth takes secrets from files only (src=FILE), not from the environment");
                default -> throw new IllegalArgumentException("build --secret " + spec + ": unexpected key " + key
                        + " (expected id=ID,src=FILE)");
            }
        }
        if (src == null || src.isEmpty()) {
            throw new IllegalArgumentException("build --secret " + spec + ": no src=FILE");
        }
        return new String[] {id != null && !id.isEmpty() ? id : Path.of(src).getFileName().toString(), src};
    }

    /** Options docker has that Berth's builder cannot honour: refused with the reason, before anything is built. */
    private void refuseWhatBerthCannotDo() {
        if (platform != null && !BuildPlatform.isHost(platform)) {
            throw new UnsupportedOperationException("build --platform " + platform + ": berth builds for this host's "
                    + BuildPlatform.host() + " only (it emulates no other architecture)");
        }
        if (network != null && !List.of("default", "bridge", "none", "host").contains(network)) {
            throw new UnsupportedOperationException("build --network " + network
                    + ": berth's RUN steps have the network default (the default bridge), none or host");
        }
        if (!List.of("auto", "tty", "plain", "quiet").contains(progress)) {
            throw new UnsupportedOperationException("build --progress " + progress + ": berth prints auto, tty, plain or quiet");
        }
    }

    /** Docker's classic builder output: {@code Step N/M : INSTRUCTION}, {@code ---> Using cache}. */
    private static final class Steps implements BuildListener {
        private final BuildWarnings warnings;

        Steps(BuildWarnings warnings) {
            this.warnings = warnings;
        }

        @Override
        public void warning(int number, String message) {
            if (number == 0) {
                warnings.add(message);
            } else {
                System.out.println(" ---> [Warning] " + message);
            }
        }

        @Override
        public void stepStarted(int number, int total, String instruction) {
            System.out.println("Step " + number + "/" + total + " : " + instruction);
        }

        @Override
        public void stepCached(int number, int total, String instruction) {
            System.out.println(" ---> Using cache");
        }

        @Override
        public void stepFinished(int number, int total, String instruction, Duration took) {
            System.out.println(" ---> done in " + took.toMillis() + " ms");
        }

        @Override
        public void output(int number, String line) {
            System.out.println(" | " + line);
        }
    }
}
