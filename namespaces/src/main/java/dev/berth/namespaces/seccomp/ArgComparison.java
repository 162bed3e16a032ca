package dev.berth.namespaces.seccomp;

/**
 * Emits the BPF for one 64-bit argument comparison. Classic BPF has a 32-bit accumulator, so
 * the upper and lower halves of {@code seccomp_data.args[i]} (little-endian on x86_64 and
 * aarch64) are compared in turn, as libseccomp does; a half whose test is always true is left
 * out. Falls through when the condition holds and jumps to {@code fail} otherwise.
 */
final class ArgComparison {
    private ArgComparison() {
    }

    static void emit(BpfAssembler a, ArgCondition c, BpfAssembler.Label fail) {
        int lo = SeccompCompiler.OFF_ARGS + 8 * c.index();
        int hi = lo + 4;
        int vHi = (int) (c.value() >>> 32);
        int vLo = (int) c.value();
        BpfAssembler.Label ok = new BpfAssembler.Label();
        switch (c.op()) {
            case EQ -> {
                a.load(hi);
                a.jump(BpfAssembler.JMP_JEQ_K, vHi, null, fail);
                a.load(lo);
                a.jump(BpfAssembler.JMP_JEQ_K, vLo, null, fail);
            }
            case NE -> {
                a.load(hi);
                a.jump(BpfAssembler.JMP_JEQ_K, vHi, null, ok);
                a.load(lo);
                a.jump(BpfAssembler.JMP_JEQ_K, vLo, fail, null);
            }
            case MASKED_EQ -> {
                int mHi = vHi;
                int mLo = vLo;
                int dHi = (int) (c.valueTwo() >>> 32);
                int dLo = (int) c.valueTwo();
                if (mHi != 0 || dHi != 0) {
                    a.load(hi);
                    if (mHi != -1) {
                        a.and(mHi);
                    }
                    a.jump(BpfAssembler.JMP_JEQ_K, dHi, null, fail);
                }
                a.load(lo);
                if (mLo != -1) {
                    a.and(mLo);
                }
                a.jump(BpfAssembler.JMP_JEQ_K, dLo, null, fail);
            }
            case GT, GE -> {
                a.load(hi);
                a.jump(BpfAssembler.JMP_JGT_K, vHi, ok, null);
                a.jump(BpfAssembler.JMP_JEQ_K, vHi, null, fail);
                a.load(lo);
                int op = c.op() == ArgCondition.Op.GT ? BpfAssembler.JMP_JGT_K : BpfAssembler.JMP_JGE_K;
                a.jump(op, vLo, null, fail);
            }
            case LT, LE -> {
                // LT is "not GE", LE is "not GT".
                a.load(hi);
                a.jump(BpfAssembler.JMP_JGT_K, vHi, fail, null);
                a.jump(BpfAssembler.JMP_JEQ_K, vHi, null, ok);
                a.load(lo);
                int op = c.op() == ArgCondition.Op.LT ? BpfAssembler.JMP_JGE_K : BpfAssembler.JMP_JGT_K;
                a.jump(op, vLo, fail, null);
            }
            default -> throw new IllegalStateException(c.op().toString());
        }
        a.bind(ok);
    }
}
