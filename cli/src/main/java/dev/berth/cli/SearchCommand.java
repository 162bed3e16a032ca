package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth search TERM}
 * (<a href="https://docs.docker.com/reference/cli/docker/search/">docker search</a>): asks the
 * registry's search API, {@code GET /v1/search?q=TERM&n=LIMIT} (Docker Hub's, or that of the
 * registry TERM starts with, {@code localhost:5000/name}), and prints docker's table. A registry
 * without that API (an OCI distribution registry has none) or one that cannot be reached is
 * named in one line, exit 1: there is nothing else to search.
 */
@Command(name = "search", description = "Search Docker Hub (or a registry with a v1 search API) for images")
final class SearchCommand extends Verb implements DockerStatus.ExitsOne {
    private static final int DESCRIPTION_WIDTH = 45;

    @Option(names = "--limit", defaultValue = "25", description = "Max number of search results (default 25)")
    int limit;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Parameters(paramLabel = "TERM")
    String term;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit " + limit + " is outside the range of [1, 100]");
        }
        String registry = "index.docker.io";
        String query = term;
        int slash = term.indexOf('/');
        if (slash > 0 && (term.substring(0, slash).contains(".") || term.substring(0, slash).contains(":")
                || term.substring(0, slash).equals("localhost"))) {
            registry = term.substring(0, slash);
            query = term.substring(slash + 1);
        }
        JsonNode answer = ask(registry, query);
        Table table = new Table("NAME", "DESCRIPTION", "STARS", "OFFICIAL");
        for (JsonNode r : answer.path("results")) {
            String description = r.path("description").asText("").replace('\n', ' ');
            if (!noTrunc && description.length() > DESCRIPTION_WIDTH) {
                description = description.substring(0, DESCRIPTION_WIDTH - 1) + "…";
            }
            table.row(r.path("name").asText(), description, Integer.toString(r.path("star_count").asInt()),
                    r.path("is_official").asBoolean() ? "[OK]" : "");
        }
        table.print(System.out);
        return 0;
    }

    /** The registry's answer; https first, plain http for a loopback registry, as docker treats 127.0.0.0/8 as insecure. */
    private JsonNode ask(String registry, String query) throws IOException {
        boolean loopback = registry.startsWith("localhost") || registry.startsWith("127.") || registry.startsWith("[::1]");
        String path = "/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&n=" + limit;
        IOException failed = null;
        for (String scheme : loopback ? new String[] {"https", "http"} : new String[] {"https"}) {
            URI uri = URI.create(scheme + "://" + registry + path);
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(10_000);
            c.setReadTimeout(30_000);
            int status;
            try {
                status = c.getResponseCode();
            } catch (IOException e) {
                String why = e instanceof java.net.UnknownHostException ? "no address for " + uri.getHost() : ErrorLine.message(e);
                failed = new IOException("search: cannot reach " + uri + " (" + why + ")", e);
                continue;
            }
            try {
                if (status == 404 || status == 405) {
                    throw new IOException("search: " + registry + " has no search API (GET /v1/search answered "
                            + status + "); registries of the OCI distribution spec have none, only Docker Hub's index has");
                }
                if (status != 200) {
                    throw new IOException("search: " + uri + " answered " + status);
                }
                try (var in = c.getInputStream()) {
                    return new ObjectMapper().readTree(in);
                } catch (IOException e) {
                    throw new IOException("search: " + uri + " answered what is not a search result (" + e.getMessage() + ")", e);
                }
            } finally {
                c.disconnect();
            }
        }
        throw failed;
    }
}
