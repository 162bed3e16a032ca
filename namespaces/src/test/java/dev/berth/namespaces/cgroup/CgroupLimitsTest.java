package dev.berth.namespaces.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CgroupLimitsTest {
    @Test
    void noLimitsNeedNoController() {
        CgroupLimits none = CgroupLimits.none();
        assertTrue(none.isEmpty());
        assertEquals(Set.of(), none.requiredControllers());
        assertEquals(OptionalLong.empty(), none.memoryBytes());
        assertEquals(OptionalLong.empty(), none.cpuPeriodMicros(), "no period without a quota");
    }

    @Test
    void eachLimitNamesTheControllerItNeeds() {
        CgroupLimits limits = CgroupLimits.builder().memoryBytes(32L << 20).pidsMax(8).cpuShares(512).build();
        assertEquals(Set.of(CgroupController.MEMORY, CgroupController.PIDS, CgroupController.CPU),
                limits.requiredControllers());
        assertEquals(OptionalLong.of(33_554_432), limits.memoryBytes());
        assertEquals(OptionalLong.of(8), limits.pidsMax());
    }

    @Test
    void cpusBecomeAQuotaOfTheDefaultPeriod() {
        CgroupLimits limits = CgroupLimits.builder().cpus(1.5).build();
        assertEquals(OptionalLong.of(150_000), limits.cpuQuotaMicros());
        assertEquals(OptionalLong.of(100_000), limits.cpuPeriodMicros());
        assertEquals(OptionalLong.of(1_000), CgroupLimits.builder().cpus(0.01).build().cpuQuotaMicros());
    }

    @Test
    void valuesTheKernelWouldRefuseFailInTheBuilder() {
        CgroupLimits.Builder b = CgroupLimits.builder();
        assertThrows(IllegalArgumentException.class, () -> b.memoryBytes(0));
        assertThrows(IllegalArgumentException.class, () -> b.pidsMax(-1));
        assertThrows(IllegalArgumentException.class, () -> b.cpus(0.001));
        assertThrows(IllegalArgumentException.class, () -> b.cpus(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> b.cpus(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> b.cpuQuota(500, 100_000));
        assertThrows(IllegalArgumentException.class, () -> b.cpuQuota(50_000, 2_000_000));
        assertThrows(IllegalArgumentException.class, () -> b.cpuShares(1));
        assertThrows(IllegalArgumentException.class, () -> b.cpuShares(262_145));
    }

    @Test
    void sharesMapToWeightsKeepingTheDefaultsAndTheEnds() {
        assertEquals(1, CgroupLimits.weightOfShares(2));
        assertEquals(100, CgroupLimits.weightOfShares(1024), "v1 default maps to v2 default");
        assertEquals(10_000, CgroupLimits.weightOfShares(262_144));
        long half = CgroupLimits.weightOfShares(512);
        long twice = CgroupLimits.weightOfShares(2048);
        assertTrue(half > 1 && half < 100 && twice > 100 && twice < 10_000, half + " " + twice);
        assertEquals(OptionalLong.of(100), CgroupLimits.builder().cpuShares(1024).build().cpuWeight());
    }

    @Test
    void equalLimitsAreEqual() {
        CgroupLimits a = CgroupLimits.builder().memoryBytes(1024).cpus(2).build();
        CgroupLimits b = CgroupLimits.builder().cpuQuota(200_000, 100_000).memoryBytes(1024).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, CgroupLimits.none());
        assertEquals("CgroupLimits[memory=1024B, cpu=200000/100000us]", a.toString());
    }
}
