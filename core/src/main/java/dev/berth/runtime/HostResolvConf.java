package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The host's resolv.conf, the one place containers' resolvers are read from, as Docker picks it
 * ({@link EtcFiles#readHostResolvConf}: {@code /etc/resolv.conf}, or systemd-resolved's upstream
 * list when that only names its local stub). Read afresh each time: the host may change it.
 */
public final class HostResolvConf {
    private final Path etcResolvConf;
    private final Path systemdResolvConf;

    /** Reads {@code etcResolvConf}, or {@code systemdResolvConf} behind systemd-resolved's stub. */
    public HostResolvConf(Path etcResolvConf, Path systemdResolvConf) {
        this.etcResolvConf = etcResolvConf;
        this.systemdResolvConf = systemdResolvConf;
    }

    /** This host's: {@code /etc/resolv.conf} and {@code /run/systemd/resolve/resolv.conf}. */
    public static HostResolvConf system() {
        return new HostResolvConf(Path.of("/etc/resolv.conf"), Path.of("/run/systemd/resolve/resolv.conf"));
    }

    /** The text of the file in effect; empty when there is none. */
    public String read() throws IOException {
        return EtcFiles.readHostResolvConf(etcResolvConf, systemdResolvConf);
    }
}
