package dev.berth.overlayfs.driver;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.userns.UserNamespaceMap;
import dev.berth.overlayfs.LayerStack;
import dev.berth.overlayfs.MergedCopy;
import dev.berth.overlayfs.UserNamespaceJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The copy driver's root for a user without root whose layers hold files it may not read (a
 * 0700 directory of container uid 1000, a subordinate id on the host): the same
 * {@link MergedCopy} runs in a {@link UserNamespaceJvm}, as root of the user's namespace, where
 * those files can be read and their owners, modes and capabilities set again.
 */
public final class UserNamespaceCopy {
    /** Reading others' files, writing into their directories, and giving the copies their owners back. */
    private static final List<Capability> CAPABILITIES = List.of(Capability.CHOWN, Capability.DAC_OVERRIDE,
            Capability.DAC_READ_SEARCH, Capability.FOWNER, Capability.FSETID, Capability.SETFCAP);

    private UserNamespaceCopy() {
    }

    /** Copies the merged view of {@code layers} (highest first) into the new directory {@code target}. */
    static void copy(Launcher launcher, UserNamespaceMap map, List<Path> layers, Path target) throws IOException {
        List<String> args = new ArrayList<>(List.of(target.toString()));
        layers.forEach(l -> args.add(l.toString()));
        UserNamespaceJvm.run(launcher, map, CAPABILITIES, "copy the layers into " + target, OutputStream.nullOutputStream(),
                UserNamespaceCopy.class, args);
    }

    /** The side in the namespace: {@code args} are the target, then the layers, highest first. */
    public static void main(String[] args) throws IOException {
        List<Path> layers = Arrays.stream(args, 1, args.length).map(Path::of).toList();
        Syscalls sys = Host.system().syscalls(); // this JVM's entry point
        new MergedCopy(sys).copy(new LayerStack(sys, layers).root(), Path.of(args[0]));
        System.exit(0);
    }
}
