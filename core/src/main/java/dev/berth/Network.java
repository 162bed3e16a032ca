package dev.berth;

import java.util.List;

/**
 * A user-defined bridge network ({@code docker network create},
 * <a href="https://docs.docker.com/reference/cli/docker/network/create/">network create</a>):
 * containers on it reach each other by container name, hostname or alias.
 *
 * @param name the network's name
 * @param subnet IPv4 CIDR its addresses come from
 * @param gateway the bridge's address, the containers' default route
 * @param bridge the Linux bridge's interface name
 * @param containers the names of the containers attached now
 */
public record Network(String name, String subnet, String gateway, String bridge, List<String> containers) {
    public Network {
        containers = List.copyOf(containers);
    }
}
