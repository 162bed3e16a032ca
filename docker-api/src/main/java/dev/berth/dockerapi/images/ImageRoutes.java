package dev.berth.dockerapi.images;

import dev.berth.ArchiveFormat;
import dev.berth.Berth;
import dev.berth.Image;
import dev.berth.ImageInUseException;
import dev.berth.ImageRemoval;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.Filters;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The images endpoints of the Docker Engine API: list, inspect, history, tag, remove, prune,
 * get (save) and load; pull and push are {@link RegistryTransfers}', build and commit
 * {@link BuildRoutes}'.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image">Image</a>
 */
public final class ImageRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        RegistryTransfers transfers = new RegistryTransfers(berth);
        router.get("/images/json", r -> list(berth, r));
        router.post("/images/create", r -> r.query("fromSrc").isPresent() ? importImage(berth, r) : transfers.pull(r));
        router.post("/images/load", r -> load(berth, r));
        router.post("/images/prune", r -> prune(berth, r));
        router.get("/images/get", r -> save(berth, r.queryAll("names")));
        router.get("/images/{name:.*}/json", r -> ApiResponse.json(200, inspection(berth, r.param("name"), r.apiVersion())));
        router.get("/images/{name:.*}/history", r -> ApiResponse.json(200,
                berth.images().history(ImageNames.find(berth, r.param("name"))).stream().map(ImageViews::history).toList()));
        router.get("/images/{name:.*}/get", r -> save(berth, List.of(r.param("name"))));
        router.post("/images/{name:.*}/tag", r -> tag(berth, r));
        router.post("/images/{name:.*}/push", transfers::push);
        router.delete("/images/{name:.*}", r -> remove(berth, r));
    }

    private static ApiResponse list(Berth berth, ApiRequest r) throws IOException {
        Filters filters = r.filters();
        List<String> references = new ArrayList<>(filters.values("reference"));
        r.query("filter").filter(f -> !f.isEmpty()).ifPresent(references::add); // before API 1.41
        return ApiResponse.json(200, summaries(berth, filters, references, r.apiVersion()));
    }

    /** {@code GET /images/json}'s answer at the newest API version (the CLI's images shares it). */
    public static List<?> listing(Berth berth, Filters filters) throws IOException {
        return summaries(berth, filters, filters.values("reference"), dev.berth.dockerapi.http.ApiVersion.MAX);
    }

    private static List<ImageViews.Summary> summaries(Berth berth, Filters filters, List<String> references,
            dev.berth.dockerapi.http.ApiVersion version) throws IOException {
        Predicate<Image> accepted = ImageFilters.of(berth, filters, references);
        Predicate<String> shownTag = ImageFilters.referenceMatcher(references);
        List<ImageViews.Summary> out = new ArrayList<>();
        for (Image image : ImageNames.distinct(berth)) {
            if (accepted.test(image)) {
                ImageViews.Summary s = ImageViews.summary(image, version, berth.images().size(image), -1, -1);
                if (!references.isEmpty()) {
                    // As dockerd: with a reference filter, RepoTags and RepoDigests hold the matching references only
                    // (a digest by its repository: name@sha256:... is matched as name with any tag).
                    s = s.withRepoTags(s.repoTags().stream().filter(shownTag).toList())
                            .withRepoDigests(s.repoDigests().stream().filter(d -> d.indexOf('@') > 0
                                    && shownTag.test(d.substring(0, d.indexOf('@')) + ":@")).toList());
                }
                out.add(s);
            }
        }
        out.sort((a, b) -> Long.compare(b.created(), a.created()));
        return out;
    }

    /** {@code GET /images/{name}/json}'s answer at the newest API version; a 404 {@link ApiException} for an unknown name. */
    public static Object inspection(Berth berth, String name) throws IOException {
        return inspection(berth, name, dev.berth.dockerapi.http.ApiVersion.MAX);
    }

    private static Object inspection(Berth berth, String name, dev.berth.dockerapi.http.ApiVersion version) throws IOException {
        Image image = ImageNames.find(berth, name);
        return ImageViews.inspect(image, berth.images().size(image), berth.layerDirectories(image), version);
    }

    private static ApiResponse tag(Berth berth, ApiRequest r) throws IOException {
        Image image = ImageNames.find(berth, r.param("name"));
        String repo = r.query("repo").filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("repository name (repo) must be given"));
        berth.tag(image, ImageNames.reference(repo, r.query("tag").orElse("latest")));
        return ApiResponse.empty(201);
    }

    private static ApiResponse remove(Berth berth, ApiRequest r) throws IOException {
        String name = r.param("name");
        ImageNames.find(berth, name);
        ImageRemoval removal;
        try {
            removal = berth.images().remove(name.startsWith("sha256:") && name.length() < 71 ? name.substring(7) : name,
                    r.queryFlag("force", false));
        } catch (ImageInUseException e) {
            throw ApiException.conflict(e.getMessage());
        }
        return ApiResponse.json(200, deletedItems(removal));
    }

    private static ApiResponse prune(Berth berth, ApiRequest r) throws IOException {
        Filters filters = r.filters();
        boolean danglingOnly = filters.bool("dangling").orElse(true);
        ImageRemoval removal = berth.images().prune(danglingOnly, ImageFilters.pruning(filters));
        List<ImageViews.Deleted> deleted = deletedItems(removal);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("ImagesDeleted", deleted.isEmpty() ? null : deleted);
        out.put("SpaceReclaimed", removal.spaceReclaimed());
        return ApiResponse.json(200, out);
    }

    private static List<ImageViews.Deleted> deletedItems(ImageRemoval removal) {
        List<ImageViews.Deleted> out = new ArrayList<>();
        removal.untagged().forEach(u -> out.add(ImageViews.Deleted.untag(u)));
        removal.deleted().forEach(d -> out.add(ImageViews.Deleted.delete(d)));
        return out;
    }

    /** {@code docker save}: every name checked first, so a missing one is a 404 and not a broken tar. */
    private static ApiResponse save(Berth berth, List<String> names) throws IOException {
        if (names.isEmpty()) {
            throw ApiException.badRequest("no image names given (names=...)");
        }
        List<String> refs = new ArrayList<>();
        for (String name : names) {
            Image image = ImageNames.find(berth, name);
            // A name that is a tag goes in with its tag; an ID or digest untagged, as docker save does.
            refs.add(image.tags().isEmpty() || !isTagOf(image, name) ? image.digest() : name);
        }
        return ApiResponse.stream(200, "application/x-tar", out -> berth.save(refs, out, ArchiveFormat.DOCKER));
    }

    private static boolean isTagOf(Image image, String name) {
        try {
            String canonical = dev.berth.image.ImageReference.parse(name).toString();
            return image.tags().contains(canonical);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code docker import -}: the body is the root file system's tar; a URL source is not fetched. */
    private static ApiResponse importImage(Berth berth, ApiRequest r) throws IOException {
        if (!r.query("fromSrc").orElse("").equals("-")) {
            throw ApiException.badRequest("import from a URL is not supported: send the archive as the body (fromSrc=-)");
        }
        dev.berth.CommitOptions options = dev.berth.CommitOptions.create().comment(r.query("message").orElse(null));
        String repo = r.query("repo").orElse("");
        if (!repo.isEmpty()) {
            options.reference(ImageNames.repoAndTag(repo, r.query("tag").orElse(null)));
        }
        for (String change : r.queryAll("changes")) {
            for (String line : change.split("\n")) {
                if (!line.isBlank()) {
                    options.change(line.strip());
                }
            }
        }
        Image image;
        try {
            image = berth.importImage(r.body(), options);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return ApiResponse.stream(200, "application/json", out -> new JsonProgress(out).status(image.id(), null));
    }

    private static ApiResponse load(Berth berth, ApiRequest r) throws IOException {
        List<Image> loaded;
        try {
            loaded = berth.load(r.body());
        } catch (IOException | RuntimeException e) {
            throw ApiException.badRequest("cannot load the archive: " + e.getMessage());
        }
        boolean quiet = r.queryFlag("quiet", false);
        return ApiResponse.stream(200, "application/json", out -> {
            JsonProgress progress = new JsonProgress(out);
            for (Image image : loaded) {
                progress.stream(image.reference().map(ref -> "Loaded image: " + ImageNames.familiar(ref))
                        .orElse("Loaded image ID: " + image.id()) + "\n");
            }
            if (quiet && loaded.isEmpty()) {
                progress.stream("");
            }
        });
    }
}
