package dev.berth.namespaces.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs a classic BPF seccomp program over one {@code struct seccomp_data} the way the kernel
 * does (only the instructions the compiler emits; anything else fails the test). Also checks
 * that every jump lands inside the program.
 */
final class BpfInterpreter {
    private final ByteBuffer prog;
    private final int length;

    BpfInterpreter(byte[] program) {
        this.prog = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        this.length = program.length / 8;
    }

    int length() {
        return length;
    }

    /** How many instructions the last {@link #run} executed. */
    int steps() {
        return steps;
    }

    private int steps;

    /** The value the program returns for a call of {@code nr} on {@code arch} with {@code args}. */
    int run(int arch, int nr, long... args) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, arch).putLong(8, 0x401000L);
        for (int i = 0; i < args.length; i++) {
            data.putLong(16 + 8 * i, args[i]);
        }
        int a = 0;
        int pc = 0;
        for (int steps = 0; steps <= length; steps++) {
            if (pc < 0 || pc >= length) {
                throw new AssertionError("program ran off its end at " + pc);
            }
            int code = prog.getShort(pc * 8) & 0xffff;
            int jt = prog.get(pc * 8 + 2) & 0xff;
            int jf = prog.get(pc * 8 + 3) & 0xff;
            int k = prog.getInt(pc * 8 + 4);
            pc++;
            switch (code) {
                case BpfAssembler.LD_W_ABS -> {
                    if (k < 0 || k > 60 || k % 4 != 0) {
                        throw new AssertionError("bad load offset " + k);
                    }
                    a = data.getInt(k);
                }
                case BpfAssembler.ALU_AND_K -> a &= k;
                case BpfAssembler.JMP_JA -> pc += k;
                case BpfAssembler.JMP_JEQ_K -> pc += a == k ? jt : jf;
                case BpfAssembler.JMP_JGT_K -> pc += Integer.compareUnsigned(a, k) > 0 ? jt : jf;
                case BpfAssembler.JMP_JGE_K -> pc += Integer.compareUnsigned(a, k) >= 0 ? jt : jf;
                case BpfAssembler.RET_K -> {
                    this.steps = steps + 1;
                    return k;
                }
                default -> throw new AssertionError("unexpected opcode 0x" + Integer.toHexString(code));
            }
        }
        throw new AssertionError("program did not return (loop?)");
    }
}
