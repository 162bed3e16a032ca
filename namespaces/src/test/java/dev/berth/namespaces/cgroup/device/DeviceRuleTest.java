package dev.berth.namespaces.cgroup.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceRuleTest {
    @Test
    void rulesParseAndPrintInTheV1Syntax() {
        DeviceRule null3 = DeviceRule.parse("c 1:3 rwm");
        assertEquals(DeviceType.CHAR, null3.type());
        assertEquals(1, null3.major());
        assertEquals(3, null3.minor());
        assertEquals("rwm", null3.access());
        assertEquals("c 1:3 rwm", null3.toString());
        assertEquals("b *:* m", DeviceRule.parse("  b   *:*  m ").toString());
        assertEquals("c 136:* rw", DeviceRule.parse("c 136:* wr").toString());
        assertEquals(DeviceRule.ANY, DeviceRule.parse("a *:* r").major());
        assertEquals(DeviceRule.parse("c 1:3 rwm"), DeviceRule.allow(DeviceType.CHAR, 1, 3, "mrw"));
    }

    @Test
    void badRulesAreRefusedNamingWhatIsWrong() {
        assertMessage("c 1:3", "is not of the form 'TYPE MAJOR:MINOR ACCESS'");
        assertMessage("x 1:3 rw", "type 'x' is not a (all), c (char) or b (block)");
        assertMessage("c one:3 rw", "the major 'one' is not a number or '*'");
        assertMessage("c 1:-3 rw", "the minor '-3' is not a number or '*'");
        assertMessage("c 1:3:4 rw", "'1:3:4' is not MAJOR:MINOR");
        assertMessage("c 1:3 rx", "access 'rx' must be a combination of r (read), w (write) and m (mknod)");
        assertMessage("c 1:3 rr", "each at most once");
        assertMessage("c 4096:0 r", "the major 4096 is outside 0..4095");
        assertMessage("c 1:1048576 r", "the minor 1048576 is outside 0..1048575");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> DeviceRule.allow(DeviceType.CHAR, 1, 3, ""));
        assertTrue(empty.getMessage().contains("the access is empty"), empty.getMessage());
    }

    private static void assertMessage(String rule, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceRule.parse(rule));
        assertTrue(e.getMessage().contains("\"" + rule + "\"") && e.getMessage().contains(expected), e.getMessage());
    }
}
