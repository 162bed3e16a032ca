package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists a repository's tags and the registry's repositories (catalog), following
 * {@code Link: <…>; rel="next"} pages. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-tags">Listing Tags</a>;
 * the catalog is distribution's extension, which many registries disable.
 */
final class RepositoryLister {
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_PAGES = 10_000;

    private final RegistryTransport transport;
    private final int pageSize;

    RepositoryLister(RegistryTransport transport, int pageSize) {
        this.transport = transport;
        this.pageSize = pageSize;
    }

    List<String> tags(String repository) throws IOException {
        RequestContext context = new RequestContext(transport.endpoint().host(), repository, "list tags");
        return list(transport.paths().tags(repository, pageSize), "tags", Set.of(AccessScope.pull(repository)), context);
    }

    List<String> catalog() throws IOException {
        RequestContext context = new RequestContext(transport.endpoint().host(), "", "list repositories");
        return list(transport.paths().catalog(pageSize), "repositories", Set.of(AccessScope.CATALOG), context);
    }

    private List<String> list(URI first, String field, Set<String> scopes, RequestContext context) throws IOException {
        List<String> all = new ArrayList<>();
        Optional<URI> page = Optional.of(first);
        for (int n = 0; page.isPresent(); n++) {
            if (n == MAX_PAGES) {
                throw context.failure(0, "more than " + MAX_PAGES + " pages");
            }
            HttpResponse<InputStream> response = transport.expect(RegistryRequest.get(page.get(), scopes, context), 200);
            JsonNode json = RegistryJson.parse(RegistryTransport.readSmall(response), context, field + " list");
            JsonNode items = json.path(field);
            if (!items.isArray() && !items.isNull() && !items.isMissingNode()) {
                throw context.failure(200, "malformed JSON in the " + field + " list: '" + field + "' is not an array");
            }
            items.forEach(i -> all.add(i.asText()));
            page = next(response, page.get());
        }
        return all;
    }

    private Optional<URI> next(HttpResponse<?> response, URI current) {
        Optional<String> link = response.headers().firstValue("Link");
        if (link.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = NEXT_LINK.matcher(link.get());
        if (!m.find()) {
            return Optional.empty();
        }
        URI next = current.resolve(m.group(1));
        // A next page elsewhere would get our token; registries always link to themselves.
        return transport.endpoint().sameOrigin(next) ? Optional.of(next) : Optional.empty();
    }
}
