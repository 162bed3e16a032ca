package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.InvalidReferenceException.Reason;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Docker's normalisation, case by case against distribution/reference's normalize_test.go tables. */
class ImageReferenceTest {
    private static final String HEX64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

    /** TestValidateReferenceName (valid) and TestValidateRemoteName (valid). */
    @ParameterizedTest
    @ValueSource(strings = {"docker/docker", "library/debian", "debian", "docker.io/docker/docker",
        "docker.io/library/debian", "docker.io/debian", "index.docker.io/docker/docker", "index.docker.io/library/debian",
        "index.docker.io/debian", "127.0.0.1:5000/docker/docker", "127.0.0.1:5000/library/debian",
        "127.0.0.1:5000/debian", "192.168.0.1", "192.168.0.1:80", "192.168.0.1:8/debian", "192.168.0.2:25000/debian",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "[fc00::1]:5000/docker",
        "[fc00::1]:5000/docker/docker", "[fc00:1:2:3:4:5:6:7]:5000/library/debian", "docker.io/" + HEX64,
        "Docker/docker", "DOCKER/docker", "docker-rules/docker", "docker---rules/docker", "doc/docker", "d/docker",
        "jess/t", "dock__er/docker"})
    void acceptsValidNames(String name) {
        ImageReference.parse(name);
    }

    /** TestValidateReferenceName (invalid) and TestValidateRemoteName (invalid). */
    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker",
        "-docker.io/docker/docker", "docker///docker", "docker.io/docker/Docker", "docker.io/docker///docker",
        "[fc00::1]", "[fc00::1]:5000", "fc00::1:5000/debian", "[fe80::1%eth0]:5000/debian",
        "[2001:db8:3:4::192.0.2.33]:5000/debian", HEX64, "docker-/docker", "-docker-/docker", "____/____",
        "_docker/_docker", "dock..er/docker", "dock_.er/docker", "dock-.er/docker", "docker/",
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker"})
    void rejectsInvalidNamesNamingTheInput(String name) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(name));
        assertEquals(name, e.input());
        assertTrue(e.getMessage().startsWith("\"" + name + "\": "), e.getMessage());
    }

    /** TestParseRepositoryInfo: remote name, familiar name, full name, ambiguous names, domain. */
    static Stream<Arguments> repositoryInfo() {
        return Stream.of(
                Arguments.of("fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"),
                Arguments.of("library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"),
                Arguments.of("nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"),
                Arguments.of("other/library", "other/library", "docker.io/other/library", "", "docker.io"),
                Arguments.of("private/moonbase", "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase", "",
                        "127.0.0.1:8000"),
                Arguments.of("privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", "", "127.0.0.1:8000"),
                Arguments.of("private/moonbase", "example.com/private/moonbase", "example.com/private/moonbase", "",
                        "example.com"),
                Arguments.of("privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"),
                Arguments.of("private/moonbase", "example.com:8000/private/moonbase", "example.com:8000/private/moonbase", "",
                        "example.com:8000"),
                Arguments.of("privatebasee", "example.com:8000/privatebasee", "example.com:8000/privatebasee", "",
                        "example.com:8000"),
                Arguments.of("library/ubuntu-12.04-base", "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base",
                        "index.docker.io/library/ubuntu-12.04-base", "docker.io"),
                Arguments.of("library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"),
                Arguments.of("library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"),
                Arguments.of("store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"),
                Arguments.of("bar", "Foo/bar", "Foo/bar", "", "Foo"),
                Arguments.of("bar", "FOO/bar", "FOO/bar", "", "FOO"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("repositoryInfo")
    void normalisesLikeParseNormalizedNamed(String remote, String familiar, String full, String ambiguous, String domain) {
        for (String input : ambiguous.isEmpty() ? new String[] {familiar, full} : new String[] {familiar, full, ambiguous}) {
            ImageReference ref = ImageReference.parse(input);
            assertEquals(domain, ref.registry(), input);
            assertEquals(remote, ref.repository(), input);
            assertEquals(full, ref.name(), input);
            assertEquals(familiar, ref.familiarName(), input);
            assertEquals(full + ":latest", ref.toString(), input);
            assertEquals(familiar + ":latest", ref.familiar(), input);
        }
    }

    /** Found by ImageReferenceFuzzTest: the short form of a Hub repository named like a registry must parse back to it. */
    @ParameterizedTest
    @CsvSource({"docker.io/lir.io/library/a/l0, docker.io/lir.io/library/a/l0", "docker.io/localhost/x, docker.io/localhost/x",
        "docker.io/a.b/x, docker.io/a.b/x", "docker.io/user/app, user/app"})
    void familiarFormsParseBackToTheSameReference(String input, String familiarName) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(familiarName, ref.familiarName());
        assertEquals(ref, ImageReference.parse(ref.familiar()));
    }

    /** Found by ImageReferenceFuzzTest: a first component taken as a registry must be a valid host. */
    @ParameterizedTest
    @ValueSource(strings = {"reo---ghcg_r.idocker-e.io/loca/hrr", "a_b.io/x", "-a.io/x:1"})
    void aRegistryThatIsNoValidHostIsRefused(String input) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(e.getMessage().contains(input), e.getMessage());
    }

    /** TestNormalizedSplitHostname. */
    @ParameterizedTest
    @CsvSource({"test.com/foo, test.com, foo", "test_com/foo, docker.io, test_com/foo",
        "docker/migrator, docker.io, docker/migrator", "test.com:8080/foo, test.com:8080, foo",
        "test-com:8080/foo, test-com:8080, foo", "foo, docker.io, library/foo", "xn--n3h.com/foo, xn--n3h.com, foo",
        "xn--n3h.com:18080/foo, xn--n3h.com:18080, foo", "docker.io/foo, docker.io, library/foo",
        "docker.io/library/foo, docker.io, library/foo", "docker.io/library/foo/bar, docker.io, library/foo/bar",
        "localhost/foo, localhost, foo", "localhost:5000/foo, localhost:5000, foo"})
    void splitsRegistryAndRepository(String input, String registry, String repository) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(registry, ref.registry());
        assertEquals(repository, ref.repository());
    }

    /** TestParseDockerRef's inputs: the name part normalises the same way; no tag becomes latest. */
    @ParameterizedTest
    @CsvSource({"busybox, docker.io/library/busybox:latest", "busybox:latest, docker.io/library/busybox:latest",
        "library/busybox, docker.io/library/busybox:latest", "docker.io/busybox, docker.io/library/busybox:latest",
        "docker.io/library/busybox, docker.io/library/busybox:latest",
        "docker.io/busybox:latest, docker.io/library/busybox:latest",
        "library/busybox:latest, docker.io/library/busybox:latest",
        "gcr.io/library/busybox, gcr.io/library/busybox:latest",
        "busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582, docker.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "alpine, docker.io/library/alpine:latest", "index.docker.io/library/alpine:3.20, docker.io/library/alpine:3.20"})
    void canonicalFormAddsRegistryLibraryAndLatest(String input, String canonical) {
        assertEquals(canonical, ImageReference.parse(input).toString());
    }

    /** TestParseDockerRef's "both tag and digest": the digest wins, the tag is dropped. */
    @ParameterizedTest
    @CsvSource({
        "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa, docker.io/library/busybox@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa, busybox@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa",
        "gcr.io/library/busybox:latest@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582, gcr.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582, gcr.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "localhost:5000/app:1.0@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582, localhost:5000/app@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582, localhost:5000/app@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "index.docker.io/user/app:v2@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582, docker.io/user/app@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582, user/app@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582"})
    void withATagAndADigestTheDigestWinsAndTheTagIsDropped(String input, String canonical, String familiar) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(canonical, ref.toString());
        assertEquals(familiar, ref.familiar());
        assertFalse(ref.tag().isPresent());
        assertEquals(canonical.substring(canonical.indexOf('@') + 1), ref.digest().orElseThrow().toString());
        assertEquals(ImageReference.parse(canonical), ref);
    }

    @Test
    void digestOnlyReferenceHasNoTag() {
        ImageReference ref = ImageReference.parse("redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c");
        assertFalse(ref.tag().isPresent());
        assertEquals("docker.io/library/redis", ref.name());
    }

    /** TestParseAnyReference: 64-hex is an identifier, shorter hex is a name. */
    @Test
    void hexIdentifierIsNotAName() {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class,
                () -> ImageReference.parse("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"));
        assertEquals(Reason.NAME_IS_IDENTIFIER, e.reason());
        assertEquals("docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9:latest",
                ImageReference.parse("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9").toString());
        assertEquals("docker.io/library/dbcc1:latest", ImageReference.parse("dbcc1").toString());
    }

    @Test
    void uppercaseRepositoryIsRejectedWithDistributionsMessage() {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class,
                () -> ImageReference.parse("docker.io/docker/Docker"));
        assertEquals(Reason.NAME_CONTAINS_UPPERCASE, e.reason());
        assertEquals("\"docker.io/docker/Docker\": invalid reference format: repository name must be lowercase"
                + " (repository name docker/Docker)", e.getMessage());
    }

    @Test
    void invalidFormatMessageNamesTheReference() {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("a b"));
        assertEquals("\"a b\": invalid reference format", e.getMessage());
    }

    /** TestWithTag, TestWithDigest and TestInvalidReferenceComponents. */
    @Test
    void withTagAndWithDigestValidateTheirArguments() {
        ImageReference foo = ImageReference.parse("test.com:8000/foo");
        assertEquals("test.com:8000/foo:TAG5", foo.withTag("TAG5").toString());
        Digest d = Digest.parse("sha256:" + "1".repeat(64));
        assertEquals("test.com:8000/foo:latest@sha256:" + "1".repeat(64), foo.withDigest(d).toString());
        assertEquals("test.com:8000/foo:v2@sha256:" + "1".repeat(64), foo.withDigest(d).withTag("v2").toString());
        assertEquals(Reason.TAG_INVALID_FORMAT,
                assertThrows(InvalidReferenceException.class, () -> foo.withTag("-foo")).reason());
        assertEquals(Reason.DIGEST_UNSUPPORTED, assertThrows(InvalidReferenceException.class,
                () -> foo.withDigest(Digest.parse("blake3:" + "a".repeat(64)))).reason());
    }

    @Test
    void ofBuildsAndValidates() {
        assertEquals("localhost/foo:1", ImageReference.of("localhost", "foo", "1").toString());
        assertEquals("localhost/foo:1", ImageReference.of("localhost", "foo", "1").familiar());
        assertThrows(InvalidReferenceException.class, () -> ImageReference.of("localhost", "Foo", "1"));
    }

    @Test
    void equalReferencesAreEqualWhateverTheSpelling() {
        assertEquals(ImageReference.parse("alpine"), ImageReference.parse("docker.io/library/alpine:latest"));
        assertEquals(ImageReference.parse("alpine").hashCode(), ImageReference.parse("index.docker.io/alpine").hashCode());
    }
}
