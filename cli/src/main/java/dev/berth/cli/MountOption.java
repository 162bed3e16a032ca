package dev.berth.cli;

import dev.berth.ContainerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --mount type=bind|volume|tmpfs,source=…,target=…[,readonly]…}, read as the Docker CLI
 * reads it (<a href="https://docs.docker.com/engine/storage/bind-mounts/#options-for---mount">--mount
 * options</a>), with its messages, and mapped onto the builder's binds, volumes and tmpfs. What
 * Berth's mounts cannot be (shared or slave propagation, a tmpfs of another mode) is refused with
 * the reason.
 */
final class MountOption {
    private static final Set<String> PROPAGATIONS = Set.of("rprivate", "private", "rshared", "shared", "rslave", "slave");

    private String type = "volume";
    private String source = "";
    private String target = "";
    private boolean readOnly;
    private String propagation;
    private boolean bindOption;
    private boolean volumeOption;
    private boolean tmpfsOption;
    private long tmpfsSize;
    private Integer tmpfsMode;

    private MountOption() {
    }

    /** Adds the mount {@code spec} describes to {@code b}. */
    static void apply(ContainerBuilder<?> b, String spec) {
        MountOption m;
        try {
            m = parse(spec);
        } catch (IllegalArgumentException e) {
            throw new FlagError("--mount", spec, e.getMessage(), e);
        }
        m.addTo(b);
    }

    static MountOption parse(String spec) {
        MountOption m = new MountOption();
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : field.substring(eq + 1);
            if (value == null && !Set.of("readonly", "ro", "volume-nocopy", "bind-nonrecursive").contains(key)) {
                throw new IllegalArgumentException("invalid field '" + field + "' must be a key=value pair");
            }
            switch (key) {
                case "type" -> m.type = value.toLowerCase(Locale.ROOT);
                case "source", "src" -> m.source = value;
                case "target", "dst", "destination" -> m.target = value;
                case "readonly", "ro" -> m.readOnly = bool(key, value);
                case "consistency" -> { } // macOS only; nothing on Linux, as docker
                case "bind-propagation" -> {
                    m.bindOption = true;
                    m.propagation = value.toLowerCase(Locale.ROOT);
                }
                case "volume-nocopy" -> {
                    m.volumeOption = true;
                    bool(key, value); // Berth never copies the image's files into a volume: nocopy is what it does
                }
                case "tmpfs-size" -> {
                    m.tmpfsOption = true;
                    try {
                        m.tmpfsSize = RunOptions.bytes(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("invalid value for " + key + ": " + value, e);
                    }
                }
                case "tmpfs-mode" -> {
                    m.tmpfsOption = true;
                    try {
                        m.tmpfsMode = Integer.parseInt(value, 8);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("invalid value for " + key + ": " + value, e);
                    }
                }
                case "bind-nonrecursive", "bind-recursive", "volume-driver", "volume-label", "volume-opt", "volume-subpath",
                        "image-subpath", "bind-create-mountpoint", "tmpfs-options" ->
                        throw new UnsupportedOperationException("--mount " + key + ": Berth does not support this option"
                                + " (its binds are recursive and private, its volumes are local directories)");
                default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        if (m.target.isEmpty()) {
            throw new IllegalArgumentException("target is required");
        }
        if (m.volumeOption && !m.type.equals("volume")) {
            throw new IllegalArgumentException("cannot mix 'volume-*' options with mount type '" + m.type + "'");
        }
        if (m.bindOption && !m.type.equals("bind")) {
            throw new IllegalArgumentException("cannot mix 'bind-*' options with mount type '" + m.type + "'");
        }
        if (m.tmpfsOption && !m.type.equals("tmpfs")) {
            throw new IllegalArgumentException("cannot mix 'tmpfs-*' options with mount type '" + m.type + "'");
        }
        return m;
    }

    /** {@code readonly} alone is true; else true/false/1/0, as Go's strconv.ParseBool. */
    private static boolean bool(String key, String value) {
        if (value == null) {
            return true;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "t", "true" -> true;
            case "0", "f", "false" -> false;
            default -> throw new IllegalArgumentException("invalid value for " + key + ": " + value);
        };
    }

    private void addTo(ContainerBuilder<?> b) {
        if (!target.startsWith("/")) {
            throw invalid("invalid mount path: '" + target + "' mount path must be absolute");
        }
        switch (type) {
            case "bind" -> {
                if (source.isEmpty()) {
                    throw invalid("field Source must not be empty");
                }
                if (propagation != null && !PROPAGATIONS.contains(propagation)) {
                    throw invalid("invalid propagation mode: " + propagation);
                }
                if (propagation != null && !propagation.endsWith("private")) {
                    throw new UnsupportedOperationException("--mount bind-propagation=" + propagation + ": Berth's binds are"
                            + " private (mounts never propagate between the container and the host); use rprivate");
                }
                Path host = Path.of(source).toAbsolutePath();
                if (!Files.exists(host)) {
                    throw invalid("bind source path does not exist: " + host);
                }
                b.bind(host, target, readOnly);
            }
            case "volume" -> b.volume(source.isEmpty() ? anonymousName() : source, target, readOnly);
            case "tmpfs" -> {
                if (!source.isEmpty()) {
                    throw invalid("field Source must not be specified");
                }
                if (tmpfsMode != null && tmpfsMode != 01777) {
                    throw new UnsupportedOperationException("--mount tmpfs-mode=" + Integer.toOctalString(tmpfsMode)
                            + ": Berth's tmpfs mounts are mode 1777 (world-writable, sticky)");
                }
                if (readOnly) {
                    throw new UnsupportedOperationException("--mount type=tmpfs,readonly: Berth's tmpfs mounts are writable");
                }
                if (tmpfsSize > 0) {
                    b.tmpfs(target, tmpfsSize);
                } else {
                    b.tmpfs(target);
                }
            }
            default -> throw invalid("mount type unknown");
        }
    }

    /** The daemon's words for a mount it cannot make: {@code invalid mount config for type "bind": …}. */
    private IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("invalid mount config for type \"" + type + "\": " + why);
    }

    /** An anonymous volume's name: 64 random hex digits, as docker's. */
    private static String anonymousName() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
