package dev.berth.namespaces.seccomp;

import java.util.List;

/**
 * One entry of a profile's {@code syscalls}: the action for the named system calls when every
 * argument condition holds, limited by {@code includes}/{@code excludes}.
 */
public record SyscallRule(List<String> names, SeccompAction action, List<ArgCondition> args,
        RuleScope includes, RuleScope excludes) {
    public SyscallRule {
        names = List.copyOf(names);
        args = List.copyOf(args);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a seccomp rule needs at least one syscall name");
        }
    }

    /** An unconditional rule for {@code names}. */
    public static SyscallRule of(SeccompAction action, String... names) {
        return new SyscallRule(List.of(names), action, List.of(), RuleScope.NONE, RuleScope.NONE);
    }

    public SyscallRule withArgs(ArgCondition... conditions) {
        return new SyscallRule(names, action, List.of(conditions), includes, excludes);
    }

    public SyscallRule including(RuleScope scope) {
        return new SyscallRule(names, action, args, scope, excludes);
    }

    public SyscallRule excluding(RuleScope scope) {
        return new SyscallRule(names, action, args, includes, scope);
    }
}
