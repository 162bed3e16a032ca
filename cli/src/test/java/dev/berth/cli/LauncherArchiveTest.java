package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./berth} launcher and its class-data archive: used when one this user can trust
 * matches the jar; made in the user's cache when none does; never one that another user could
 * have written, or one older than the jar. Runs a copy of the launcher and the built jar in a
 * temporary tree, so that the archives it makes and breaks are its own. Needs
 * {@code cli/target/berth.jar}: a build without {@code -Dtest} runs this class at {@code package},
 * after the jar and its archive are made; {@code -Dtest=LauncherArchiveTest} runs it on the last jar.
 */
class LauncherArchiveTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String SHARED_MAIN = "dev.berth.cli.Main source: shared objects file";

    private Path tree;
    private Path cache;
    private Path home;

    @BeforeEach
    void copyLauncherAndJar() throws IOException {
        Path jar = ROOT.resolve("cli/target/berth.jar");
        assumeTrue(Files.isRegularFile(jar), "cli/target/berth.jar is not built yet (Maven runs this test at package)");
        tree = Files.createTempDirectory("berth-launcher");
        Files.createDirectories(tree.resolve("cli/target"));
        Files.createDirectories(tree.resolve("cli/src/main/sh"));
        Files.copy(ROOT.resolve("berth"), tree.resolve("berth"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(ROOT.resolve("cli/src/main/sh/startup-archive.sh"), tree.resolve("cli/src/main/sh/startup-archive.sh"));
        Files.copy(jar, tree.resolve("cli/target/berth.jar"));
        cache = Files.createDirectory(tree.resolve("cache"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        home = Files.createDirectory(tree.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void removeTree() throws IOException, InterruptedException {
        if (tree != null) {
            new ProcessBuilder("rm", "-rf", tree.toString()).start().waitFor();
        }
    }

    @Test
    void firstRunMakesAnArchiveInTheUsersCacheAndLaterRunsMapIt() throws Exception {
        Run first = berth("ps");
        assertEquals(0, first.code, first.toString());
        assertTrue(first.out.startsWith("CONTAINER ID"), first.toString());
        Path archive = onlyArchive();
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));

        Run second = berth("ps");
        assertEquals(0, second.code, second.toString());
        assertTrue(second.classes.contains(SHARED_MAIN), "the archive is mapped:\n" + second);
        assertEquals("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n", second.out, "docker's header of an empty ps");
        assertEquals(archive, onlyArchive(), "an archive that matches is not made again");
    }

    @Test
    void anArchiveOlderThanTheJarIsReplaced() throws Exception {
        berth("images");
        Path old = onlyArchive();
        // The jar changes after the archive was made (a second later at least: mtimes in seconds).
        long changed = Files.getLastModifiedTime(old).toMillis() + 2_000;
        Thread.sleep(Math.max(0, changed + 1_000 - System.currentTimeMillis()));
        Files.setLastModifiedTime(tree.resolve("cli/target/berth.jar"), FileTime.fromMillis(changed));

        Run run = berth("images");
        assertEquals(0, run.code, run.toString());
        Path now = onlyArchive();
        assertNotEquals(old, now, "a new jar gets a new archive");
        assertFalse(Files.exists(old), "the stale one is removed");
        assertTrue(berth("images").classes.contains(SHARED_MAIN), "the new archive is mapped");
    }

    @Test
    void anArchiveOthersCouldHaveWrittenIsNeverMapped() throws Exception {
        berth("ps");
        Path archive = onlyArchive();
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path copy = tree.resolve("copy");
        Files.copy(archive, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r--r--"));

        Run run = berth("ps");
        assertEquals(0, run.code, run.toString());
        Path remade = onlyArchive();
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(remade)),
                "the writable archive is replaced by one of the launcher's");

        // A cache directory others can write: no archive is made there, and none is mapped from it.
        Files.setPosixFilePermissions(cache.resolve("berth"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.delete(remade);
        Files.copy(copy, remade, StandardCopyOption.COPY_ATTRIBUTES);
        Run open = berth("ps");
        assertEquals(0, open.code, open.toString());
        assertFalse(open.classes.contains(SHARED_MAIN), "nothing is mapped from a directory others can write:\n" + open);
        assertTrue(open.classes.contains("dev.berth.cli.Main source: file:"), open.toString());
    }

    @Test
    void theBuildsArchiveIsUsedOnlyWhenItsOwnerIsThisUserOrRoot() throws Exception {
        berth("ps");
        Path made = onlyArchive();
        String name = made.getFileName().toString();
        String version = name.substring("berth-".length(), name.indexOf('-', "berth-".length()));
        Path built = tree.resolve("cli/target/berth-" + version + name.substring(name.lastIndexOf('.')));
        Files.move(made, built);

        Run run = berth("ps");
        assertTrue(run.classes.contains(SHARED_MAIN), "the build's archive is mapped:\n" + run);
        assertEquals(List.of(), archives(), "and none is made in the cache");

        assumeTrue("root".equals(System.getProperty("user.name")), "changing a file's owner needs root");
        new ProcessBuilder("chown", "65534", built.toString()).inheritIO().start().waitFor();
        Run foreign = berth("ps");
        assertEquals(0, foreign.code, foreign.toString());
        assertEquals(1, archives().size(), "an archive of another user is ignored; one is made in the cache");
        assertTrue(berth("ps").classes.contains(SHARED_MAIN));
    }

    private List<Path> archives() throws IOException {
        Path dir = cache.resolve("berth");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("berth-.*\\.(jsa|aot)")).toList();
        }
    }

    private Path onlyArchive() throws IOException {
        List<Path> all = archives();
        assertEquals(1, all.size(), "archives in the cache: " + all);
        return all.get(0);
    }

    /** What one run of the launcher printed, and the JVM's class-loading log. */
    record Run(int code, String out, String err, String classes) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Run berth(String... args) throws IOException, InterruptedException {
        Path log = tree.resolve("classes.log");
        Files.deleteIfExists(log);
        List<String> argv = new java.util.ArrayList<>(List.of(tree.resolve("berth").toString(), "--home", home.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("XDG_CACHE_HOME", cache.toString());
        env.remove("BERTH_ARCHIVE");
        // The JDK running the tests (the launcher would prefer an installed JDK 25+, whose
        // listing verbs map a second cache): these rules are the same for every JDK.
        env.put("BERTH_JAVA_HOME", System.getProperty("java.home"));
        // Read by every JVM the launcher starts; the one that runs the command writes the log last.
        env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log);
        Process p = pb.start();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.read(p.getErrorStream()));
        String out = Cli.read(p.getInputStream());
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("./berth " + String.join(" ", args) + " did not finish in 300 s");
        }
        String classes = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return new Run(p.exitValue(), out, err.join(), classes);
    }
}
