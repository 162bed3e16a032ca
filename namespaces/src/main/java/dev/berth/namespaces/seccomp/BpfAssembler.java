package dev.berth.namespaces.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits classic BPF ({@code struct sock_filter}: u16 code, u8 jt, u8 jf, u32 k) with forward
 * jumps to labels, resolved by {@link #assemble()}. Conditional jump offsets are u8, so a
 * target more than 255 instructions ahead is an error here; callers put long jumps on
 * {@link #jumpAlways} (JA, 32-bit offset). See
 * <a href="https://www.kernel.org/doc/html/latest/networking/filter.html">the kernel's filter documentation</a>.
 */
final class BpfAssembler {
    static final int LD_W_ABS = 0x20;
    static final int ALU_AND_K = 0x54;
    static final int JMP_JA = 0x05;
    static final int JMP_JEQ_K = 0x15;
    static final int JMP_JGT_K = 0x25;
    static final int JMP_JGE_K = 0x35;
    static final int RET_K = 0x06;
    /** The kernel's BPF_MAXINSNS. */
    static final int MAX_INSTRUCTIONS = 4096;

    /** A jump target; bound to the position of the next emitted instruction. */
    static final class Label {
        private int pc = -1;
    }

    private record Insn(int code, Label jt, Label jf, int k, Label ja) {
    }

    private final List<Insn> code = new ArrayList<>();

    /** A label for the next instruction (a fall-through target). */
    Label next() {
        Label l = new Label();
        bind(l);
        return l;
    }

    void bind(Label l) {
        if (l.pc >= 0) {
            throw new IllegalStateException("label bound twice");
        }
        l.pc = code.size();
    }

    int size() {
        return code.size();
    }

    void load(int offset) {
        code.add(new Insn(LD_W_ABS, null, null, offset, null));
    }

    void and(int mask) {
        code.add(new Insn(ALU_AND_K, null, null, mask, null));
    }

    /** A conditional jump; a null label means the next instruction. */
    void jump(int op, int k, Label ifTrue, Label ifFalse) {
        code.add(new Insn(op, ifTrue, ifFalse, k, null));
    }

    void jumpAlways(Label to) {
        code.add(new Insn(JMP_JA, null, null, 0, to));
    }

    void ret(int value) {
        code.add(new Insn(RET_K, null, null, value, null));
    }

    byte[] assemble() {
        if (code.size() > MAX_INSTRUCTIONS) {
            throw new IllegalStateException("seccomp program of " + code.size() + " instructions exceeds the kernel's "
                    + MAX_INSTRUCTIONS);
        }
        ByteBuffer out = ByteBuffer.allocate(8 * code.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int pc = 0; pc < code.size(); pc++) {
            Insn i = code.get(pc);
            int k = i.ja == null ? i.k : offset(pc, i.ja, Integer.MAX_VALUE);
            out.putShort((short) i.code).put((byte) offset(pc, i.jt, 255)).put((byte) offset(pc, i.jf, 255)).putInt(k);
        }
        return out.array();
    }

    private static int offset(int pc, Label target, int max) {
        if (target == null) {
            return 0;
        }
        if (target.pc < 0) {
            throw new IllegalStateException("unbound label");
        }
        int off = target.pc - pc - 1;
        if (off < 0 || off > max) {
            throw new IllegalStateException("jump from " + pc + " to " + target.pc + " does not fit (max " + max + ")");
        }
        return off;
    }
}
