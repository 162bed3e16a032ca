package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Docker's table, https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact,
 * with image configs as they store the forms: exec form as given, shell form as /bin/sh -c.
 */
class CommandLineTest {
    static final List<String> ENTRY_SHELL = List.of("/bin/sh", "-c", "exec_entry p1_entry");
    static final List<String> ENTRY_EXEC = List.of("exec_entry", "p1_entry");
    static final List<String> CMD_SHELL = List.of("/bin/sh", "-c", "exec_cmd p1_cmd");
    static final List<String> CMD_EXEC = List.of("exec_cmd", "p1_cmd");

    static List<String> argv(List<String> entrypoint, List<String> cmd) {
        return CommandLine.ofImage("example:1", entrypoint, cmd).argv();
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Nested
    class NoCmdRow {
        @Test
        void withoutEntrypointIsAnErrorNamingTheImage() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> argv(null, null));
            assertTrue(e.getMessage().contains("no command specified"), e.getMessage());
            assertTrue(e.getMessage().contains("example:1"), e.getMessage());
        }

        @Test
        void shellEntrypointRunsTheShell() {
            assertEquals(ENTRY_SHELL, argv(ENTRY_SHELL, null));
        }

        @Test
        void execEntrypointRunsAsGiven() {
            assertEquals(ENTRY_EXEC, argv(ENTRY_EXEC, List.of()));
        }
    }

    @Nested
    class ExecCmdRow {
        @Test
        void withoutEntrypointRunsTheCmd() {
            assertEquals(CMD_EXEC, argv(null, CMD_EXEC));
        }

        @Test
        void shellEntrypointGetsTheCmdAsUnusedShellArguments() {
            // Docker's table shows "/bin/sh -c exec_entry p1_entry": the cmd follows as $0 $1.
            assertEquals(concat(ENTRY_SHELL, CMD_EXEC), argv(ENTRY_SHELL, CMD_EXEC));
        }

        @Test
        void execEntrypointIsFollowedByTheCmd() {
            assertEquals(List.of("exec_entry", "p1_entry", "exec_cmd", "p1_cmd"), argv(ENTRY_EXEC, CMD_EXEC));
        }
    }

    @Nested
    class ShellCmdRow {
        @Test
        void withoutEntrypointRunsTheShell() {
            assertEquals(CMD_SHELL, argv(List.of(), CMD_SHELL));
        }

        @Test
        void shellEntrypointGetsTheCmdAsUnusedShellArguments() {
            assertEquals(concat(ENTRY_SHELL, CMD_SHELL), argv(ENTRY_SHELL, CMD_SHELL));
        }

        @Test
        void execEntrypointIsFollowedByTheShellCmd() {
            assertEquals(List.of("exec_entry", "p1_entry", "/bin/sh", "-c", "exec_cmd p1_cmd"), argv(ENTRY_EXEC, CMD_SHELL));
        }
    }

    @Test
    void shellFormEntrypointReallyIgnoresTheCmdWhenRun() throws Exception {
        List<String> argv = argv(List.of("/bin/sh", "-c", "echo entry \"$0\""), List.of("echo", "cmd"));
        // The cmd's first word becomes $0 and nothing runs it, as the table's middle column says.
        assertEquals("entry echo\n", run(argv));
    }

    @Test
    void execFormEntrypointReallyReceivesTheCmdAsArguments() throws Exception {
        List<String> argv = argv(List.of("/bin/sh", "-c", "echo \"$@\"", "sh"), List.of("a", "b"));
        assertEquals("a b\n", run(argv));
    }

    static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Nested
    class Overrides {
        final CommandLine image = CommandLine.ofImage("app:2", ENTRY_EXEC, CMD_EXEC);

        @Test
        void cmdOverrideReplacesTheImageCmdAndKeepsTheEntrypoint() {
            assertEquals(List.of("exec_entry", "p1_entry", "x", "y"), image.withCmd("x", "y").argv());
        }

        @Test
        void entrypointOverrideDropsTheImageCmd() {
            CommandLine c = image.withEntrypoint("/bin/true");
            assertEquals(List.of("/bin/true"), c.argv());
            assertEquals(List.of(), c.cmd());
        }

        @Test
        void entrypointAndCmdOverridesCombine() {
            assertEquals(List.of("env", "-i", "id"), image.withEntrypoint("env", "-i").withCmd("id").argv());
        }

        @Test
        void entrypointOverrideIsOneArgvElementPerString() {
            assertEquals(List.of("/usr/bin/my app"), image.withEntrypoint("/usr/bin/my app").argv());
        }

        @Test
        void emptyEntrypointOverrideClearsItButKeepsTheImageCmd() {
            CommandLine c = image.withEntrypoint();
            assertEquals(List.of(), c.entrypoint());
            assertEquals(CMD_EXEC, c.argv());
        }

        @Test
        void emptyEntrypointOverrideWithACmdOverrideRunsThatCmd() {
            assertEquals(List.of("ls"), image.withEntrypoint(List.of()).withCmd("ls").argv());
        }

        @Test
        void emptyEntrypointOverrideOnAnImageWithoutCmdIsAnError() {
            CommandLine c = CommandLine.ofImage("scratchy", ENTRY_EXEC, null).withEntrypoint();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::argv);
            assertTrue(e.getMessage().contains("scratchy"), e.getMessage());
        }

        @Test
        void emptyCmdOverrideKeepsTheImageCmd() {
            assertEquals(List.of("exec_entry", "p1_entry", "exec_cmd", "p1_cmd"), image.withCmd().argv());
        }

        @Test
        void overridesGiveACommandToAnImageWithout() {
            CommandLine bare = CommandLine.ofImage("bare", null, null);
            assertEquals(List.of("sleep", "1"), bare.withCmd("sleep", "1").argv());
            assertEquals(List.of("sleep"), bare.withEntrypoint("sleep").argv());
        }

        @Test
        void overridesLeaveTheOriginalUnchanged() {
            image.withEntrypoint("other").withCmd("z");
            assertEquals(List.of("exec_entry", "p1_entry", "exec_cmd", "p1_cmd"), image.argv());
        }
    }

    @Test
    void nullArgumentsAreRejectedWithTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandLine.ofImage("i", Arrays.asList("a", null), null));
        assertTrue(e.getMessage().contains("entrypoint"), e.getMessage());
    }
}
