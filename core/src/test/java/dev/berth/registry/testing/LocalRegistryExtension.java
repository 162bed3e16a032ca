package dev.berth.registry.testing;

import dev.berth.registry.CredentialSource;
import dev.berth.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class one {@link LocalRegistry} (and, for token auth, its {@link TokenServer}),
 * started before its tests and stopped after them; skips the class, saying why, when a tool is
 * missing. Use as {@code @RegisterExtension static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.plain();}.
 */
public final class LocalRegistryExtension implements BeforeAllCallback, AfterAllCallback {
    private enum Kind { PLAIN, HTPASSWD, TOKENS }

    private final Kind kind;
    private final String user;
    private final String password;
    private final Consumer<TokenServer> tokenSetup;
    private Path dir;
    private LocalRegistry registry;
    private TokenServer tokens;

    private LocalRegistryExtension(Kind kind, String user, String password, Consumer<TokenServer> tokenSetup) {
        this.kind = kind;
        this.user = user;
        this.password = password;
        this.tokenSetup = tokenSetup;
    }

    /** A registry without authentication. */
    public static LocalRegistryExtension plain() {
        return new LocalRegistryExtension(Kind.PLAIN, "", "", t -> { });
    }

    /** A registry with Basic authentication for one user. */
    public static LocalRegistryExtension htpasswd(String user, String password) {
        return new LocalRegistryExtension(Kind.HTPASSWD, user, password, t -> { });
    }

    /** A registry with token authentication; {@code setup} adds users to the token server. */
    public static LocalRegistryExtension tokens(Consumer<TokenServer> setup) {
        return new LocalRegistryExtension(Kind.TOKENS, "", "", setup);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        RequiredTools.dockerRegistry();
        if (kind == Kind.HTPASSWD) {
            RequiredTools.htpasswd();
        }
        dir = Files.createTempDirectory("berth-registry-test");
        registry = switch (kind) {
            case PLAIN -> LocalRegistry.start(dir.resolve("registry"));
            case HTPASSWD -> LocalRegistry.startWithHtpasswd(dir.resolve("registry"), user, password);
            case TOKENS -> {
                tokens = TokenServer.start(dir.resolve("tokens"));
                tokenSetup.accept(tokens);
                yield LocalRegistry.startWithTokens(dir.resolve("registry"), tokens);
            }
        };
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String host() {
        return registry.host();
    }

    /** The token server, for {@link #tokens} registries. */
    public TokenServer tokenServer() {
        return tokens;
    }

    /** A client builder for this registry with no credentials; tests add theirs. */
    public RegistryClient.Builder clientBuilder() {
        return RegistryClient.builder(host()).credentialSource(CredentialSource.none());
    }
}
