package dev.berth.dockerapi.networks;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /networks/create} (moby's {@code network.CreateRequest}). */
record NetworkCreateRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("CheckDuplicate") Boolean checkDuplicate,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("EnableIPv6") Boolean enableIpv6,
        @JsonProperty("IPAM") Ipam ipam,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    record Ipam(@JsonProperty("Driver") String driver, @JsonProperty("Config") List<IpamConfig> config,
            @JsonProperty("Options") Map<String, String> options) {
    }

    record IpamConfig(@JsonProperty("Subnet") String subnet, @JsonProperty("IPRange") String ipRange,
            @JsonProperty("Gateway") String gateway) {
    }
}
