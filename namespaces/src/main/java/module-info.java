/**
 * Berth's Linux interface: namespaces, the launcher and its stage-1 helper, pidfd process
 * handles, cgroups and seccomp.
 *
 * <p>Only {@link dev.berth.namespaces.Namespace} is public API. The launcher, cgroup, process and
 * syscall packages are exported to the Berth modules built on them and to no one else (JLS
 * §7.7.2 qualified exports), so they can change with the engine.
 */
module dev.berth.namespaces {
    requires com.sun.jna;
    requires org.slf4j;

    exports dev.berth.namespaces;

    exports dev.berth.namespaces.host to dev.berth, dev.berth.overlayfs, dev.berth.samples, dev.berth.cli;
    exports dev.berth.namespaces.cgroup to dev.berth, dev.berth.samples;
    exports dev.berth.namespaces.cgroup.device to dev.berth;
    exports dev.berth.namespaces.fs to dev.berth, dev.berth.overlayfs;
    exports dev.berth.namespaces.launch to dev.berth, dev.berth.overlayfs, dev.berth.samples;
    exports dev.berth.namespaces.linux to dev.berth, dev.berth.overlayfs;
    exports dev.berth.namespaces.process to dev.berth, dev.berth.overlayfs, dev.berth.samples;
    exports dev.berth.namespaces.seccomp to dev.berth;
    exports dev.berth.namespaces.rootfs to dev.berth, dev.berth.samples;
    exports dev.berth.namespaces.userns to dev.berth, dev.berth.overlayfs;

    // JNA reads and writes the fields of Structure subclasses and proxies the Library interfaces.
    opens dev.berth.namespaces.linux to com.sun.jna;
    opens dev.berth.namespaces.process to com.sun.jna;
}
