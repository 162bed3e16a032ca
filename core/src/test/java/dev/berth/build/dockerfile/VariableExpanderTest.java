package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariableExpanderTest {
    private static final Map<String, String> ENV = Map.of("PWD", "/home", "EMPTY", "", "P", "/usr/local/bin",
            "V", "banana", "X", "1 2", "KOREAN", "\ud55c\uad6d\uc5b4");
    private final VariableExpander expander = new VariableExpander();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "hello | hello",
        "he'll'o | hello",
        "he\\'llo | he'llo",
        "abc\\ | abc",
        "abc\\\\ | abc\\",
        "~\"a  b\"~ | ~a  b~",
        "$PWD | /home",
        "${PWD}/x | /home/x",
        "'$PWD' | $PWD",
        "~\"$PWD\"~ | /home",
        "\\$PWD | $PWD",
        "~\"\\$PWD\"~ | $PWD",
        "~\"a\\b\"~ | a\\b",
        "${PWD:-aaa} | /home",
        "${NOPE:-aaa} | aaa",
        "${NOPE:-} | ~~",
        "${EMPTY:-x} | x",
        "${EMPTY-x} | ~~",
        "${NOPE-x} | x",
        "${PWD:+aaa} | aaa",
        "${NOPE:+aaa} | ~~",
        "${EMPTY+set} | set",
        "${EMPTY:+set} | ~~",
        "${EMPTY?} | ~~",
        "${NOPE:-${PWD:-x}} | /home",
        "${NOPE:-'a b'} | a b",
        "${PWD#/h} | ome",
        "${P#*/} | usr/local/bin",
        "${P##*/} | bin",
        "${P%/*} | /usr/local",
        "${P%%/*} | ~~",
        "${P%\\*} | /usr/local/bin",
        "${V/a/o} | bonana",
        "${V//a/o} | bonono",
        "${V/an*/X} | bX",
        "${V/?/_} | _anana",
        "$ | $",
        "a$ | a$",
        "$1x | x",
        "${PWD}${PWD} | /home/home",
        "${KOREAN} | \ud55c\uad6d\uc5b4",
    })
    void expandsLikeBuildKit(String word, String expected) {
        assertEquals(expected, expander.expand(word, ENV));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "he'llo | single-quote",
        "~\"abc~ | double-quote",
        "he\\\\'llo | single-quote",
        "${} | bad substitution",
        "${:} | bad substitution",
        "${{x} | bad substitution",
        "${PWD | missing '}'",
        "${PWD:-abc | missing '}'",
        "${PWD:x} | unsupported modifier (:x)",
        "${PWD:#x} | unsupported modifier (:#)",
        "${NOPE:?} | NOPE: is not allowed to be unset",
        "${EMPTY:?} | EMPTY: is not allowed to be empty",
        "${NOPE?custom message} | NOPE: custom message",
        "${NOPE:?must be set} | NOPE: must be set",
        "${V#\\a} | invalid escape",
    })
    void refusesWithAClearMessage(String word, String problem) {
        DockerfileException e = assertThrows(DockerfileException.class, () -> expander.expand(word, ENV));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().startsWith("failed to process "), e.getMessage());
    }

    @Test
    void splitsWordsAfterExpansion() {
        assertEquals(List.of("a", "b", "c"), expander.expandWords(" a b  c ", ENV));
        assertEquals(List.of("a b", "c"), expander.expandWords("\"a b\" c", ENV));
        assertEquals(List.of("1", "2"), expander.expandWords("$X", ENV));
        assertEquals(List.of("1 2"), expander.expandWords("\"$X\"", ENV));
        assertEquals(List.of("a1", "2b"), expander.expandWords("a${X}b", ENV));
        assertEquals(List.of("a b"), expander.expandWords("a\\ b", ENV));
        assertEquals(List.of(), expander.expandWords("$NOPE", ENV));
    }

    @Test
    void expensiveSubstitutionsAreRefusedNotHung() {
        Map<String, String> env = Map.of("BIG", "a".repeat(200_000));
        DockerfileException e = assertThrows(DockerfileException.class, () -> expander.expand("${BIG//*b/x}", env));
        assertTrue(e.getMessage().contains("too expensive"), e.getMessage());
        assertEquals("x", expander.expand("${BIG//a*/x}", env));
        assertEquals(200_000, expander.expand("${BIG%b}", env).length());
    }

    @Test
    void backtickEscape() {
        VariableExpander windows = new VariableExpander('`');
        assertEquals("a$b", windows.expand("a`$b", ENV));
        assertEquals("c:\\dir", windows.expand("c:\\dir", ENV));
        assertEquals("say \"hi\"", windows.expand("\"say `\"hi`\"\"", ENV));
    }

    @Test
    void hostileNestingIsAnErrorNotAStackOverflow() {
        String deep = "${A:-".repeat(100_000) + "x" + "}".repeat(100_000);
        DockerfileException e = assertThrows(DockerfileException.class, () -> expander.expand(deep, Map.of()));
        assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage().substring(0, 200));
        String quotes = "\"${A:-".repeat(50_000);
        assertThrows(DockerfileException.class, () -> expander.expand(quotes, Map.of()));
    }
}
