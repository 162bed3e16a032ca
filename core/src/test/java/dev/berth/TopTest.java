package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.wait.Wait;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker top: a real container's processes, with ps -ef's columns or the host ps's. */
class TopTest extends BusyboxContainers {
    @Test
    void listsTheContainersProcessesWithPsColumnsAndHostPids() throws Exception {
        try (Container c = berth.container(IMAGE).user("0").command("sh", "-c", "sleep 600 & echo up; exec sleep 700")
                .waitingFor(Wait.forLogMessage(".*up.*", 1)).start()) {
            ContainerProcesses top = c.top();
            assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), top.titles());
            List<String> commands = top.processes().stream().map(r -> r.get(7)).toList();
            assertTrue(commands.contains("sleep 600") && commands.contains("sleep 700"), top.toString());
            List<String> main = top.processes().stream().filter(r -> r.get(7).equals("sleep 700")).findFirst().orElseThrow();
            // Host pids. As dockerd, only the container's processes: Berth's init (the state's pid, the
            // stage-1 helper's child) is left out, the command is its child.
            String init = Integer.toString(c.state().pid());
            assertFalse(top.processes().stream().anyMatch(r -> r.get(1).equals(init)), top.toString());
            assertFalse(commands.stream().anyMatch(cmd -> cmd.contains("berth-stage1")), top.toString());
            assertEquals(2, top.processes().size(), top.toString());
            assertEquals(init, main.get(2));
            c.stats().flatMap(st -> st.pidsCurrent().isPresent() ? java.util.Optional.of(st.pidsCurrent().getAsLong())
                    : java.util.Optional.empty()).ifPresent(pids -> assertEquals(2L, pids, "pids_stats without the init"));
            assertEquals("root", main.get(0));
            assertEquals("?", main.get(5));
            assertTrue(main.get(6).matches("\\d\\d:\\d\\d:\\d\\d"), main.get(6));
            top.processes().forEach(r -> assertEquals(8, r.size(), r.toString()));

            ContainerProcesses ps = c.top("-o pid,comm");
            assertEquals(List.of("PID", "COMMAND"), ps.titles());
            assertEquals(top.processes().size(), ps.processes().size(), ps.toString());
            assertEquals(2, ps.processes().stream().filter(r -> r.get(1).equals("sleep")).count(), ps.toString());
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> c.top("-o comm"));
            assertTrue(bad.getMessage().contains("no PID column"), bad.getMessage());
        }
    }

    @Test
    void anExitedContainerHasNoProcesses() throws Exception {
        try (Container c = berth.container(IMAGE).command("true").start()) {
            run(c);
            IllegalStateException e = assertThrows(IllegalStateException.class, c::top);
            assertTrue(e.getMessage().contains("is not running"), e.getMessage());
        }
    }
}
