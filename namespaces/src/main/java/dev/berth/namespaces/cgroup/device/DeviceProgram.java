package dev.berth.namespaces.cgroup.device;

import java.util.List;

/**
 * Compiles a {@link DevicePolicy} into a {@code BPF_PROG_TYPE_CGROUP_DEVICE} program, the form
 * cgroup v2 takes a device policy in (as runc and crun do). The kernel runs it on every open and
 * mknod of a device node by a process of the group, with {@code r1} pointing at
 * {@code struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; }}, where
 * access_type holds the device type in its low 16 bits and the access (BPF_DEVCG_ACC_*) in its
 * high 16; it returns 1 to allow and 0 to deny (EPERM).
 *
 * <p>The program loads type, access, major and minor into r2 to r5, then tests each rule in
 * turn and returns 1 at the first that allows the whole access; after the last, it returns 0.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#device-controller">cgroup v2:
 *      device controller</a>
 */
public final class DeviceProgram {
    /** The license the program is loaded under; it calls no GPL-only helper. */
    public static final String LICENSE = "Apache-2.0";

    private static final int R0 = 0;
    private static final int CTX = 1;
    private static final int SCRATCH = 1; // the context pointer is not needed once read
    private static final int TYPE = 2;
    private static final int ACCESS = 3;
    private static final int MAJOR = 4;
    private static final int MINOR = 5;

    private DeviceProgram() {
    }

    /** The program's instructions in the kernel's encoding. */
    public static byte[] compile(DevicePolicy policy) {
        return assembler(policy).assemble();
    }

    static EbpfAssembler assembler(DevicePolicy policy) {
        EbpfAssembler a = new EbpfAssembler()
                .loadWord(TYPE, CTX, 0).and32(TYPE, 0xffff)
                .loadWord(ACCESS, CTX, 0).rsh32(ACCESS, 16)
                .loadWord(MAJOR, CTX, 4)
                .loadWord(MINOR, CTX, 8);
        List<DeviceRule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            DeviceRule r = rules.get(i);
            String next = "rule" + (i + 1);
            if (r.type() != DeviceType.ALL) {
                a.jumpIfNotEqual(TYPE, r.type().bpfValue(), next);
            }
            if (r.accessBits() != DeviceRule.ALL_ACCESS) {
                // Allowed only if no requested bit lies outside the rule's access.
                a.mov32Register(SCRATCH, ACCESS).and32(SCRATCH, ~r.accessBits() & DeviceRule.ALL_ACCESS)
                        .jumpIfNotEqual(SCRATCH, 0, next);
            }
            if (r.major() != DeviceRule.ANY) {
                a.jumpIfNotEqual(MAJOR, r.major(), next);
            }
            if (r.minor() != DeviceRule.ANY) {
                a.jumpIfNotEqual(MINOR, r.minor(), next);
            }
            a.mov32(R0, 1).exit().label(next);
        }
        return a.mov32(R0, 0).exit();
    }
}
