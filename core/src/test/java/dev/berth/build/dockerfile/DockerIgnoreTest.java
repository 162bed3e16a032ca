package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerIgnoreTest {
    @Test
    void starStaysInOneDirectoryAndDoubleStarCrossesThem() {
        DockerIgnore ignore = DockerIgnore.parse("*.log\n**/*.tmp\n");
        assertTrue(ignore.excluded("a.log"));
        assertFalse(ignore.excluded("dir/a.log"));
        assertTrue(ignore.excluded("x.tmp"));
        assertTrue(ignore.excluded("dir/sub/x.tmp"));
        assertFalse(ignore.excluded("x.tmpl"));
    }

    @Test
    void aMatchedDirectoryExcludesEverythingBelowIt() {
        DockerIgnore ignore = DockerIgnore.parse("node_modules\n/build/\n./dist\n");
        assertTrue(ignore.excluded("node_modules"));
        assertTrue(ignore.excluded("node_modules/pkg/index.js"));
        assertFalse(ignore.excluded("src/node_modules"));
        assertTrue(ignore.excluded("build/out/app.jar"));
        assertTrue(ignore.excluded("dist/a"));
        assertEquals(List.of("node_modules", "build", "dist"), ignore.patterns());
    }

    @Test
    void exceptionsReincludeAndTheLastMatchWins() {
        DockerIgnore ignore = DockerIgnore.parse("*.md\n!README*.md\nREADME-secret.md\n");
        assertTrue(ignore.excluded("CHANGES.md"));
        assertFalse(ignore.excluded("README.md"));
        assertTrue(ignore.excluded("README-secret.md"));
        DockerIgnore everything = DockerIgnore.parse("**\n!Dockerfile\n!src/**\n");
        assertTrue(everything.excluded("target/x.class"));
        assertFalse(everything.excluded("Dockerfile"));
        assertFalse(everything.excluded("src/main/A.java"));
        assertEquals(List.of("**", "!Dockerfile", "!src/**"), everything.patterns());
    }

    @Test
    void filepathMatchSyntax() {
        DockerIgnore ignore = DockerIgnore.parse("?.txt\n[a-c].go\n[^x]y.rs\n\\*.lit\na/**/b\n");
        assertTrue(ignore.excluded("a.txt"));
        assertFalse(ignore.excluded("ab.txt"));
        assertTrue(ignore.excluded("b.go"));
        assertFalse(ignore.excluded("d.go"));
        assertTrue(ignore.excluded("zy.rs"));
        assertFalse(ignore.excluded("xy.rs"));
        assertTrue(ignore.excluded("*.lit"));
        assertFalse(ignore.excluded("a.lit"));
        assertTrue(ignore.excluded("a/b"));
        assertTrue(ignore.excluded("a/x/y/b"));
        assertFalse(ignore.excluded("a/x/y/c"));
    }

    @Test
    void closingBracketFirstInAClassIsALiteral() {
        DockerIgnore ignore = DockerIgnore.parse("[]x].txt\n[a-].md\n");
        assertTrue(ignore.excluded("].txt"));
        assertTrue(ignore.excluded("x.txt"));
        assertFalse(ignore.excluded("y.txt"));
        assertTrue(ignore.excluded("-.md"));
    }

    @Test
    void matchingTimeStaysLinearOnHostilePatterns() {
        DockerIgnore ignore = DockerIgnore.parse("*a*a*a*a*a*a*a*a*a*a*a*a*b\n**/**/**/**/**/**/**/z\n");
        String path = "a".repeat(20_000);
        long start = System.nanoTime();
        assertFalse(ignore.excluded(path));
        assertFalse(ignore.excluded("a/".repeat(2_000) + "y"));
        assertTrue(ignore.excluded("a/".repeat(2_000) + "z"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "matching took " + millis + " ms");
    }

    @Test
    void commentsBlankLinesAndPathCleaning() {
        DockerIgnore ignore = DockerIgnore.parse("\ufeff# comment\n\n   \n  secret.txt  \nlogs/../cache\n");
        assertEquals(List.of("secret.txt", "cache"), ignore.patterns());
        assertTrue(ignore.excluded("./secret.txt"));
        assertTrue(ignore.excluded("/cache/x"));
        assertFalse(ignore.excluded("logs"));
        assertFalse(ignore.excluded("."));
        assertFalse(DockerIgnore.none().excluded("anything"));
    }

    @Test
    void badPatternsNameTheirLine() {
        DockerfileException bang = assertThrows(DockerfileException.class, () -> DockerIgnore.parse("a\n!\n"));
        assertEquals(".dockerignore line 2: illegal exclusion pattern: \"!\"", bang.getMessage());
        DockerfileException bracket = assertThrows(DockerfileException.class, () -> DockerIgnore.parse("x\ny\n[ab\n"));
        assertTrue(bracket.getMessage().startsWith(".dockerignore line 3: syntax error in pattern"), bracket.getMessage());
    }

    @Test
    void readsTheContextsFile(@TempDir Path context) throws Exception {
        assertEquals(List.of(), DockerIgnore.read(context).patterns());
        Files.writeString(context.resolve(".dockerignore"), ".git\n*.iml\n");
        DockerIgnore ignore = DockerIgnore.read(context);
        assertTrue(ignore.excluded(".git/HEAD"));
        assertTrue(ignore.excluded("berth.iml"));
        assertFalse(ignore.excluded("pom.xml"));
    }
}
