package dev.berth.namespaces.seccomp;

import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.linux.Arch;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A seccomp policy: the action for system calls no rule matches, and the rules. The default
 * profile has the effect of
 * <a href="https://docs.docker.com/engine/security/seccomp/">Docker's default profile</a>:
 * an allow-list, everything else failing with EPERM, with some calls allowed only when the
 * process keeps a capability. Rules are resolved against the kept capabilities at launch
 * ({@link #rulesFor}) and compiled by {@link SeccompCompiler}.
 */
public final class SeccompProfile {
    private static final SeccompProfile UNCONFINED = new SeccompProfile(SeccompAction.ALLOW, List.of(), true);

    private final SeccompAction defaultAction;
    private final List<SyscallRule> rules;
    private final boolean unconfined;

    private SeccompProfile(SeccompAction defaultAction, List<SyscallRule> rules, boolean unconfined) {
        this.defaultAction = Objects.requireNonNull(defaultAction);
        this.rules = List.copyOf(rules);
        this.unconfined = unconfined;
    }

    /** A profile of {@code rules} with {@code defaultAction} for every other call. */
    public static SeccompProfile of(SeccompAction defaultAction, List<SyscallRule> rules) {
        return new SeccompProfile(defaultAction, rules, false);
    }

    /** Berth's default, with the effect of Docker's default profile. */
    public static SeccompProfile defaultProfile() {
        return DefaultProfile.INSTANCE;
    }

    /** No filter at all ({@code --security-opt seccomp=unconfined}). */
    public static SeccompProfile unconfined() {
        return UNCONFINED;
    }

    /** Parses a profile in Docker's JSON format. */
    public static SeccompProfile fromDockerJson(String json) {
        return DockerProfileReader.read(json);
    }

    public boolean isUnconfined() {
        return unconfined;
    }

    public SeccompAction defaultAction() {
        return defaultAction;
    }

    public List<SyscallRule> rules() {
        return rules;
    }

    /**
     * The rules that apply on {@code arch} to a process keeping {@code caps} on kernel release
     * {@code kernel}: those whose includes all hold and whose excludes do not.
     */
    public List<SyscallRule> rulesFor(Arch arch, Set<Capability> caps, String kernel) {
        return rules.stream()
                .filter(r -> r.includes().allHold(arch, caps, kernel))
                .filter(r -> r.excludes().isEmpty() || !r.excludes().anyHolds(arch, caps, kernel))
                .toList();
    }

    @Override
    public String toString() {
        return unconfined ? "seccomp unconfined" : "seccomp profile (" + rules.size() + " rules, default " + defaultAction + ")";
    }
}
