package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.berth.image.InvalidReferenceException.Reason;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The un-normalised grammar, checked case by case against the tables of distribution/reference's
 * reference_test.go (TestReferenceParse) and regexp_test.go (TestFullNameRegexp, TestReferenceRegexp,
 * TestDomainRegexp).
 */
class ReferenceGrammarTest {
    private static final String F64 = "f".repeat(64);

    /** input, domain, path, tag, digest (null where absent). */
    static Stream<Arguments> validReferences() {
        return Stream.of(
                Arguments.of("test_com", null, "test_com", null, null),
                Arguments.of("test.com:tag", null, "test.com", "tag", null),
                Arguments.of("test.com:5000", null, "test.com", "5000", null),
                Arguments.of("test.com/repo:tag", "test.com", "repo", "tag", null),
                Arguments.of("test:5000/repo", "test:5000", "repo", null, null),
                Arguments.of("test:5000/repo:tag", "test:5000", "repo", "tag", null),
                Arguments.of("test:5000/repo@sha256:" + F64, "test:5000", "repo", null, "sha256:" + F64),
                Arguments.of("test:5000/repo:tag@sha256:" + F64, "test:5000", "repo", "tag", "sha256:" + F64),
                Arguments.of("lowercase:Uppercase", null, "lowercase", "Uppercase", null),
                Arguments.of("a/".repeat(127) + "a:tag-puts-this-over-max", "a", "a/".repeat(126) + "a",
                        "tag-puts-this-over-max", null),
                Arguments.of("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", null, null),
                Arguments.of("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux",
                        "some-long-tag", null),
                Arguments.of("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app",
                        "test.example.com", null),
                Arguments.of("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", null),
                Arguments.of("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + "f".repeat(128), "xn--7o8h.com", "myimage",
                        "xn--7o8h.com", "sha512:" + "f".repeat(128)),
                Arguments.of("foo_bar.com:8080", null, "foo_bar.com", "8080", null),
                Arguments.of("foo/foo_bar.com:8080", "foo", "foo_bar.com", "8080", null),
                Arguments.of("192.168.1.1", null, "192.168.1.1", null, null),
                Arguments.of("192.168.1.1:tag", null, "192.168.1.1", "tag", null),
                Arguments.of("192.168.1.1:5000", null, "192.168.1.1", "5000", null),
                Arguments.of("192.168.1.1/repo", "192.168.1.1", "repo", null, null),
                Arguments.of("192.168.1.1:5000/repo", "192.168.1.1:5000", "repo", null, null),
                Arguments.of("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050", null),
                Arguments.of("[2001:db8::1]/repo", "[2001:db8::1]", "repo", null, null),
                Arguments.of("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", null),
                Arguments.of("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo", null, null),
                Arguments.of("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag", null),
                Arguments.of("[2001:db8::1]:5000/repo@sha256:" + F64, "[2001:db8::1]:5000", "repo", null, "sha256:" + F64),
                Arguments.of("[2001:db8::1]:5000/repo:tag@sha256:" + F64, "[2001:db8::1]:5000", "repo", "tag",
                        "sha256:" + F64),
                Arguments.of("[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo", null, null),
                Arguments.of("[::1]:5000/repo", "[::1]:5000", "repo", null, null),
                // regexp_test.go TestReferenceRegexp: localhost without a slash is a name, 8080 a tag.
                Arguments.of("localhost:8080@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
                        null, "localhost", "8080", "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912"),
                Arguments.of("localhost@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
                        null, "localhost", null, "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912"),
                Arguments.of("registry.io/foo/project--id.module--name.ver---sion--name", "registry.io",
                        "foo/project--id.module--name.ver---sion--name", null, null),
                Arguments.of("example.com/some_separator__underscore/myimage", "example.com",
                        "some_separator__underscore/myimage", null, null),
                Arguments.of("do__cker/docker", null, "do__cker/docker", null, null),
                Arguments.of("Asdf.com/foo/bar", "Asdf.com", "foo/bar", null, null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validReferences")
    void parsesLikeDistributionParse(String input, String domain, String path, String tag, String digest) {
        ReferenceGrammar.Parts parts = ReferenceGrammar.parse(input);
        assertEquals(domain, emptyToNull(parts.domain()), "domain");
        assertEquals(path, parts.path(), "path");
        assertEquals(tag, parts.tag(), "tag");
        assertEquals(digest, parts.digest() == null ? null : parts.digest().toString(), "digest");
    }

    /** input, expected error (reference_test.go's err column). */
    static Stream<Arguments> invalidReferences() {
        return Stream.of(
                Arguments.of("", Reason.NAME_EMPTY),
                Arguments.of(":justtag", Reason.INVALID_FORMAT),
                Arguments.of("@sha256:" + F64, Reason.INVALID_FORMAT),
                Arguments.of("repo@sha256:" + "f".repeat(34), Reason.DIGEST_INVALID_FORMAT),
                Arguments.of("validname@invaliddigest:" + F64, Reason.DIGEST_UNSUPPORTED),
                Arguments.of("Uppercase:tag", Reason.NAME_CONTAINS_UPPERCASE),
                Arguments.of("test:5000/Uppercase/lowercase:tag", Reason.NAME_CONTAINS_UPPERCASE),
                Arguments.of("aa/asdf$$^/aa", Reason.INVALID_FORMAT),
                Arguments.of("[2001:db8::1]", Reason.INVALID_FORMAT),
                Arguments.of("[2001:db8::1]:5000", Reason.INVALID_FORMAT),
                Arguments.of("[2001:db8::1]:tag", Reason.INVALID_FORMAT),
                Arguments.of("[fe80::1%eth0]:5000/repo", Reason.INVALID_FORMAT),
                Arguments.of("[fe80::1%@invalidzone]:5000/repo", Reason.INVALID_FORMAT),
                // go-digest: uppercase hex is not sha256.
                Arguments.of("repo@sha256:" + "F".repeat(64), Reason.DIGEST_INVALID_FORMAT),
                Arguments.of("repo@SHA256:" + F64, Reason.DIGEST_INVALID_FORMAT));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidReferences")
    void rejectsWithDistributionsErrorCategory(String input, Reason reason) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ReferenceGrammar.parse(input));
        assertEquals(reason, e.reason());
        assertEquals(input, e.input());
    }

    /** regexp_test.go TestFullNameRegexp and TestReferenceRegexp: names that must not match. */
    @ParameterizedTest
    @ValueSource(strings = {"a/a/a/a/", "a//a/a", "foo.com/", "foo.com:http/bar", "a^a", "asdf$$^/aa", "a-/a/a/a",
        "foo.com/a-/a/a", "-foo/bar", "foo/bar-", "foo-/bar", "foo/-bar", "_foo/bar", "foo_bar.com:8080/app",
        "____/____", "_docker/_docker", "docker_/docker_", "example.com/__underscore/myimage",
        "example.com/..dots/myimage", "example.com/.dots/myimage", "example.com/nodouble..dots/myimage",
        "docker./docker", ".docker/docker", "docker-/docker", "-docker/docker", "do..cker/docker",
        "do__cker:8080/docker", "registry.com:8080/myapp@sha256:badbadbadbad", "registry.com:8080/myapp:invalid~tag",
        "bad_hostname.com:8080/myapp:tag", "localhost:http/name@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        "registry.com:8080/myapp@bad", "registry.com:8080/myapp@2bad"})
    void rejectsNamesTheRegexpsReject(String input) {
        assertThrows(InvalidReferenceException.class, () -> ReferenceGrammar.parse(input));
    }

    /** regexp_test.go TestDomainRegexp, each domain followed by "/repo". */
    @ParameterizedTest
    @ValueSource(strings = {"test.com", "test.com:10304", "localhost", "localhost:8080", "a", "a.b", "ab.cd.com",
        "a-b.com", "ab.c-om", "0101.com", "001a.com", "b.gbc.io:443", "b.gbc.io", "xn--n3h.com", "Asdf.com",
        "192.168.1.1:75050", "192.168.1.1:750050", "[fd00:1:2::3]:75050", "[fd00123123123]:75050",
        "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050", "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505"})
    void acceptsTheDomainsTheDomainRegexpAccepts(String domain) {
        assertEquals(domain, ReferenceGrammar.parse(domain + "/repo").domain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"test.com:http", "-ab.com", "ab-.com", "ab.-com", "ab.com-", "[fd00:1:2::3]75050",
        "[fd00:1:2::3]::75050", "[fd00:1:2::3%eth0]:75050", "fd00:1:2::3:75050"})
    void rejectsTheDomainsTheDomainRegexpRejects(String domain) {
        assertThrows(InvalidReferenceException.class, () -> ReferenceGrammar.parse(domain + "/repo"));
    }

    @Test
    void tagIsLimitedTo128Characters() {
        assertEquals("t".repeat(128), ReferenceGrammar.parse("repo:" + "t".repeat(128)).tag());
        assertThrows(InvalidReferenceException.class, () -> ReferenceGrammar.parse("repo:" + "t".repeat(129)));
    }

    /**
     * Current reference.go limits the path (not the domain) to 255 characters; older releases counted the
     * whole name, which is why an older reference_test.go expects {@code "a/"*128 + "a:tag"} to fail.
     */
    @Test
    void pathOf255CharactersIsAcceptedAnd256RejectedWhateverTheDomain() {
        assertEquals(255, ReferenceGrammar.parse("example.com/" + "a".repeat(255)).path().length());
        assertEquals(255, ReferenceGrammar.parse("a/".repeat(128) + "a:tag").path().length());
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class,
                () -> ReferenceGrammar.parse("example.com/" + "a".repeat(256)));
        assertEquals(Reason.NAME_TOO_LONG, e.reason());
        assertEquals(Reason.NAME_TOO_LONG, assertThrows(InvalidReferenceException.class,
                () -> ReferenceGrammar.parse("a/".repeat(129) + "a:tag")).reason());
    }

    @Test
    void longHostileInputFailsQuickly() {
        String hostile = "a".repeat(20_000) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(InvalidReferenceException.class, () -> ReferenceGrammar.parse(hostile)));
        String domains = "a-".repeat(5_000) + "/x";
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(InvalidReferenceException.class, () -> ReferenceGrammar.parse(domains)));
    }

    @Test
    void noDomainWhenTheFirstComponentIsTheWholeName() {
        assertNull(emptyToNull(ReferenceGrammar.parse("short").domain()));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
