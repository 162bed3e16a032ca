package dev.berth.namespaces.launch;

/**
 * Attaches a user-mode network stack such as
 * <a href="https://github.com/rootless-containers/slirp4netns">slirp4netns</a> to a process's new
 * network namespace between its creation and the start of its command. slirp4netns needs the
 * namespace to exist (it is named by the process's pid) and the command must not run before
 * {@code tap0} is configured, or an immediate {@code wget} fails; the stage-1 helper therefore
 * holds the child at this gate (wire tag 26) while {@link #open} runs.
 */
@FunctionalInterface
public interface NetworkGate {
    /**
     * Called on the launching thread once the process's namespaces exist and its id maps are
     * written, before any of its command runs; returns once its network is ready. A throw
     * fails the launch (nothing is left running) with this exception as the cause.
     *
     * @param pid the process's pid in this JVM's pid namespace
     * @param exitFd the read end of a pipe whose only write end the stage-1 helper holds until
     *        the process has ended: it hangs up then, even when this JVM is gone, which is what
     *        slirp4netns's {@code --exit-fd} wants. The launcher closes it after this returns;
     *        a program that should keep it gets a copy of it when spawned.
     */
    void open(int pid, int exitFd) throws Exception;
}
