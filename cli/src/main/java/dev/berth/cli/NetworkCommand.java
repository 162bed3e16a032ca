package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.Network;
import dev.berth.NetworkSpec;
import dev.berth.dockerapi.networks.NetworkJson;
import dev.berth.dockerapi.networks.PredefinedNetworks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth network}: Berth's bridge networks, and docker's predefined {@code host} and
 * {@code none}, which are network modes in Berth and listed as dockerd lists them
 * (<a href="https://docs.docker.com/reference/cli/docker/network/">docker network</a>).
 */
@Command(name = "network", description = "Manage networks",
        subcommands = {NetworkCommand.Ls.class, NetworkCommand.Create.class, NetworkCommand.Rm.class, NetworkCommand.Inspect.class,
                NetworkCommand.Connect.class, NetworkCommand.Disconnect.class, NetworkCommand.Prune.class})
final class NetworkCommand {
    @ParentCommand
    BerthCommand top;

    /** A {@code network} verb: reaches the engine through the group. */
    abstract static class Sub implements java.util.concurrent.Callable<Integer>, DockerStatus.ExitsOne {
        @ParentCommand
        NetworkCommand group;

        Berth open() throws java.io.IOException {
            return group.top.open();
        }
    }

    @Command(name = "ls", aliases = "list", description = "List networks")
    static final class Ls extends Sub {
        @picocli.CommandLine.Mixin
        ListingOptions listing;

        @Override
        public Integer call() throws Exception {
            try (Berth berth = open()) {
                ObjectListings.networks(berth, listing, System.out);
                return 0;
            }
        }
    }

    @Command(name = "create", description = "Create a network")
    static final class Create extends Sub {
        @Option(names = {"-d", "--driver"}, description = "Driver to manage the Network (berth: bridge)")
        String driver = "bridge";

        @Option(names = "--subnet", paramLabel = "CIDR", description = "Subnet in CIDR format that represents a network segment")
        String subnet;

        @Option(names = "--gateway", description = "IPv4 Gateway for the master subnet (berth: the subnet's first address)")
        String gateway;

        @Option(names = "--internal", description = "Restrict external access to the network")
        boolean internal;

        @Option(names = "--attachable", description = "Enable manual container attachment")
        boolean attachable;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata on a network")
        List<String> labels = new ArrayList<>();

        @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", description = "Set driver specific options")
        List<String> options = new ArrayList<>();

        @Option(names = "--ipv6", description = "Enable IPv6 networking")
        boolean ipv6;

        @Parameters(paramLabel = "NETWORK")
        String name;

        @Override
        public Integer call() throws Exception {
            if (!driver.equals(Network.DRIVER)) {
                throw new UnsupportedOperationException("network create --driver " + driver + ": berth has the bridge driver only");
            }
            if (ipv6) {
                throw new UnsupportedOperationException("network create --ipv6: berth's networks are IPv4 only");
            }
            if (gateway != null && (subnet == null || !gateway.equals(NetworkSpec.gatewayOf(subnet)))) {
                throw new UnsupportedOperationException("network create --gateway " + gateway
                        + ": berth's gateway is the subnet's first address; give --subnet alone");
            }
            NetworkSpec spec = NetworkSpec.defaults().withLabels(pairs(labels)).withOptions(pairs(options))
                    .withInternal(internal).withAttachable(attachable);
            if (subnet != null) {
                spec = spec.withSubnet(subnet);
            }
            try (Berth berth = open()) {
                if (PredefinedNetworks.NAMES.contains(name)) {
                    throw new IllegalStateException("network with name " + name + " already exists");
                }
                System.out.println(berth.createNetwork(name, spec).id());
                return 0;
            }
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove one or more networks")
    static final class Rm extends Sub {
        @Option(names = {"-f", "--force"}, description = "Do not error if the network does not exist")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "NETWORK")
        List<String> networks;

        @Override
        public Integer call() throws Exception {
            try (Berth berth = open()) {
                return DockerStatus.eachOf(networks, name -> {
                    if (berth.network(name).isEmpty()) {
                        if (PredefinedNetworks.find(name).isPresent()) {
                            throw new IllegalStateException(PredefinedNetworks.find(name).get()
                                    + " is a pre-defined network and cannot be removed");
                        }
                        if (!force) {
                            throw new IllegalArgumentException("network " + name + " not found");
                        }
                        return;
                    }
                    berth.removeNetwork(name);
                });
            }
        }
    }

    @Command(name = "inspect", description = "Display detailed information on one or more networks")
    static final class Inspect extends Sub {
        @Parameters(arity = "1..*", paramLabel = "NETWORK")
        List<String> networks;

        @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a Go template, or 'json'")
        String format;

        @Override
        public Integer call() throws Exception {
            try (Berth berth = open()) {
                if (format != null && !format.isEmpty()) {
                    int code = new Inspector(berth, false, false).print(networks, Inspector.Kind.NETWORK,
                            "json".equals(format) ? "{{json .}}" : format, System.out, System.err);
                    System.out.flush();
                    return code;
                }
                return DockerJson.inspect(networks, name -> berth.network(name).map(n -> NetworkJson.of(n, id -> true))
                        .or(() -> PredefinedNetworks.find(name).map(NetworkJson::predefined)), name -> "No such network: " + name);
            }
        }
    }

    @Command(name = "connect", description = "Connect a container to a network")
    static final class Connect extends Sub {
        @Option(names = "--alias", paramLabel = "ALIAS", description = "Add network-scoped alias for the container")
        List<String> aliases = new ArrayList<>();

        @Option(names = "--ip", description = "IPv4 address (e.g., 172.30.100.104)")
        String ip;

        @Parameters(index = "0", paramLabel = "NETWORK")
        String network;

        @Parameters(index = "1", paramLabel = "CONTAINER")
        String container;

        @Override
        public Integer call() throws Exception {
            if (ip != null) {
                throw new UnsupportedOperationException("network connect --ip: berth gives each container the next free"
                        + " address of the network");
            }
            try (Berth berth = open()) {
                Containers.find(berth, container).connect(find(berth, network).name(), aliases.toArray(String[]::new));
                return 0;
            }
        }
    }

    @Command(name = "disconnect", description = "Disconnect a container from a network")
    static final class Disconnect extends Sub {
        @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network")
        boolean force;

        @Parameters(index = "0", paramLabel = "NETWORK")
        String network;

        @Parameters(index = "1", paramLabel = "CONTAINER")
        String container;

        @Override
        public Integer call() throws Exception {
            try (Berth berth = open()) {
                Network n = find(berth, network);
                Container c = Containers.find(berth, container);
                try {
                    c.disconnect(n.name());
                } catch (RuntimeException notConnected) {
                    if (!force) {
                        throw notConnected;
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "prune", description = "Remove all unused networks")
    static final class Prune extends Sub {
        @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
        boolean force;

        @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Provide filter values (until=TIME, label=KEY[=VALUE], label!=...)")
        List<String> filters = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Predicate<Network> which = PruneFilter.parse(filters, Network::created, Network::labels);
            if (!force && !Confirmation.ask("WARNING! This will remove all custom networks not used by at least one container.")) {
                return 0;
            }
            try (Berth berth = open()) {
                List<String> removed = berth.pruneNetworks(which);
                if (!removed.isEmpty()) {
                    System.out.println("Deleted Networks:");
                    removed.forEach(System.out::println);
                    System.out.println();
                }
                return 0;
            }
        }
    }

    /** The network {@code name} names, or docker's error. */
    static Network find(Berth berth, String name) throws java.io.IOException {
        return berth.network(name).orElseThrow(() -> new IllegalArgumentException("network " + name + " not found"));
    }

    /** {@code KEY=VALUE} options as a map; a KEY alone maps to "". */
    static Map<String, String> pairs(List<String> options) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String o : options) {
            int eq = o.indexOf('=');
            m.put(eq < 0 ? o : o.substring(0, eq), eq < 0 ? "" : o.substring(eq + 1));
        }
        return m;
    }
}
