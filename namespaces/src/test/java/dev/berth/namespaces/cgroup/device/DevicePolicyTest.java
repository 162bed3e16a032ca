package dev.berth.namespaces.cgroup.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule list (Docker's defaults) and the eBPF program compiled from it, run by {@link EbpfInterpreter}. */
class DevicePolicyTest {
    private static final DevicePolicy DOCKER = DevicePolicy.dockerDefault();

    @Test
    void dockerDefaultsAllowTheUsualDevicesAndMknodOfAnyButNoOtherOpen() {
        for (int[] d : new int[][] {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}, {136, 0}, {136, 7}, {10, 200}}) {
            assertTrue(DOCKER.allows(DeviceType.CHAR, d[0], d[1], "rwm"), d[0] + ":" + d[1]);
        }
        // A loop device, loop-control, tty1, a disk (sda, nvme0n1), /dev/mem and /dev/kmsg: no open.
        assertFalse(DOCKER.allows(DeviceType.BLOCK, 7, 0, "r"));
        assertFalse(DOCKER.allows(DeviceType.CHAR, 10, 237, "r"));
        assertFalse(DOCKER.allows(DeviceType.CHAR, 4, 1, "w"));
        assertFalse(DOCKER.allows(DeviceType.BLOCK, 8, 0, "r"));
        assertFalse(DOCKER.allows(DeviceType.BLOCK, 259, 0, "rw"));
        assertFalse(DOCKER.allows(DeviceType.CHAR, 1, 1, "r"));
        assertFalse(DOCKER.allows(DeviceType.CHAR, 1, 11, "r"));
        // The null numbers as a block device are another device.
        assertFalse(DOCKER.allows(DeviceType.BLOCK, 1, 3, "r"));
        // mknod of anything, but mknod with open needs both in one rule.
        assertTrue(DOCKER.allows(DeviceType.BLOCK, 8, 0, "m"));
        assertTrue(DOCKER.allows(DeviceType.CHAR, 4, 1, "m"));
        assertFalse(DOCKER.allows(DeviceType.CHAR, 4, 1, "rm"));
    }

    @Test
    void v1WritesDenyEverythingThenAllowEachRule() {
        List<String[]> writes = DOCKER.v1Writes();
        assertEquals(List.of("devices.deny", "a"), List.of(writes.get(0)));
        assertEquals(List.of("devices.allow", "c *:* m"), List.of(writes.get(1)));
        assertEquals(List.of("devices.allow", "c 10:200 rwm"), List.of(writes.get(writes.size() - 1)));
        assertEquals(DOCKER.rules().size() + 1, writes.size());
    }

    @Test
    void anAddedRuleIsAllowedOnceAndTheDefaultsStayAsTheyWere() {
        DevicePolicy more = DOCKER.allow(DeviceRule.parse("b 7:0 r"));
        assertTrue(more.allows(DeviceType.BLOCK, 7, 0, "r"));
        assertFalse(more.allows(DeviceType.BLOCK, 7, 0, "w"));
        assertFalse(DOCKER.allows(DeviceType.BLOCK, 7, 0, "r"));
        assertSame(more, more.allow(DeviceRule.parse("b 7:0 r")));
        assertEquals(DOCKER.rules().size() + 1, more.rules().size());
    }

    @Test
    void theProgramAnswersAsThePolicyForEveryTypeAccessAndNumber() {
        DevicePolicy policy = DOCKER.allow(DeviceRule.parse("b 7:0 r")).allow(DeviceRule.parse("c 10:* w"))
                .allow(DeviceRule.parse("a 4:* m"));
        byte[] program = policy.program();
        int[][] numbers = {{1, 3}, {1, 5}, {1, 1}, {1, 9}, {4, 1}, {5, 0}, {5, 1}, {5, 2}, {5, 3}, {7, 0}, {7, 1},
            {8, 0}, {10, 200}, {10, 237}, {136, 0}, {136, 99}, {259, 0}};
        int checked = 0;
        for (DeviceType type : new DeviceType[] {DeviceType.CHAR, DeviceType.BLOCK}) {
            for (int access = 1; access <= 7; access++) {
                String letters = ((access & 2) != 0 ? "r" : "") + ((access & 4) != 0 ? "w" : "") + ((access & 1) != 0 ? "m" : "");
                for (int[] n : numbers) {
                    boolean expected = policy.allows(type, n[0], n[1], letters);
                    long r0 = EbpfInterpreter.run(program, type.bpfValue() | access << 16, n[0], n[1]);
                    assertEquals(expected ? 1 : 0, r0, type + " " + n[0] + ":" + n[1] + " " + letters);
                    checked++;
                }
            }
        }
        assertEquals(2 * 7 * numbers.length, checked);
    }

    @Test
    void denyAllCompilesToAProgramThatReturnsZero() {
        byte[] program = DevicePolicy.denyAll().program();
        assertEquals(0, EbpfInterpreter.run(program, DeviceType.CHAR.bpfValue() | 2 << 16, 1, 3));
        assertEquals(0, EbpfInterpreter.run(program, DeviceType.CHAR.bpfValue() | 1 << 16, 1, 3));
    }

    @Test
    void theDockerDefaultProgramTestsOnlyWhatEachRuleNeeds() {
        // 6 loads, then per rule: type (1), access (3 unless rwm), major, minor (unless *), mov+exit (2); then mov+exit.
        int expected = 6 + 2;
        for (DeviceRule r : DOCKER.rules()) {
            expected += 1 + (r.accessBits() == 7 ? 0 : 3) + (r.major() == DeviceRule.ANY ? 0 : 1)
                    + (r.minor() == DeviceRule.ANY ? 0 : 1) + 2;
        }
        assertEquals(expected * 8, DOCKER.program().length);
        assertEquals(DeviceProgram.assembler(DOCKER).size() * 8, DOCKER.program().length);
    }
}
