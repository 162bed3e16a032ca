package dev.berth.namespaces.cgroup.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EbpfAssemblerTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void instructionsAreEncodedAsStructBpfInsnOnALittleEndianHost() {
        byte[] code = new EbpfAssembler()
                .loadWord(2, 1, 0)      // ldxw r2, [r1+0]
                .loadWord(4, 1, 4)      // ldxw r4, [r1+4]
                .and32(2, 0xffff)       // and32 r2, 0xffff
                .rsh32(3, 16)           // rsh32 r3, 16
                .mov32Register(1, 3)    // mov32 r1, r3
                .mov32(0, 1)            // mov32 r0, 1
                .exit()
                .assemble(ByteOrder.LITTLE_ENDIAN);
        assertEquals("6112000000000000" + "6114040000000000" + "54020000ffff0000" + "7403000010000000"
                + "bc31000000000000" + "b400000001000000" + "9500000000000000", hex(code));
    }

    @Test
    void onABigEndianHostTheRegisterNibblesAndNumbersSwap() {
        byte[] code = new EbpfAssembler().loadWord(2, 1, 4).mov32(0, 1).assemble(ByteOrder.BIG_ENDIAN);
        assertEquals("6121000400000000" + "b400000000000001", hex(code));
    }

    @Test
    void aJumpCountsInstructionsFromTheOneAfterIt() {
        byte[] code = new EbpfAssembler()
                .jumpIfNotEqual(4, 7, "deny")   // 0: skips 1 and 2
                .mov32(0, 1).exit()             // 1, 2
                .label("deny").mov32(0, 0).exit()
                .assemble(ByteOrder.LITTLE_ENDIAN);
        assertEquals("5504020007000000", hex(code).substring(0, 16));
        assertEquals(40, code.length);
    }

    @Test
    void aNegativeImmediateIsWrittenAsTwosComplement() {
        assertArrayEquals(new byte[] {0x54, 0x01, 0, 0, (byte) 0xf8, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new EbpfAssembler().and32(1, ~7).assemble(ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void aJumpToALabelNeverPlacedOrBehindItIsRefused() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> new EbpfAssembler().jumpIfNotEqual(2, 1, "nowhere").exit().assemble());
        assertTrue(missing.getMessage().contains("nowhere, which is never placed"), missing.getMessage());
        IllegalStateException backwards = assertThrows(IllegalStateException.class,
                () -> new EbpfAssembler().label("top").jumpIfNotEqual(2, 1, "top").exit().assemble());
        assertTrue(backwards.getMessage().contains("not ahead"), backwards.getMessage());
        assertThrows(IllegalStateException.class, () -> new EbpfAssembler().label("x").label("x"));
        IllegalArgumentException register = assertThrows(IllegalArgumentException.class, () -> new EbpfAssembler().mov32(11, 0));
        assertTrue(register.getMessage().contains("r11"), register.getMessage());
    }
}
