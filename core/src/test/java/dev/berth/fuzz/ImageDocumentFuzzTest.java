package dev.berth.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageFormatException;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;

/**
 * Fuzzes the parsers of registry and store documents: manifests, indexes and configs
 * (<a href="https://github.com/opencontainers/image-spec">image-spec</a>). Whatever the bytes, a
 * parser returns a document or throws the documented {@link ImageFormatException}; nothing else
 * escapes, and a parsed document's JSON parses again. Seeds in
 * {@code ImageDocumentFuzzTestInputs/<method>/}; fuzz with {@code bench/fuzz.sh}.
 */
class ImageDocumentFuzzTest {
    /** A parser of the documents under test: bytes and a source name to a value. */
    private interface Parser<T> {
        T parse(byte[] bytes, String source) throws ImageFormatException;
    }

    /** Parses {@code input}; what parses is written back to JSON by {@code json} and must parse again. */
    private static <T> void roundTrip(byte[] input, Parser<T> parser, java.util.function.Function<T, byte[]> json)
            throws ImageFormatException {
        T value;
        try {
            value = parser.parse(input, "fuzz input");
        } catch (ImageFormatException documented) {
            return; // the one exception the parsers may throw
        }
        parser.parse(json.apply(value), "re-serialised fuzz input");
    }

    @FuzzTest(maxDuration = "5m")
    void manifest(byte[] input) throws ImageFormatException {
        roundTrip(input, (b, s) -> ImageManifest.parse(b, s).value(), ImageManifest::toJson);
    }

    @FuzzTest(maxDuration = "5m")
    void index(byte[] input) throws ImageFormatException {
        roundTrip(input, (b, s) -> ImageIndex.parse(b, s).value(), ImageIndex::toJson);
    }

    @FuzzTest(maxDuration = "5m")
    void config(byte[] input) throws ImageFormatException {
        roundTrip(input, (b, s) -> ImageConfig.parse(b, s).value(), ImageConfig::toJson);
    }
}
