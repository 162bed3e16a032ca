package dev.berth.cli;

import dev.berth.namespaces.Architectures;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code berth info}: system-wide information in the layout of
 * <a href="https://docs.docker.com/reference/cli/docker/system/info/">docker info</a>. So far the
 * architecture Berth runs as ({@code uname -m}'s name), whose stage-1 helper and kernel tables
 * it uses; the architectures the jar holds helpers for are in its manifest
 * ({@code Berth-Native-Architectures}).
 */
@Command(name = "info", description = "Display system-wide information")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println(" Architecture: " + Architectures.inUse());
        return 0;
    }
}
