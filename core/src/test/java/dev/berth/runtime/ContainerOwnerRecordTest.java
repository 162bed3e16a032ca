package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start records its JVM as the container's owner, rewriting the file only when another owner is recorded. */
class ContainerOwnerRecordTest {
    private static Object fileKey(Path f) throws Exception {
        return Files.readAttributes(f, BasicFileAttributes.class).fileKey();
    }

    @Test
    void theSameOwnerIsNotRewrittenAnotherOrADamagedRecordIs(@TempDir Path containers) throws Exception {
        ContainerOwner creator = new ContainerOwner(4242, 777);
        ContainerDirectory dir = ContainerDirectory.of(containers, "a".repeat(64)).create(creator);
        Path file = dir.root().resolve("owner");
        Object written = fileKey(file);

        dir.recordOwner(creator);
        assertEquals(written, fileKey(file), "the same owner was written again");
        assertEquals(Optional.of(creator), dir.readOwner());

        ContainerOwner other = new ContainerOwner(4343, 888);
        dir.recordOwner(other);
        assertEquals(Optional.of(other), dir.readOwner());
        assertNotEquals(written, fileKey(file));

        Files.writeString(file, "not an owner\n");
        dir.recordOwner(creator);
        assertEquals(Optional.of(creator), dir.readOwner());
    }
}
