package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** docker's {@code container X} and {@code image X} forms, rewritten to berth's verbs. */
class ManagementFormsTest {
    @Test
    void containerAndImageFormsBecomeTheVerbs() {
        assertArrayEquals(new String[] {"ps", "-a"}, ManagementForms.rewrite("container", "ls", "-a"));
        assertArrayEquals(new String[] {"--home", "/h", "rm", "-f", "c"}, ManagementForms.rewrite("--home", "/h", "container", "rm", "-f", "c"));
        assertArrayEquals(new String[] {"inspect", "--type", "container", "-f", "{{.Id}}", "c"},
                ManagementForms.rewrite("container", "inspect", "-f", "{{.Id}}", "c"));
        assertArrayEquals(new String[] {"run", "--rm", "img", "ls", "-l"}, ManagementForms.rewrite("container", "run", "--rm", "img", "ls", "-l"));
        assertArrayEquals(new String[] {"images", "-q"}, ManagementForms.rewrite("image", "ls", "-q"));
        assertArrayEquals(new String[] {"rmi", "img"}, ManagementForms.rewrite("image", "rm", "img"));
        assertArrayEquals(new String[] {"inspect", "--type", "image", "img"}, ManagementForms.rewrite("image", "inspect", "img"));
        assertArrayEquals(new String[] {"container-prune", "-f"}, ManagementForms.rewrite("container", "prune", "-f"));
        assertArrayEquals(new String[] {"image-prune", "-a"}, ManagementForms.rewrite("image", "prune", "-a"));
    }

    @Test
    void otherLinesStayAsTheyAre() {
        String[][] lines = {{"run", "image", "ls"}, {"container"}, {"container", "frob"}, {"image", "frob"}, {"--home", "/h"}, {}};
        for (String[] line : lines) {
            assertArrayEquals(line, ManagementForms.rewrite(line));
        }
    }
}
