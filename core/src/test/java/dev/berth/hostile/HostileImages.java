package dev.berth.hostile;

import dev.berth.BusyboxImage;
import dev.berth.image.oci.RuntimeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Images whose content is the attack: busybox with one more layer, written entry by entry (no root
 * is needed to write a tar that holds device nodes or set-uid files). Stored beside the suite's
 * busybox by whichever JVM prepares a mode's home.
 */
final class HostileImages {
    /** Device nodes in {@code /hostile}: {@link #DEVICE_NODES}, each mode 0666. */
    static final String DEVICES = "berth.test/hostile-devices:1";
    /** The probe at {@link #SUID_PROBE}, owned by root, mode 04755. */
    static final String SUID = "berth.test/hostile-suid:1";
    /** /etc/passwd, group, hosts and resolv.conf as symlinks to host paths; a regular /etc/shadow. */
    static final String SYMLINKED_ETC = "berth.test/hostile-etc:1";

    static final String SUID_PROBE = "/usr/local/bin/suid-probe";
    static final String IMAGE_SHADOW = "image's own shadow\n";

    /** name, type, major, minor: a loop device, loop-control, tty1; the host's disk is added by {@link #store}. */
    static final List<String[]> DEVICE_NODES = List.of(
            new String[] {"loop0", "b", "7", "0"},
            new String[] {"loop-control", "c", "10", "237"},
            new String[] {"tty1", "c", "4", "1"});

    private HostileImages() {
    }

    /** The device nodes of {@link #DEVICES}: {@link #DEVICE_NODES} and "disk", the host's first disk. */
    static List<String[]> deviceNodes() throws IOException {
        String[] disk = HostDisk.numbers();
        List<String[]> all = new java.util.ArrayList<>(DEVICE_NODES);
        all.add(new String[] {"disk", "b", disk[0], disk[1]});
        return all;
    }

    /** Stores the three images in {@code home}, building their layers in {@code scratch}. */
    static void store(Path home, Path scratch, Path probe) throws IOException {
        RuntimeConfig config = new RuntimeConfig(null, Set.of(), List.of("PATH=/usr/local/bin:/usr/bin:/bin"), null,
                List.of("sh"), null, "/", Map.of(), null, null, null, null, null);

        Path devices = scratch.resolve("hostile-devices.tar");
        try (TarArchiveOutputStream tar = open(devices)) {
            directory(tar, "hostile/");
            for (String[] n : deviceNodes()) {
                TarArchiveEntry e = new TarArchiveEntry("hostile/" + n[0],
                        n[1].equals("b") ? TarConstants.LF_BLK : TarConstants.LF_CHR);
                e.setMode(0666);
                e.setDevMajor(Integer.parseInt(n[2]));
                e.setDevMinor(Integer.parseInt(n[3]));
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        }
        BusyboxImage.store(home, Files.createDirectories(scratch.resolve("devices")), DEVICES, config, List.of(devices));

        Path suid = scratch.resolve("hostile-suid.tar");
        try (TarArchiveOutputStream tar = open(suid)) {
            directory(tar, "usr/");
            directory(tar, "usr/local/");
            directory(tar, "usr/local/bin/");
            byte[] bytes = Files.readAllBytes(probe);
            TarArchiveEntry e = new TarArchiveEntry(SUID_PROBE.substring(1));
            e.setMode(04755);
            e.setSize(bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        BusyboxImage.store(home, Files.createDirectories(scratch.resolve("suid")), SUID, config, List.of(suid));

        Path etc = scratch.resolve("hostile-etc.tar");
        try (TarArchiveOutputStream tar = open(etc)) {
            directory(tar, "etc/");
            symlink(tar, "etc/passwd", "/etc/shadow");
            symlink(tar, "etc/group", "../../../../etc/group");
            symlink(tar, "etc/hosts", "/etc/shadow");
            symlink(tar, "etc/resolv.conf", "../../../../etc/passwd");
            byte[] shadow = IMAGE_SHADOW.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("etc/shadow");
            e.setMode(0644);
            e.setSize(shadow.length);
            tar.putArchiveEntry(e);
            tar.write(shadow);
            tar.closeArchiveEntry();
        }
        BusyboxImage.store(home, Files.createDirectories(scratch.resolve("etc")), SYMLINKED_ETC, config, List.of(etc));
    }

    private static TarArchiveOutputStream open(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        return tar;
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_DIR);
        e.setMode(0755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
