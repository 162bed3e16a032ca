package dev.berth.namespaces.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupDelegationTest {
    @TempDir
    Path root;

    private final CgroupLimits memory = CgroupLimits.builder().memoryBytes(64L << 20).build();

    @Test
    void limitsInV1HierarchiesAreRefusedNamingTheControllerAndTheLayout() {
        Optional<String> why = CgroupDelegation.refusal(SampleHosts.hybrid(root).layout(), memory);
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("memory controller is in a cgroup v1 hierarchy"), why.get());
        assertTrue(why.get().contains("HYBRID"), why.get());
        String message = CgroupDelegation.refused(memory, why.get());
        assertTrue(message.startsWith("cannot apply the memory limit (67108864 bytes) without root: "), message);
    }

    @Test
    void aV2SubtreeWithTheControllerCanBeUsedAndOneWithoutItCannot() {
        SampleHosts.Host host = SampleHosts.pureV2(root);
        assertEquals(Optional.empty(), CgroupDelegation.refusal(host.layout(), memory));
        host.fs().group("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service");
        host.fs().put(host.fs().path("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/cgroup.controllers"),
                "cpu pids");
        CgroupLayout delegated = host.layout().withV2Parent("/user.slice/user-1000.slice/user@1000.service/berth");
        Optional<String> why = CgroupDelegation.refusal(delegated, memory);
        assertTrue(why.isPresent() && why.get().contains("does not have the memory controller"), why.toString());
    }

    @Test
    void bothLimitsOfARefusalAreNamed() {
        CgroupLimits two = CgroupLimits.builder().memoryBytes(1 << 20).pidsMax(10).build();
        String m = CgroupDelegation.refused(two, "no delegation");
        assertTrue(m.contains("memory limit (1048576 bytes)") && m.contains("pids limit (10)"), m);
    }
}
