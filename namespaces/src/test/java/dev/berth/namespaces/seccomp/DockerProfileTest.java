package dev.berth.namespaces.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.linux.Arch;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Profiles in Docker's JSON format, and the JSON reader under them. */
class DockerProfileTest {
    static final String PROFILE = """
            {
              "defaultAction": "SCMP_ACT_ERRNO",
              "defaultErrnoRet": 1,
              "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"],
              "syscalls": [
                {"names": ["read", "write", "exit_group", "getpid"], "action": "SCMP_ACT_ALLOW"},
                {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
                {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
                 "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
                 "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390x"]}},
                {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                 "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]},
                {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}},
                {"names": ["set_tls"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm64"]}},
                {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "99.0"}},
                {"names": ["uname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "comment": "pretend \\"old\\""},
                {"name": "kill", "action": "SCMP_ACT_KILL_PROCESS"}
              ]
            }
            """;

    static int run(SeccompProfile p, Set<Capability> caps, String call, long... args) {
        byte[] prog = SeccompCompiler.compile(p, Arch.X86_64, caps, "6.18.0");
        return new BpfInterpreter(prog).run(SeccompCompiler.AUDIT_ARCH_X86_64,
                SyscallTable.of(Arch.X86_64).number(call).orElseThrow(), args);
    }

    @Test
    void parsesRulesWithArgsIncludesAndExcludes() {
        SeccompProfile p = SeccompProfile.fromDockerJson(PROFILE);
        assertEquals(SeccompAction.errno(1), p.defaultAction());
        assertEquals(9, p.rules().size());
        SyscallRule clone = p.rules().get(2);
        assertEquals(List.of(ArgCondition.maskedEq(0, 0x7E020000L, 0)), clone.args());
        assertEquals(Set.of(Capability.SYS_ADMIN), clone.excludes().caps());
        assertEquals(Set.of("s390x"), clone.excludes().arches());
        assertEquals(ArgCondition.eq(0, 0xffffffffL), p.rules().get(3).args().get(0));
        assertEquals(SeccompAction.errno(38), p.rules().get(7).action());
        assertEquals(List.of("kill"), p.rules().get(8).names());
    }

    @Test
    void resolvesAgainstCapabilitiesArchitectureAndKernel() {
        SeccompProfile p = SeccompProfile.fromDockerJson(PROFILE);
        int allow = SeccompAction.ALLOW.returnValue();
        int eperm = SeccompAction.errno(1).returnValue();
        assertEquals(allow, run(p, Set.of(), "read"));
        assertEquals(eperm, run(p, Set.of(), "mount"));
        assertEquals(allow, run(p, Set.of(Capability.SYS_ADMIN), "mount"));
        assertEquals(allow, run(p, Set.of(), "clone", 17));
        assertEquals(eperm, run(p, Set.of(), "clone", 0x10000000L));
        assertEquals(eperm, run(p, Set.of(Capability.SYS_ADMIN), "clone", 17), "excluded with SYS_ADMIN, none other");
        assertEquals(allow, run(p, Set.of(), "personality", 0xffffffffL));
        assertEquals(allow, run(p, Set.of(), "arch_prctl"));
        assertEquals(eperm, run(p, Set.of(), "ptrace"), "minKernel 99 not reached");
        assertEquals(SeccompAction.errno(38).returnValue(), run(p, Set.of(), "uname"));
        assertEquals(SeccompAction.KILL_PROCESS.returnValue(), run(p, Set.of(), "kill"));
        assertTrue(p.rulesFor(Arch.X86_64, Set.of(), "6.18").stream().noneMatch(r -> r.names().contains("set_tls")));
        assertTrue(p.rulesFor(Arch.AARCH64, Set.of(), "6.18").stream().anyMatch(r -> r.names().contains("set_tls")));
    }

    @Test
    void rejectsBadProfiles() {
        assertThrows(IllegalArgumentException.class, () -> SeccompProfile.fromDockerJson("{\"defaultAction\": \"SCMP_ACT_NOPE\"}"));
        assertThrows(IllegalArgumentException.class, () -> SeccompProfile.fromDockerJson("{\"syscalls\": []}"));
        assertThrows(IllegalArgumentException.class, () -> SeccompProfile.fromDockerJson(
                "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
                        + " \"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}"));
        assertThrows(IllegalArgumentException.class, () -> SeccompProfile.fromDockerJson(
                "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
                        + " \"args\": [{\"index\": 0, \"value\": -1, \"op\": \"SCMP_CMP_EQ\"}]}]}"));
        assertThrows(IllegalArgumentException.class, () -> SeccompProfile.fromDockerJson(
                "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
                        + " \"includes\": {\"caps\": [\"CAP_FLY\"]}}]}"));
    }

    @Test
    void jsonReaderHandlesTheGrammar() {
        assertEquals(Map.of("a", List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false), "b", "x\ny\u00e9\"/"),
                Json.parse(" {\"a\": [1, -2.5e3, true, false], \"b\": \"x\\ny\\u00e9\\\"\\/\"} "));
        assertEquals(new BigDecimal("18446744073709551615"), Json.parse("18446744073709551615"));
        assertEquals(List.of(), Json.parse("[]"));
        assertEquals(null, Json.parse("null"));
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "01", "1.", "\"\\x\"", "\"a\nb\"", "tru", "[1] 2",
                "{\"a\":1,\"a\":2}", "{a:1}", "\"\\u12\"")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
