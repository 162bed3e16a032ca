package dev.berth.overlayfs.driver;

import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a user without root can have overlay: the kernel allows overlay mounts in a user
 * namespace since 5.11 (and some distributions earlier), which a trial from the JVM cannot show,
 * since the mount happens in the stage-1 helper's user namespace. So the trial is a launch with
 * an overlay root over an empty lower layer and a command that does not exist: when the launch
 * fails at {@code execve}, the overlay was mounted; when it fails before, it was not.
 */
final class UserNamespaceOverlayTrial {
    private static final String MISSING = "/berth-overlay-trial";

    private UserNamespaceOverlayTrial() {
    }

    /**
     * Whether the launch failed at a step after the root's overlay mount, which then worked: at
     * {@code execve}, or at a later mount (a pod's masked /proc makes the kernel refuse "mount
     * proc", which says nothing about overlay and must not make the choice, kept in the home, vfs).
     */
    static boolean afterTheOverlay(String step) {
        if (step == null || step.startsWith("mount overlay")) {
            return false;
        }
        for (String later : List.of("execve", "mount ", "bind ", "mask ", "readonly ", "remount ", "mknod ", "symlink ",
                "mkdir ", "pivot_root", "umount old root")) {
            if (step.startsWith(later)) {
                return true;
            }
        }
        return false;
    }

    /** Empty when overlay mounts in a user namespace here, else why not (the failing step and errno). */
    static Optional<String> refusal(Launcher launcher, Path scratch) {
        Path trial = null;
        try {
            Files.createDirectories(scratch);
            trial = Files.createTempDirectory(scratch, "userns-overlay-probe-");
            RootFs root = RootFs.overlay(List.of(Files.createDirectory(trial.resolve("lower"))),
                    Files.createDirectory(trial.resolve("upper")), Files.createDirectory(trial.resolve("work")),
                    Files.createDirectory(trial.resolve("merged")));
            ProcessSpec spec = ProcessSpec.builder(List.of(MISSING)).name("berth-overlay-trial").rootfs(root).build();
            try (IsolatedProcess p = launcher.launch(spec)) {
                p.waitFor();
                return Optional.empty(); // it ran something after all: the root was there
            } catch (LaunchException e) {
                return afterTheOverlay(e.step()) ? Optional.empty() : Optional.of(String.valueOf(e.getMessage()));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } finally {
            if (trial != null) {
                try {
                    FileTrees.delete(trial);
                } catch (IOException e) {
                    // a probe directory left in scratch is harmless
                }
            }
        }
    }
}
