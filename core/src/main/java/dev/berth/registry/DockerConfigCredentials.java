package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.namespaces.fs.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from Docker's {@code config.json}: {@code credHelpers} (per registry), then
 * {@code credsStore} (for all), then {@code auths} entries with a base64 {@code auth}, or
 * {@code username}/{@code password}, {@code identitytoken} or {@code registrytoken}. Keys may be
 * written as {@code host}, {@code https://host} or {@code https://host/v1/}; Docker Hub is
 * {@code https://index.docker.io/v1/}. See Docker's
 * <a href="https://docs.docker.com/reference/cli/docker/login/#credential-stores">credential stores</a>.
 * The file is read on each lookup, so a {@code docker login} in between is seen.
 */
public final class DockerConfigCredentials implements CredentialSource {
    private static final String HUB_KEY = "https://index.docker.io/v1/";
    private static final Duration HELPER_TIMEOUT = Duration.ofSeconds(30);

    private final Path configFile;
    private final List<Path> helperSearchPath;

    /** Reads {@code configFile}; credential helpers are looked up in {@code helperSearchPath}. */
    public DockerConfigCredentials(Path configFile, List<Path> helperSearchPath) {
        this.configFile = configFile;
        this.helperSearchPath = List.copyOf(helperSearchPath);
    }

    /**
     * {@code $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json}, as the docker
     * CLI finds it ({@code $HOME} first, as Go's {@code os.UserHomeDir}; the account's home
     * directory without it).
     */
    public static Path configFileFromEnvironment() {
        String dir = System.getenv("DOCKER_CONFIG");
        String home = System.getenv("HOME");
        return dir != null && !dir.isEmpty() ? Path.of(dir, "config.json")
                : Path.of(home != null && home.startsWith("/") ? home : System.getProperty("user.home"), ".docker", "config.json");
    }

    /** {@link #configFileFromEnvironment()}; helpers from {@code $PATH}. */
    public static DockerConfigCredentials fromEnvironment() {
        Path config = configFileFromEnvironment();
        List<Path> path = new ArrayList<>();
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty()) {
                path.add(Path.of(entry));
            }
        }
        return new DockerConfigCredentials(config, path);
    }

    @Override
    public Optional<Credentials> credentialsFor(String registryHost) throws IOException {
        if (!Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        JsonNode config = RegistryJson.tryParse(Files.readAllBytes(configFile))
                .orElseThrow(() -> new IOException("malformed JSON in " + configFile));
        String wanted = normalize(registryHost);
        Optional<String> helper = findKey(config.path("credHelpers"), wanted).map(k -> config.path("credHelpers").path(k).asText(""));
        if (helper.isEmpty() && config.hasNonNull("credsStore")) {
            helper = Optional.of(config.path("credsStore").asText(""));
        }
        if (helper.isPresent() && !helper.get().isEmpty()) {
            Optional<Credentials> fromHelper = runHelper(helper.get(), wanted);
            if (fromHelper.isPresent()) {
                return fromHelper;
            }
        }
        Optional<String> key = findKey(config.path("auths"), wanted);
        return key.isEmpty() ? Optional.empty() : fromAuthEntry(config.path("auths").path(key.get()), key.get());
    }

    /**
     * Stores {@code username}/{@code password} for {@code server} as a base64 {@code auth} entry
     * under {@code auths}, as {@code docker login} does without a credential store: Docker Hub
     * under its v1 index URL, any other entry for the same host replaced, every other key kept.
     * The file is replaced atomically and owner-only ({@code rw-------}), since it holds
     * credentials.
     */
    public void store(String server, String username, String password) throws IOException {
        ObjectNode config;
        if (Files.isRegularFile(configFile)) {
            JsonNode read = RegistryJson.tryParse(Files.readAllBytes(configFile))
                    .filter(JsonNode::isObject)
                    .orElseThrow(() -> new IOException("malformed JSON in " + configFile + ": not an object"));
            config = (ObjectNode) read;
        } else {
            config = RegistryJson.MAPPER.createObjectNode();
        }
        JsonNode existing = config.path("auths");
        ObjectNode auths = existing.isObject() ? (ObjectNode) existing : config.putObject("auths");
        String wanted = normalize(server);
        findKey(auths, wanted).ifPresent(auths::remove);
        String key = wanted.equals("index.docker.io") ? HUB_KEY : server;
        auths.putObject(key).put("auth", Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        Files.createDirectories(configFile.getParent());
        AtomicFile.replace(configFile, RegistryJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(config),
                configFile.getParent(), PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Removes every {@code auths} entry for {@code server}'s host (as {@code docker logout}
     * erases it under each form it may have been saved as), every other key kept; the file is
     * replaced atomically and stays owner-only. Returns whether an entry was there.
     */
    public boolean remove(String server) throws IOException {
        if (!Files.isRegularFile(configFile)) {
            return false;
        }
        JsonNode read = RegistryJson.tryParse(Files.readAllBytes(configFile)).filter(JsonNode::isObject)
                .orElseThrow(() -> new IOException("malformed JSON in " + configFile + ": not an object"));
        JsonNode auths = read.path("auths");
        String wanted = normalize(server);
        boolean removed = false;
        for (Optional<String> key = findKey(auths, wanted); key.isPresent(); key = findKey(auths, wanted)) {
            ((ObjectNode) auths).remove(key.get());
            removed = true;
        }
        if (removed) {
            AtomicFile.replace(configFile, RegistryJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(read),
                    configFile.getParent(), PosixFilePermissions.fromString("rw-------"));
        }
        return removed;
    }

    /** The file read and written. */
    public Path configFile() {
        return configFile;
    }

    private Optional<Credentials> runHelper(String name, String normalizedHost) throws IOException {
        CredentialHelper helper = CredentialHelper.find(name, helperSearchPath, HELPER_TIMEOUT).orElseThrow(
                () -> new IOException(configFile + " names credential helper docker-credential-" + name + ", which is not on the search path"));
        // Docker asks helpers for Hub credentials by the legacy index URL, and for others by host.
        return helper.get(normalizedHost.equals("index.docker.io") ? HUB_KEY : normalizedHost);
    }

    private Optional<Credentials> fromAuthEntry(JsonNode entry, String key) throws IOException {
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IOException("the 'auth' of '" + key + "' in " + configFile + " is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IOException("the 'auth' of '" + key + "' in " + configFile + " is not user:password");
            }
            username = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        String identityToken = entry.path("identitytoken").asText("");
        String registryToken = entry.path("registrytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(username, identityToken));
        }
        if (!registryToken.isEmpty()) {
            return Optional.of(Credentials.registryToken(registryToken));
        }
        return username.isEmpty() && password.isEmpty() ? Optional.empty() : Optional.of(Credentials.basic(username, password));
    }

    private static Optional<String> findKey(JsonNode object, String normalizedHost) {
        if (!object.isObject()) {
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            String key = it.next().getKey();
            if (normalize(key).equals(normalizedHost)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** {@code https://Host:5000/v1/} → {@code host:5000}; Docker Hub's names → {@code index.docker.io}. */
    public static String normalize(String key) {
        String host = key.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
        int slash = host.indexOf('/');
        host = (slash < 0 ? host : host.substring(0, slash)).toLowerCase(Locale.ROOT);
        return switch (host) {
            case "docker.io", "registry-1.docker.io", "index.docker.io", "registry.hub.docker.com" -> "index.docker.io";
            default -> host;
        };
    }
}
