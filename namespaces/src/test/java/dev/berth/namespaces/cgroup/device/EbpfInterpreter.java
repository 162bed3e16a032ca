package dev.berth.namespaces.cgroup.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs an encoded device program on a {@code struct bpf_cgroup_dev_ctx}, as the kernel would,
 * for the instructions {@link EbpfAssembler} emits; any other opcode fails the test. Decodes the
 * bytes (not the assembler's objects), so it checks the encoding as well as the logic.
 */
final class EbpfInterpreter {
    private EbpfInterpreter() {
    }

    /** r0 at exit, for a context of {@code accessType} (type | access << 16), major and minor. */
    static long run(byte[] program, int accessType, int major, int minor) {
        ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int[] ctx = {accessType, major, minor};
        long[] r = new long[11];
        r[1] = -1; // the context pointer; only loads through r1 before it is overwritten are valid
        boolean ctxInR1 = true;
        int pc = 0;
        for (int steps = 0; steps < 10_000; steps++) {
            if (pc < 0 || pc * 8 >= program.length) {
                throw new AssertionError("pc " + pc + " outside the program");
            }
            int op = code.get(pc * 8) & 0xff;
            int regs = code.get(pc * 8 + 1) & 0xff;
            int dst = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? regs & 0xf : regs >> 4;
            int src = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? regs >> 4 : regs & 0xf;
            short off = code.getShort(pc * 8 + 2);
            int imm = code.getInt(pc * 8 + 4);
            pc++;
            switch (op) {
                case 0x61 -> { // ldxw dst, [src + off]
                    if (src != 1 || !ctxInR1 || off % 4 != 0 || off < 0 || off > 8) {
                        throw new AssertionError("load from r" + src + "+" + off + " is not a context field");
                    }
                    r[dst] = ctx[off / 4] & 0xffffffffL;
                    if (dst == 1) {
                        ctxInR1 = false;
                    }
                }
                case 0x54 -> r[dst] = (r[dst] & imm) & 0xffffffffL;
                case 0x74 -> r[dst] = ((r[dst] & 0xffffffffL) >>> (imm & 31)) & 0xffffffffL;
                case 0xb4 -> {
                    r[dst] = imm & 0xffffffffL;
                    if (dst == 1) {
                        ctxInR1 = false;
                    }
                }
                case 0xbc -> {
                    r[dst] = r[src] & 0xffffffffL;
                    if (dst == 1) {
                        ctxInR1 = false;
                    }
                }
                case 0x55 -> { // jne dst, imm (imm sign-extended to 64 bits)
                    if (r[dst] != (long) imm) {
                        pc += off;
                    }
                }
                case 0x95 -> {
                    return r[0];
                }
                default -> throw new AssertionError("unexpected opcode 0x" + Integer.toHexString(op) + " at " + (pc - 1));
            }
        }
        throw new AssertionError("no exit within 10000 steps");
    }
}
