package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    final List<String> records = new ArrayList<>();
    final LineSplitter splitter = new LineSplitter(b -> records.add(new String(b, StandardCharsets.US_ASCII)));

    void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        splitter.feed(b, 0, b.length);
    }

    @Test
    void aLineThatFitsWithItsNewlineIsOneRecord() {
        feed("a".repeat(16383) + "\n");
        assertEquals(List.of("a".repeat(16383) + "\n"), records);
    }

    @Test
    void aLineOf16KiBIsCutBeforeItsNewline() {
        feed("a".repeat(16384) + "\n");
        assertEquals(List.of("a".repeat(16384), "\n"), records);
    }

    @Test
    void linesArrivingInPiecesAreJoined() {
        feed("hel");
        feed("lo\nwor");
        assertEquals(List.of("hello\n"), records);
        feed("ld\n\n");
        assertEquals(List.of("hello\n", "world\n", "\n"), records);
    }

    @Test
    void finishFlushesTheRestOnlyIfThereIsOne() {
        feed("done\n");
        splitter.finish();
        assertEquals(List.of("done\n"), records);
        feed("tail");
        splitter.finish();
        assertEquals(List.of("done\n", "tail"), records);
    }
}
