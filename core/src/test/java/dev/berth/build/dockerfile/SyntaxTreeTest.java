package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntaxTreeTest {
    private static DockerfileException fails(String text) {
        return assertThrows(DockerfileException.class, () -> SyntaxTree.parse(text));
    }

    @Test
    void nodesCarryStartAndEndLines() {
        SyntaxTree tree = SyntaxTree.parse("# comment\n\nFROM x\n\nRUN a \\\n  b \\\n\n  c\nCMD d\n");
        List<Node> nodes = tree.nodes();
        assertEquals(3, nodes.size());
        assertEquals(List.of(3, 3), List.of(nodes.get(0).startLine(), nodes.get(0).endLine()));
        assertEquals(List.of(5, 8), List.of(nodes.get(1).startLine(), nodes.get(1).endLine()));
        assertEquals(List.of(9, 9), List.of(nodes.get(2).startLine(), nodes.get(2).endLine()));
        assertEquals("RUN a   b   c", nodes.get(1).original());
    }

    @Test
    void directivesAreRecordedOnlyAtTheTop() {
        SyntaxTree tree = SyntaxTree.parse("# syntax=docker/dockerfile:1.7\n# check=skip=all\n# escape=`\nFROM x\n");
        assertEquals(Map.of("syntax", "docker/dockerfile:1.7", "check", "skip=all", "escape", "`"), tree.directives());
        assertEquals('`', tree.escapeCharacter());

        SyntaxTree late = SyntaxTree.parse("FROM x\n# escape=`\nRUN a `\n");
        assertEquals(Map.of(), late.directives());
        assertEquals("(from \"x\")\n(run \"a `\")\n", late.dump());

        SyntaxTree afterBlank = SyntaxTree.parse("\n# escape=`\nFROM x\n");
        assertEquals('\\', afterBlank.escapeCharacter());

        SyntaxTree afterUnknown = SyntaxTree.parse("# foo=bar\n# escape=`\nFROM x\n");
        assertEquals(Map.of(), afterUnknown.directives());
    }

    @Test
    void syntaxAndCheckDirectivesAreReadAfterAShebangButEscapeIsNot() {
        // BuildKit's DetectSyntax/ParseDirective discard a first "#!" line; its main parser does not,
        // so an escape directive there is a comment.
        SyntaxTree tree = SyntaxTree.parse("#!/usr/bin/env buildctl-daemonless\n# syntax=docker/dockerfile:1.7\n"
                + "# check=skip=all\n# escape=`\nFROM x\nRUN a `\n");
        assertEquals(Map.of("syntax", "docker/dockerfile:1.7", "check", "skip=all"), tree.directives());
        assertEquals('\\', tree.escapeCharacter());
        assertEquals("(from \"x\")\n(run \"a `\")\n", tree.dump());
        // a repeated directive after the shebang stops the search there, keeping the first, as BuildKit's
        SyntaxTree twice = SyntaxTree.parse("#!x\n# syntax=a\n# syntax=b\nFROM x\n");
        assertEquals(Map.of("syntax", "a"), twice.directives());
        // only the first line is a shebang; one not at the very start of its line is a plain comment
        assertEquals(Map.of(), SyntaxTree.parse("\n#!x\n# syntax=a\nFROM x\n").directives());
        assertEquals(Map.of(), SyntaxTree.parse(" #!x\n# syntax=a\nFROM x\n").directives());
    }

    @Test
    void aHeredocOpenerIsOneWordAsInBuildKit() {
        // BuildKit splits the line into shell words first, so "<<- EOF" is no opener (the shell gets it).
        Node run = SyntaxTree.parse("FROM x\nRUN cat <<- EOF\n").nodes().get(1);
        assertEquals(List.of(), run.heredocs());
        assertEquals(List.of(new Heredoc("EOF", 0, true, true, "\ta\n", 3)),
                SyntaxTree.parse("FROM x\nRUN <<-EOF\n\ta\n\tEOF\n").nodes().get(1).heredocs());
    }

    @Test
    void directiveLinesFollowBuildKitsPattern() {
        assertEquals(List.of("escape", "`"), List.of(DirectiveParser.match("#escape=`")));
        assertEquals(List.of("Syntax", "a b"), List.of(DirectiveParser.match("#\t Syntax \t= a b \r")));
        assertEquals(List.of("check", "\t"), List.of(DirectiveParser.match("# check= \t")));
        assertEquals(null, DirectiveParser.match("# check="));
        assertEquals(null, DirectiveParser.match("# 1st=x"));
        assertEquals(null, DirectiveParser.match("# a-b=x"));
        assertEquals(null, DirectiveParser.match(" # escape=`"));
        long start = System.nanoTime();
        DirectiveParser.match("# syntax=a" + " ".repeat(1_000_000) + "b");
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }

    @Test
    void repeatedOrInvalidDirectivesAreErrorsWithTheirLine() {
        assertEquals("Dockerfile line 2: only one escape parser directive can be used",
                fails("# escape=`\n# escape=\\\nFROM x\n").getMessage());
        DockerfileException invalid = fails("# syntax=x\n# escape=x\nFROM x\n");
        assertEquals(2, invalid.line());
        assertTrue(invalid.getMessage().contains("invalid escape token 'x' does not match ` or \\"));
    }

    @Test
    void heredocsKeepTheirBodyFlagsAndLines() {
        SyntaxTree tree = SyntaxTree.parse("FROM x\nRUN <<-EOT bash\n\techo $HOME\n\tEOT\n"
                + "COPY <<'A' <<\"B\" /dst\nliteral $X\nA\nB\nRUN 3<<X cat <&3\nline\nX\n");
        Node run = tree.nodes().get(1);
        assertEquals(List.of(new Heredoc("EOT", 0, true, true, "\techo $HOME\n", 3)), run.heredocs());
        assertEquals("echo $HOME\n", run.heredocs().get(0).chompedContent());
        assertEquals(4, run.endLine());
        Node copy = tree.nodes().get(2);
        assertEquals(List.of(new Heredoc("A", 0, false, false, "literal $X\n", 6),
                new Heredoc("B", 0, false, false, "", 8)), copy.heredocs());
        assertEquals(List.of(5, 8), List.of(copy.startLine(), copy.endLine()));
        Node fd = tree.nodes().get(3);
        assertEquals(3, fd.heredocs().get(0).fileDescriptor());
        assertEquals(List.of(9, 11), List.of(fd.startLine(), fd.endLine()));
    }

    @Test
    void heredocsOnlyBelongToRunCopyAddAndOnbuildOfThem() {
        SyntaxTree tree = SyntaxTree.parse("FROM x\nUSER <<NOPE\nRUN \"<<QUOTED\"\nONBUILD RUN <<EOF\nbody\nEOF\n");
        assertEquals(List.of(), tree.nodes().get(1).heredocs());
        assertEquals(List.of(), tree.nodes().get(2).heredocs());
        assertEquals("body\n", tree.nodes().get(3).heredocs().get(0).content());
        assertEquals(4, tree.nodes().size());
    }

    @Test
    void unterminatedOrMalformedHeredocsAreErrors() {
        DockerfileException open = fails("FROM x\nRUN <<EOF\necho\n");
        assertEquals(2, open.line());
        assertTrue(open.getMessage().contains("unterminated heredoc"), open.getMessage());
        // BuildKit cannot lex an unbalanced quote, so the word is no heredoc opener at all
        SyntaxTree unbalanced = SyntaxTree.parse("FROM x\nRUN <<'EOF\n");
        assertEquals(List.of(), unbalanced.nodes().get(1).heredocs());
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertEquals("Dockerfile line 3: ENV must have two arguments", fails("FROM x\n\nENV PATH\n").getMessage());
        assertEquals("Dockerfile line 2: when using JSON array syntax, arrays must be comprised of strings only",
                fails("FROM x\nCMD [ \"echo\", [ \"nested json\" ] ]\n").getMessage());
        assertEquals(2, fails("FROM x\nCMD [\"a\", 1]\n").line());
        assertTrue(fails("FROM x\nLABEL a=b c\n").getMessage()
                .contains("Syntax error - can't find = in \"c\". Must be of the form: name=value"));
        assertTrue(fails("# just a comment\n\n").getMessage().contains("file with no instructions"));
        assertTrue(fails("").getMessage().contains("file with no instructions"));
    }

    @Test
    void unknownInstructionsParseAsBuildKitDoes() {
        SyntaxTree tree = SyntaxTree.parse("FROM x\nFOO bar baz\n");
        assertEquals("(from \"x\")\n(foo \"\")\n", tree.dump());
        assertFalse(tree.nodes().get(1).json());
    }

    @Test
    void flagValuesWithNonAsciiBytesKeepBuildKitsByteQuirk() {
        // BuildKit reads flag bytes as runes, so UTF-8 "é" becomes "Ã©" in the flag
        Node copy = SyntaxTree.parse("FROM x\nCOPY --chown=jos\u00e9 a b\n").nodes().get(1);
        assertEquals(List.of("--chown=jos\u00c3\u00a9"), copy.flags());
        assertEquals(List.of("a", "b"), copy.arguments());
    }
}
