/**
 * The Docker Engine API served by Berth: {@link dev.berth.dockerapi.DockerApiServer}. The
 * endpoint packages are internal; their JSON models are opened to Jackson.
 */
module dev.berth.dockerapi {
    requires transitive dev.berth;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.berth.dockerapi;
    // docker's JSON models of networks and volumes, which berth's network and volume inspect print too
    exports dev.berth.dockerapi.networks to dev.berth.cli;
    exports dev.berth.dockerapi.volumes to dev.berth.cli;

    opens dev.berth.dockerapi.http to com.fasterxml.jackson.databind;
    opens dev.berth.dockerapi.containers to com.fasterxml.jackson.databind;
    opens dev.berth.dockerapi.exec to com.fasterxml.jackson.databind;
    opens dev.berth.dockerapi.images to com.fasterxml.jackson.databind;
    opens dev.berth.dockerapi.networks to com.fasterxml.jackson.databind;
    opens dev.berth.dockerapi.volumes to com.fasterxml.jackson.databind;
    opens dev.berth.dockerapi.system to com.fasterxml.jackson.databind;
    opens dev.berth.dockerapi.events to com.fasterxml.jackson.databind;
}
