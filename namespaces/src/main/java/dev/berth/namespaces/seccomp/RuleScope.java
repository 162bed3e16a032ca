package dev.berth.namespaces.seccomp;

import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.linux.Arch;
import java.util.Set;

/**
 * The {@code includes} or {@code excludes} of a Docker profile rule: capabilities, architectures
 * (Docker's Go names such as {@code amd64}, {@code arm64}) and a minimum kernel version.
 * An empty scope says nothing.
 */
public record RuleScope(Set<Capability> caps, Set<String> arches, String minKernel) {
    public static final RuleScope NONE = new RuleScope(Set.of(), Set.of(), null);

    public RuleScope {
        caps = Set.copyOf(caps);
        arches = Set.copyOf(arches);
    }

    public static RuleScope caps(Capability... caps) {
        return new RuleScope(Set.of(caps), Set.of(), null);
    }

    public static RuleScope arches(String... arches) {
        return new RuleScope(Set.of(), Set.of(arches), null);
    }

    public boolean isEmpty() {
        return caps.isEmpty() && arches.isEmpty() && minKernel == null;
    }

    /** Includes: every stated condition holds (the rule applies). */
    boolean allHold(Arch arch, Set<Capability> kept, String kernel) {
        return kept.containsAll(caps) && (arches.isEmpty() || arches.contains(goName(arch)))
                && (minKernel == null || KernelVersion.atLeast(kernel, minKernel));
    }

    /** Excludes: some stated condition holds (the rule is dropped). */
    boolean anyHolds(Arch arch, Set<Capability> kept, String kernel) {
        return caps.stream().anyMatch(kept::contains) || arches.contains(goName(arch))
                || (minKernel != null && KernelVersion.atLeast(kernel, minKernel));
    }

    /** Docker names architectures as Go does. */
    static String goName(Arch arch) {
        return arch == Arch.X86_64 ? "amd64" : "arm64";
    }
}
