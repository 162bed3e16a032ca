package dev.berth.dockerapi.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code /info} and {@code /version} tell of the host, read from /proc and /etc. */
public final class HostFacts {
    private HostFacts() {}

    static String kernelVersion() {
        return read(Path.of("/proc/sys/kernel/osrelease"), "unknown");
    }

    static String hostname() {
        return read(Path.of("/proc/sys/kernel/hostname"), "localhost");
    }

    static String operatingSystem() {
        return osRelease("PRETTY_NAME", "Linux");
    }

    static String osVersion() {
        return osRelease("VERSION_ID", "");
    }

    /** Docker's name for the machine: amd64 as {@code Arch}, x86_64 as {@code Architecture}. */
    static String goArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    static String unameMachine() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            default -> arch;
        };
    }

    /** MemTotal of /proc/meminfo, in bytes; 0 when unknown. */
    public static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }

    /** "2" on a unified hierarchy, "1" on v1 or hybrid (controllers under v1), as dockerd reports. */
    static String cgroupVersion() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
    }

    private static String osRelease(String key, String dflt) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/os-release"));
            for (String line : lines) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1).replaceAll("^\"|\"$", "");
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return dflt;
    }

    private static String read(Path p, String dflt) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return dflt;
        }
    }
}
