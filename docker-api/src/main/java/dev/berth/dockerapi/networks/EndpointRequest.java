package dev.berth.dockerapi.networks;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /networks/{id}/connect} and {@code /disconnect}. */
record EndpointRequest(
        @JsonProperty("Container") String container,
        @JsonProperty("EndpointConfig") EndpointConfig endpointConfig,
        @JsonProperty("Force") boolean force) {

    record EndpointConfig(@JsonProperty("Aliases") List<String> aliases) {
    }
}
