package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** What needs no root: option values, sizes as Docker prints them, and one-line error messages. */
class CliParsingTest {
    @Test
    void memorySizesTakeDockersSuffixes() {
        assertEquals(64L << 20, RunOptions.bytes("64m"));
        assertEquals(1L << 30, RunOptions.bytes("1g"));
        assertEquals(512L << 10, RunOptions.bytes("512K"));
        assertEquals(1000, RunOptions.bytes("1000"));
        assertEquals(2L << 20, RunOptions.bytes("2mb"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunOptions.bytes("lots"));
        assertEquals("invalid size \"lots\": expected a number with b, k, m or g", e.getMessage());
    }

    @Test
    void sizesAndAgesReadAsDockersDo() {
        assertEquals("999B", Human.size(999));
        assertEquals("2.13MB", Human.size(2_130_000));
        assertEquals("1.5kB", Human.size(1500));
        assertEquals("12 seconds", Human.duration(java.time.Duration.ofSeconds(12)));
        assertEquals("About a minute", Human.duration(java.time.Duration.ofSeconds(70)));
        assertEquals("3 hours", Human.duration(java.time.Duration.ofHours(3)));
    }

    @Test
    void errorsBecomeOneLineNamingWhatFailed() {
        assertEquals("no such file or directory: /x/y", ErrorLine.message(new NoSuchFileException("/x/y")));
        assertEquals("no such file or directory: /x/y",
                ErrorLine.message(new UncheckedIOException(new NoSuchFileException("/x/y"))));
        assertEquals("first; second", ErrorLine.message(new IllegalStateException("first\n  second")));
        assertEquals("NullPointerException", ErrorLine.message(new NullPointerException()));
    }

    @Test
    void badOptionsExitWith125() {
        assertEquals(125, Main.run("run", "--no-such-option", "img"));
        assertEquals(125, Main.run("stop"));
        assertEquals(0, Main.run("--version"));
    }

    @Test
    void onlyTheVerbACommandLineNamesIsBuilt() {
        assertEquals("ps", VerbLine.verbWord("ps", "-a"));
        assertEquals("images", VerbLine.verbWord("--home", "/x", "--debug", "images"));
        assertEquals("run", VerbLine.verbWord("--home=/x", "run", "img", "ps"));
        assertEquals(null, VerbLine.verbWord("--version"));

        picocli.CommandLine one = new picocli.CommandLine(new BerthCommand());
        VerbLine.register(one, BerthCommand.verbs(), "--home", "/x", "ps", "-a");
        assertEquals(java.util.Set.of("ps"), one.getSubcommands().keySet());

        picocli.CommandLine help = new picocli.CommandLine(new BerthCommand());
        VerbLine.register(help, BerthCommand.verbs(), "--help");
        assertEquals(BerthCommand.verbs().size(), help.getSubcommands().size(), "berth --help lists every verb");

        picocli.CommandLine typo = new picocli.CommandLine(new BerthCommand());
        VerbLine.register(typo, BerthCommand.verbs(), "pss");
        assertEquals(BerthCommand.verbs().size(), typo.getSubcommands().size(), "an unknown verb gets picocli's suggestions");

        picocli.CommandLine version = new picocli.CommandLine(new BerthCommand());
        VerbLine.register(version, BerthCommand.verbs(), "-V");
        assertEquals(0, version.getSubcommands().size());
        assertEquals(125, Main.run("pss"));
        assertEquals(0, Main.run("ps", "--help"));
    }
}
