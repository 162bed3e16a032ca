package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.ExecResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** The tar commands and streams of a rootless copy, recorded without a container. */
class ContainerTarTest {
    private final List<List<String>> commands = new ArrayList<>();
    private byte[] fed;

    private ContainerTar.Exec recording(int code, String stderr) {
        return (command, stdin, stdout) -> {
            commands.add(command);
            try {
                fed = stdin == null ? null : stdin.readAllBytes();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return new ExecResult(code, "", stderr);
        };
    }

    @Test
    void aFileIsOneTarEntryUnpackedAtTheRootKeepingItsMode() throws Exception {
        InputStream content = new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8));
        new ContainerTar(recording(0, "")).write("/srv/app/../conf/x.txt", content, 6, 0640);
        assertEquals(List.of(List.of("tar", "-x", "-p", "-f", "-", "-C", "/")), commands);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(fed))) {
            TarArchiveEntry e = tar.getNextEntry();
            assertEquals("srv/conf/x.txt", e.getName()); // normalised on the host, resolved in the container
            assertEquals(0640, e.getMode() & 07777);
            assertEquals("hello\n", new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anArchiveOfAPathStartsWithItsLastName() throws Exception {
        new ContainerTar(recording(0, "")).archive("/var/log/app", new ByteArrayOutputStream());
        new ContainerTar(recording(0, "")).archive("/", new ByteArrayOutputStream());
        assertEquals(List.of(List.of("tar", "-c", "-f", "-", "-C", "/var/log", "app"),
                List.of("tar", "-c", "-f", "-", "-C", "/", ".")), commands);
    }

    @Test
    void failuresSayWhatTarSaidOrThatThereIsNoTar() {
        IOException missing = assertThrows(IOException.class,
                () -> new ContainerTar(recording(127, "sh: tar: not found")).extract(new ByteArrayInputStream(new byte[0]), "/x"));
        assertTrue(missing.getMessage().contains("the image has no tar"), missing.getMessage());
        IOException failed = assertThrows(IOException.class,
                () -> new ContainerTar(recording(1, "tar: /nope: No such file or directory\n")).read("/nope", new ByteArrayOutputStream()));
        assertEquals("cannot archive /nope in the container: tar exited with 1: tar: /nope: No such file or directory",
                failed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ContainerTar(recording(0, "")).archive("relative", new ByteArrayOutputStream()));
    }
}
