package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.cli.format.NetworkRows;
import dev.berth.cli.format.VolumeRows;
import dev.berth.dockerapi.EngineJson;
import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code network ls} and {@code volume ls} as docker prints them, for the verbs that list
 * networks and volumes: the Engine API's list answer with the {@code --filter}s, through
 * {@code --format}, {@code -q} printing names of volumes and short ids of networks.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/network/ls/">docker network ls</a>
 * @see <a href="https://docs.docker.com/reference/cli/docker/volume/ls/">docker volume ls</a>
 */
final class ObjectListings {
    private ObjectListings() {
    }

    static void networks(Berth berth, ListingOptions options, PrintStream out) throws IOException {
        var format = options.format(NetworkRows.COLUMNS, "{{.ID}}", System.err);
        ListingOptions.print(format, NetworkRows.of(EngineJson.networks(berth, options.filters()), !options.noTrunc),
                NetworkRows.COLUMNS, out);
    }

    static void volumes(Berth berth, ListingOptions options, PrintStream out) throws IOException {
        var format = options.format(VolumeRows.COLUMNS, "{{.Name}}", System.err);
        ListingOptions.print(format, VolumeRows.of(EngineJson.volumes(berth, options.filters())), VolumeRows.COLUMNS, out);
    }
}
