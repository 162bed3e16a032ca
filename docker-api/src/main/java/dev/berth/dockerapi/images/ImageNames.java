package dev.berth.dockerapi.images;

import dev.berth.Berth;
import dev.berth.Image;
import dev.berth.ListedImage;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.image.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Image names as users write them and Docker shows them: {@code busybox:1.36.1}, not the store's
 * {@code docker.io/library/busybox:1.36.1}; and lookups by name[:tag], name@digest, full or short
 * ID, with or without {@code sha256:}
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageInspect">ImageInspect</a>).
 */
final class ImageNames {
    private ImageNames() {
    }

    /** A stored reference in Docker's familiar form; the input itself when it does not parse. */
    static String familiar(String reference) {
        try {
            return ImageReference.parse(reference).familiar();
        } catch (IllegalArgumentException e) {
            return reference;
        }
    }

    /** The familiar tags of {@code image}. */
    static List<String> repoTags(Image image) {
        return image.tags().stream().map(ImageNames::familiar).distinct().toList();
    }

    /** Docker's RepoDigests: familiar {@code name@digest} for each repository the image was pulled from or pushed to. */
    static List<String> repoDigests(Image image) {
        Set<String> out = new LinkedHashSet<>();
        for (String repoDigest : image.repoDigests()) {
            int at = repoDigest.indexOf('@');
            try {
                out.add(ImageReference.parse(repoDigest.substring(0, at)).familiarName() + repoDigest.substring(at));
            } catch (IllegalArgumentException e) {
                out.add(repoDigest);
            }
        }
        return List.copyOf(out);
    }

    /** The image {@code name} names, or a 404 with Docker's "No such image" message. */
    static Image find(Berth berth, String name) throws IOException {
        String lookup = name;
        if (name.startsWith("sha256:") && name.length() < 71) {
            lookup = name.substring("sha256:".length()); // a short ID written with its algorithm
        }
        try {
            return berth.images().find(lookup).orElseThrow(() -> ApiException.notFound("No such image: " + name));
        } catch (IllegalArgumentException invalidReference) {
            throw ApiException.notFound("No such image: " + name);
        }
    }

    /** The image {@code name} names, empty also when it is not a valid reference. */
    static java.util.Optional<Image> findOptional(Berth berth, String name) throws IOException {
        try {
            return berth.images().find(name);
        } catch (IllegalArgumentException invalidReference) {
            return java.util.Optional.empty();
        }
    }

    /** Every image once (by ID), with the tags of all its store entries. */
    static List<Image> distinct(Berth berth) throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        List<Image> out = new ArrayList<>();
        for (ListedImage listed : berth.images().list()) {
            Image image;
            try {
                image = berth.image(listed.digest());
            } catch (IOException | RuntimeException e) {
                continue; // an index without this platform's manifest
            }
            if (seen.add(image.id())) {
                out.add(image);
            }
        }
        return out;
    }

    /** The ID's hex digits, 12 of them, as {@code docker images} shows it. */
    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /**
     * The {@code repo} and {@code tag} query parameters of commit and import as one reference:
     * {@code latest} when no tag is given and {@code repo} has none of its own.
     */
    static String repoAndTag(String repo, String tag) {
        if ((tag == null || tag.isEmpty()) && hasTagOrDigest(repo)) {
            return reference(repo, null);
        }
        return reference(repo, tag == null || tag.isEmpty() ? "latest" : tag);
    }

    /** Whether {@code name} carries a tag or digest after its last path component. */
    static boolean hasTagOrDigest(String name) {
        int slash = name.lastIndexOf('/');
        return name.contains("@") || name.indexOf(':', slash + 1) >= 0;
    }

    /** {@code repo} with {@code tag} ({@code latest} when empty; {@code @} for a digest), checked; a 400 when invalid. */
    static String reference(String repo, String tag) {
        String ref = repo;
        if (tag != null && !tag.isEmpty()) {
            ref = repo + (tag.startsWith("sha256:") ? "@" : ":") + tag;
        }
        try {
            ImageReference.parse(ref);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid reference format: " + ref);
        }
        return ref;
    }
}
