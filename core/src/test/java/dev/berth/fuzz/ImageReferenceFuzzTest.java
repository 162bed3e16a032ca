package dev.berth.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link ImageReference#parse}: any text either parses or throws the documented
 * {@link InvalidReferenceException}, and what parses prints back to text that parses to the
 * same reference (distribution/reference's normalised form is a fixed point). Seeds in
 * {@code ImageReferenceFuzzTestInputs/parse/}; fuzz with {@code bench/fuzz.sh}.
 */
class ImageReferenceFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (InvalidReferenceException documented) {
            return;
        }
        assertEquals(ref, ImageReference.parse(ref.toString()), "round trip of " + text);
        assertEquals(ref, ImageReference.parse(ref.familiar()), "familiar form of " + text);
    }
}
