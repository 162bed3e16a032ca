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
    @FuzzTest(maxDuration = "5m")
    void manifest(byte[] input) throws ImageFormatException {
        try {
            ImageManifest m = ImageManifest.parse(input, "fuzz input").value();
            ImageManifest.parse(m.toJson(), "re-serialised fuzz input");
        } catch (ImageFormatException documented) {
            // the one exception the parser may throw
        }
    }

    @FuzzTest(maxDuration = "5m")
    void index(byte[] input) throws ImageFormatException {
        try {
            ImageIndex i = ImageIndex.parse(input, "fuzz input").value();
            ImageIndex.parse(i.toJson(), "re-serialised fuzz input");
        } catch (ImageFormatException documented) {
            // the one exception the parser may throw
        }
    }

    @FuzzTest(maxDuration = "5m")
    void config(byte[] input) throws ImageFormatException {
        try {
            ImageConfig c = ImageConfig.parse(input, "fuzz input").value();
            ImageConfig.parse(c.toJson(), "re-serialised fuzz input");
        } catch (ImageFormatException documented) {
            // the one exception the parser may throw
        }
    }
}
