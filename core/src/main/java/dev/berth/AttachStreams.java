package dev.berth;

/**
 * Which of a container's standard streams its creator said a client attaches to, as Docker's
 * {@code Config.AttachStdin}, {@code AttachStdout} and {@code AttachStderr}
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerCreate">ContainerCreate</a>):
 * {@code docker run} in the foreground sets stdout and stderr, {@code -i} stdin too, {@code -d}
 * none. Berth records them for inspect; the attach itself is {@link Container#attach(boolean)}.
 *
 * @param stdin Docker's {@code AttachStdin}
 * @param stdout Docker's {@code AttachStdout}
 * @param stderr Docker's {@code AttachStderr}
 */
public record AttachStreams(boolean stdin, boolean stdout, boolean stderr) {
    /** None: a detached {@code docker run -d}, and containers created before Berth recorded them. */
    public static final AttachStreams NONE = new AttachStreams(false, false, false);
}
