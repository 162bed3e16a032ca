package dev.berth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Lets {@link UnprivilegedUser#NAME} open {@code /dev/net/tun} for the length of a test, which
 * slirp4netns needs: on this machine the device is mode 0600 root, so a user cannot open it.
 * Grants with an ACL entry ({@code setfacl -m u:berthtest:rw}) and removes exactly that entry
 * on close, saying so both times. Root only.
 */
public final class TunAccess implements AutoCloseable {
    private static final Path TUN = Path.of("/dev/net/tun");

    private TunAccess() {
    }

    /** Grants access, or says why it cannot (no setfacl, no device, or setfacl failed). */
    public static Result grant() throws IOException {
        if (!Files.exists(TUN)) {
            return new Result(null, TUN + " does not exist");
        }
        if (UnprivilegedUser.run("sh", "-c", "command -v setfacl").exitCode() != 0) {
            return new Result(null, "setfacl (package acl) is not installed, so " + UnprivilegedUser.NAME
                    + " cannot be given " + TUN);
        }
        UnprivilegedUser.Result r = UnprivilegedUser.run("setfacl", "-m", "u:" + UnprivilegedUser.NAME + ":rw", TUN.toString());
        if (r.exitCode() != 0) {
            return new Result(null, "setfacl -m u:" + UnprivilegedUser.NAME + ":rw " + TUN + " failed: " + r.output().strip());
        }
        System.out.println("granted " + UnprivilegedUser.NAME + " rw on " + TUN + " (setfacl) for the rootless network tests");
        return new Result(new TunAccess(), null);
    }

    /** Removes the ACL entry again. */
    @Override
    public void close() throws IOException {
        UnprivilegedUser.Result r = UnprivilegedUser.run("setfacl", "-x", "u:" + UnprivilegedUser.NAME, TUN.toString());
        if (r.exitCode() != 0) {
            throw new IOException("setfacl -x u:" + UnprivilegedUser.NAME + " " + TUN + " failed: " + r.output().strip());
        }
        System.out.println("removed the ACL entry of " + UnprivilegedUser.NAME + " from " + TUN + " (setfacl -x)");
    }

    /** The grant ({@link #access()} present) or why there is none. */
    public record Result(TunAccess granted, String reason) {
        public Optional<TunAccess> access() {
            return Optional.ofNullable(granted);
        }
    }
}
