package dev.berth.namespaces.userns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootlessNetworkTest {
    @TempDir
    Path dir;

    private Path program(String name) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void withoutAProgramTheReasonNamesSlirp4netnsAndItsPackage() {
        Optional<String> why = RootlessNetwork.unavailable(dir.toString(), Path.of("/dev/null"));
        assertTrue(why.isPresent());
        assertTrue(why.get().startsWith("slirp4netns (package slirp4netns) is not installed"), why.get());
        assertTrue(why.get().contains("network none"), why.get());
    }

    @Test
    void pastaAloneIsNamedButNotUsed() throws IOException {
        program("pasta");
        assertEquals(Optional.of(dir.resolve("pasta")), RootlessNetwork.program(dir.toString()));
        assertEquals(Optional.empty(), RootlessNetwork.slirp4netns(dir.toString()));
        Optional<String> why = RootlessNetwork.unavailable(dir.toString(), Path.of("/dev/null"));
        assertTrue(why.isPresent() && why.get().startsWith("only pasta (package passt) is installed, but Berth runs"
                + " slirp4netns"), why.toString());
        assertTrue(why.get().contains("install package slirp4netns"), why.get());
    }

    @Test
    void slirp4netnsIsPreferredAndATunDeviceThatCannotBeOpenedIsTheReason() throws IOException {
        program("pasta");
        program("slirp4netns");
        assertEquals(Optional.of(dir.resolve("slirp4netns")), RootlessNetwork.program("/nonexistent:" + dir));
        Optional<String> why = RootlessNetwork.unavailable(dir.toString(), dir.resolve("no-tun"));
        assertTrue(why.isPresent() && why.get().startsWith("slirp4netns needs " + dir.resolve("no-tun")), why.toString());
        assertTrue(why.get().contains("missing") && why.get().contains("setfacl -m u:"), why.get());
        Path tun = Files.writeString(dir.resolve("tun"), "");
        assertEquals(Optional.empty(), RootlessNetwork.unavailable(dir.toString(), tun));
    }
}
