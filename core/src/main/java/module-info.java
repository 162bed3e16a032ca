/**
 * Berth, a daemonless container engine inside the JVM: {@link dev.berth.Berth} and the
 * containers, images and networks it hands out ({@code dev.berth}), readiness checks
 * ({@code dev.berth.wait}), image references, digests and transfer progress
 * ({@code dev.berth.image}) and container logs ({@code dev.berth.log}). Those four packages are
 * the public API; the others are internal, exported only where named below.
 */
module dev.berth {
    requires transitive dev.berth.namespaces;
    requires dev.berth.overlayfs;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.compress;
    requires org.tukaani.xz; // commons-compress's xz codec, for build contexts sent as .tar.xz
    requires org.slf4j;
    requires com.google.common;
    requires java.net.http;
    requires org.eclipse.jgit; // ADD of a git repository

    exports dev.berth;
    exports dev.berth.image;
    exports dev.berth.log;
    exports dev.berth.wait;

    // The container, network and OCI bundle records Jackson reads and writes.
    opens dev.berth.runtime to com.fasterxml.jackson.databind;
    opens dev.berth.network to com.fasterxml.jackson.databind;
    opens dev.berth.bundle to com.fasterxml.jackson.databind;
    opens dev.berth.volume to com.fasterxml.jackson.databind;
}
