package dev.berth.network;

import static dev.berth.json.WrittenForm.bool;
import static dev.berth.json.WrittenForm.fields;
import static dev.berth.json.WrittenForm.integer;
import static dev.berth.json.WrittenForm.list;
import static dev.berth.json.WrittenForm.strings;
import static dev.berth.json.WrittenForm.text;
import static dev.berth.json.WrittenForm.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.WrittenForm.Mismatch;

/**
 * Reads a network's record ({@code networks/NAME.json}) in the form {@link NetworkStore} writes
 * it, by hand: the record Jackson's data binding makes, without building the mapper's record
 * deserializers at each start (#17: every {@code berth ps} reads the default bridge's record).
 * Anything else gives null, and the store binds the tree with Jackson as before.
 */
final class NetworkRecordTree {
    private NetworkRecordTree() {
    }

    /** The record {@code tree} holds, or null when Jackson must bind it. */
    static NetworkRecord read(JsonNode tree) {
        try {
            JsonNode n = fields(tree, "name", "subnet", "autoSubnet", "bridge", "endpoints", "id", "created", "labels",
                    "options", "internal", "attachable");
            return new NetworkRecord(text(n.get("name")), text(n.get("subnet")), bool(n.get("autoSubnet")),
                    text(n.get("bridge")), list(n.get("endpoints"), NetworkRecordTree::endpoint), text(n.get("id")),
                    text(n.get("created")), strings(n.get("labels")), strings(n.get("options")), bool(n.get("internal")),
                    bool(n.get("attachable")));
        } catch (Mismatch | IllegalArgumentException | NullPointerException e) {
            return null; // Jackson decides, as it did before this reader
        }
    }

    private static NetworkRecord.Endpoint endpoint(JsonNode n) {
        n = fields(n, "containerId", "name", "hostname", "aliases", "address", "veth", "ports", "proxied", "endpointId",
                "mac", "ifname", "requested", "portLease");
        return new NetworkRecord.Endpoint(text(n.get("containerId")), text(n.get("name")), text(n.get("hostname")),
                texts(n.get("aliases")), text(n.get("address")), text(n.get("veth")),
                list(n.get("ports"), NetworkRecordTree::port), bool(n.get("proxied")), text(n.get("endpointId")),
                text(n.get("mac")), text(n.get("ifname")), list(n.get("requested"), NetworkRecordTree::port),
                text(n.get("portLease")));
    }

    private static NetworkRecord.PortMapping port(JsonNode n) {
        n = fields(n, "protocol", "hostPort", "containerPort", "hostIp");
        return new NetworkRecord.PortMapping(text(n.get("protocol")), integer(n.get("hostPort")),
                integer(n.get("containerPort")), text(n.get("hostIp")));
    }
}
