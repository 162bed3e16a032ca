package dev.berth.namespaces.seccomp;

import dev.berth.namespaces.launch.Capability;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a profile in Docker's JSON format (see
 * <a href="https://docs.docker.com/engine/security/seccomp/">Docker's seccomp documentation</a>):
 * {@code defaultAction}, {@code defaultErrnoRet}, {@code syscalls[]} with {@code names} (or the
 * older single {@code name}), {@code action}, {@code errnoRet}, {@code args[]} ({@code index},
 * {@code value}, {@code valueTwo}, {@code op}) and {@code includes}/{@code excludes}
 * ({@code caps}, {@code arches}, {@code minKernel}). {@code architectures} and {@code archMap}
 * are accepted and ignored: Berth filters the native architecture only.
 */
final class DockerProfileReader {
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private DockerProfileReader() {
    }

    static SeccompProfile read(String json) {
        Map<String, Object> doc = object(Json.parse(json), "profile");
        int defaultErrno = doc.get("defaultErrnoRet") == null ? SeccompAction.EPERM
                : (int) u64(doc.get("defaultErrnoRet"), "defaultErrnoRet");
        String defaultName = string(doc.get("defaultAction"), "defaultAction");
        SeccompAction defaultAction = SeccompAction.parse(defaultName, null, defaultErrno);
        List<SyscallRule> rules = new ArrayList<>();
        Object syscalls = doc.get("syscalls");
        if (syscalls != null) {
            for (Object o : list(syscalls, "syscalls")) {
                rules.add(rule(object(o, "syscalls[]"), defaultErrno));
            }
        }
        return SeccompProfile.of(defaultAction, rules);
    }

    private static SyscallRule rule(Map<String, Object> r, int defaultErrno) {
        List<String> names = new ArrayList<>();
        if (r.get("names") != null) {
            for (Object n : list(r.get("names"), "names")) {
                names.add(string(n, "names[]"));
            }
        }
        if (r.get("name") != null) {
            names.add(string(r.get("name"), "name"));
        }
        Integer errnoRet = r.get("errnoRet") == null ? null : (int) u64(r.get("errnoRet"), "errnoRet");
        SeccompAction action = SeccompAction.parse(string(r.get("action"), "action"), errnoRet, defaultErrno);
        List<ArgCondition> args = new ArrayList<>();
        if (r.get("args") != null) {
            for (Object o : list(r.get("args"), "args")) {
                Map<String, Object> a = object(o, "args[]");
                long valueTwo = a.get("valueTwo") == null ? 0 : u64(a.get("valueTwo"), "valueTwo");
                args.add(new ArgCondition((int) u64(a.get("index"), "index"),
                        ArgCondition.Op.parse(string(a.get("op"), "op")), u64(a.get("value"), "value"), valueTwo));
            }
        }
        return new SyscallRule(names, action, args, scope(r.get("includes")), scope(r.get("excludes")));
    }

    private static RuleScope scope(Object o) {
        if (o == null) {
            return RuleScope.NONE;
        }
        Map<String, Object> m = object(o, "includes/excludes");
        Set<Capability> caps = new HashSet<>();
        if (m.get("caps") != null) {
            for (Object c : list(m.get("caps"), "caps")) {
                caps.add(Capability.parse(string(c, "caps[]")));
            }
        }
        Set<String> arches = new HashSet<>();
        if (m.get("arches") != null) {
            for (Object a : list(m.get("arches"), "arches")) {
                arches.add(string(a, "arches[]"));
            }
        }
        String minKernel = m.get("minKernel") == null ? null : string(m.get("minKernel"), "minKernel");
        return new RuleScope(caps, arches, minKernel);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("seccomp profile: " + what + " must be an object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        if (!(o instanceof List)) {
            throw new IllegalArgumentException("seccomp profile: " + what + " must be an array");
        }
        return (List<Object>) o;
    }

    private static String string(Object o, String what) {
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException("seccomp profile: " + what + " must be a string");
        }
        return s;
    }

    /** An unsigned 64-bit integer, returned as the long with the same bits. */
    private static long u64(Object o, String what) {
        if (!(o instanceof BigDecimal d)) {
            throw new IllegalArgumentException("seccomp profile: " + what + " must be a number");
        }
        BigInteger i;
        try {
            i = d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("seccomp profile: " + what + " must be an integer: " + d, e);
        }
        if (i.signum() < 0 || i.compareTo(U64_MAX) > 0) {
            throw new IllegalArgumentException("seccomp profile: " + what + " out of range 0..2^64-1: " + d);
        }
        return i.longValue();
    }
}
