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
            // LT is "not GE" and LE is "not GT": the same test with the outcomes swapped.
            case GT -> above(a, hi, lo, vHi, vLo, BpfAssembler.JMP_JGT_K, ok, fail);
            case GE -> above(a, hi, lo, vHi, vLo, BpfAssembler.JMP_JGE_K, ok, fail);
            case LT -> above(a, hi, lo, vHi, vLo, BpfAssembler.JMP_JGE_K, fail, ok);
            case LE -> above(a, hi, lo, vHi, vLo, BpfAssembler.JMP_JGT_K, fail, ok);
            default -> throw new IllegalStateException(c.op().toString());
        }
        a.bind(ok);
    }

    /**
     * Unsigned 64-bit "arg above value" ({@code loOp} JGT for strictly above, JGE for at least):
     * the upper halves decide unless equal, then the lower halves.
     */
    private static void above(BpfAssembler a, int hi, int lo, int vHi, int vLo, int loOp,
            BpfAssembler.Label yes, BpfAssembler.Label no) {
        BpfAssembler.Label lower = new BpfAssembler.Label();
        a.load(hi);
        a.jump(BpfAssembler.JMP_JGT_K, vHi, yes, null);
        a.jump(BpfAssembler.JMP_JEQ_K, vHi, lower, no);
        a.bind(lower);
        a.load(lo);
        a.jump(loOp, vLo, yes, no);
    }
}
