package dev.berth.namespaces.cgroup.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes the few eBPF instructions a device program needs, with forward jumps to named labels.
 * Each instruction is 8 bytes: opcode, destination and source register (4 bits each), a signed
 * 16-bit offset and a signed 32-bit immediate, in the host's byte order as the kernel reads them
 * ({@code struct bpf_insn}). A jump's offset counts instructions from the one after it.
 *
 * <p>This is eBPF, unlike the classic BPF of seccomp filters ({@code seccomp.BpfAssembler}).
 *
 * @see <a href="https://docs.kernel.org/bpf/standardization/instruction-set.html">BPF Instruction
 *      Set Architecture</a>
 */
public final class EbpfAssembler {
    /** Instruction classes, operations and modes used here (the kernel's BPF_* constants). */
    static final int CLASS_LDX = 0x01;
    static final int CLASS_ALU = 0x04;
    static final int CLASS_JMP = 0x05;
    static final int SIZE_W = 0x00;
    static final int MODE_MEM = 0x60;
    static final int SOURCE_K = 0x00;
    static final int SOURCE_X = 0x08;
    static final int OP_AND = 0x50;
    static final int OP_RSH = 0x70;
    static final int OP_MOV = 0xb0;
    static final int OP_JNE = 0x50;
    static final int OP_EXIT = 0x90;

    /** One instruction; {@code label} is set on a jump whose offset is resolved at the end. */
    private record Insn(int opcode, int dst, int src, int offset, int imm, String label) {
    }

    private final List<Insn> code = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    /** {@code dst = *(u32 *)(src + offset)}: a 32-bit load, zero-extended. */
    public EbpfAssembler loadWord(int dst, int src, int offset) {
        return add(new Insn(CLASS_LDX | SIZE_W | MODE_MEM, reg(dst), reg(src), offset, 0, null));
    }

    /** {@code w_dst &= imm} (32-bit). */
    public EbpfAssembler and32(int dst, int imm) {
        return add(new Insn(CLASS_ALU | OP_AND | SOURCE_K, reg(dst), 0, 0, imm, null));
    }

    /** {@code w_dst >>= imm} (32-bit, logical). */
    public EbpfAssembler rsh32(int dst, int imm) {
        return add(new Insn(CLASS_ALU | OP_RSH | SOURCE_K, reg(dst), 0, 0, imm, null));
    }

    /** {@code w_dst = imm} (32-bit, upper half zeroed). */
    public EbpfAssembler mov32(int dst, int imm) {
        return add(new Insn(CLASS_ALU | OP_MOV | SOURCE_K, reg(dst), 0, 0, imm, null));
    }

    /** {@code w_dst = w_src} (32-bit, upper half zeroed). */
    public EbpfAssembler mov32Register(int dst, int src) {
        return add(new Insn(CLASS_ALU | OP_MOV | SOURCE_X, reg(dst), reg(src), 0, 0, null));
    }

    /** {@code if dst != imm goto label}; the label must be placed later. */
    public EbpfAssembler jumpIfNotEqual(int dst, int imm, String label) {
        return add(new Insn(CLASS_JMP | OP_JNE | SOURCE_K, reg(dst), 0, 0, imm, label));
    }

    /** Returns {@code r0} to the kernel. */
    public EbpfAssembler exit() {
        return add(new Insn(CLASS_JMP | OP_EXIT, 0, 0, 0, 0, null));
    }

    /** Places {@code label} at the next instruction. */
    public EbpfAssembler label(String label) {
        if (labels.putIfAbsent(label, code.size()) != null) {
            throw new IllegalStateException("label " + label + " placed twice");
        }
        return this;
    }

    /** The number of instructions so far. */
    public int size() {
        return code.size();
    }

    /** The program in the kernel's encoding, jumps resolved. */
    public byte[] assemble() {
        return assemble(ByteOrder.nativeOrder());
    }

    /** The program in {@code order}: the kernel reads {@code struct bpf_insn} in the host's order. */
    byte[] assemble(ByteOrder order) {
        ByteBuffer out = ByteBuffer.allocate(code.size() * 8).order(order);
        for (int i = 0; i < code.size(); i++) {
            Insn in = code.get(i);
            int offset = in.offset;
            if (in.label != null) {
                Integer target = labels.get(in.label);
                if (target == null || target <= i) {
                    throw new IllegalStateException("jump at " + i + " to " + in.label
                            + (target == null ? ", which is never placed" : ", which is not ahead of it"));
                }
                offset = target - i - 1;
                if (offset > Short.MAX_VALUE) {
                    throw new IllegalStateException("jump at " + i + " to " + in.label + " is too far: " + offset);
                }
            }
            out.put((byte) in.opcode);
            // The register byte is a C bit-field pair: dst in the low nibble on little-endian hosts.
            out.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? in.src << 4 | in.dst : in.dst << 4 | in.src));
            out.putShort((short) offset);
            out.putInt(in.imm);
        }
        return out.array();
    }

    private EbpfAssembler add(Insn insn) {
        if (insn.offset < Short.MIN_VALUE || insn.offset > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset out of range: " + insn.offset);
        }
        code.add(insn);
        return this;
    }

    private static int reg(int r) {
        if (r < 0 || r > 10) {
            throw new IllegalArgumentException("no eBPF register r" + r + " (r0 to r10)");
        }
        return r;
    }
}
