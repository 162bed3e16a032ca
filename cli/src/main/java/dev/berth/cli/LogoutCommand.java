package dev.berth.cli;

import dev.berth.Berth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth logout [SERVER]}
 * (<a href="https://docs.docker.com/reference/cli/docker/logout/">docker logout</a>): removes the
 * credentials {@code login} stored for a registry (Docker Hub without SERVER) from
 * {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}, saying
 * {@code Removing login credentials for HOST} as docker does, whether or not there were any.
 */
@Command(name = "logout", description = "Log out from a registry")
final class LogoutCommand extends Verb implements DockerStatus.ExitsOne {
    /** Docker Hub's key in config.json, as docker names it here. */
    private static final String HUB = "https://index.docker.io/v1/";

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Registry host (default Docker Hub)")
    String server;

    @Override
    public Integer call() throws Exception {
        String name = server == null || server.isEmpty() ? HUB : hostname(server);
        System.out.println("Removing login credentials for " + name);
        Berth.logout(server == null || server.isEmpty() ? "docker.io" : server);
        return 0;
    }

    /** docker's ConvertToHostname: the scheme and any path dropped. */
    private static String hostname(String server) {
        String host = server.replaceFirst("^https?://", "");
        int slash = host.indexOf('/');
        return slash < 0 ? host : host.substring(0, slash);
    }
}
