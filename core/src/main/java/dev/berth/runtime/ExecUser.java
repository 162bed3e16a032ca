package dev.berth.runtime;

import java.util.List;

/**
 * Who a container process runs as: what Docker puts in the OCI runtime spec's
 * <a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md#user">process.user</a>
 * (uid, gid and additionalGids, which start with the primary gid) and the {@code HOME} that runc
 * sets when the environment has none.
 */
public record ExecUser(int uid, int gid, List<Integer> additionalGids, String home) {
    public ExecUser {
        additionalGids = List.copyOf(additionalGids);
    }
}
