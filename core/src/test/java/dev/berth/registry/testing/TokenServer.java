package dev.berth.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.io.BaseEncoding;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A token server for Docker's token authentication, run by the tests: {@code GET /token} with
 * Basic credentials (or none) and {@code POST /token} with the OAuth2 refresh-token grant. It
 * issues ES256 JWTs with the claims distribution 2.8 checks ({@code iss}, {@code sub},
 * {@code aud}, {@code exp}, {@code nbf}, {@code iat}, {@code jti}, {@code access}) and a
 * {@code kid} in libtrust's format (the first 240 bits of the SHA-256 of the key's DER,
 * base32, in groups of four), which is how 2.8 finds the key in its {@code rootcertbundle}.
 * The key and self-signed certificate are made with the JDK's keytool.
 */
public final class TokenServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String kid;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> actionsByUser = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Duration lifetime = Duration.ofMinutes(5);

    private TokenServer(Path dir) throws IOException {
        KeyPairFiles files = KeyPairFiles.generate(dir);
        this.key = files.key();
        this.certificate = files.certificate();
        this.kid = libtrustKeyId(certificate.getPublicKey().getEncoded());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.createContext("/token", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "test-token-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Starts a token server with its key material in {@code dir}. */
    public static TokenServer start(Path dir) throws IOException {
        return new TokenServer(dir);
    }

    /** Lets {@code user} log in with {@code password}; it is granted the given actions (default: all it asks for). */
    public TokenServer user(String user, String password, String... actions) {
        passwords.put(user, password);
        if (actions.length > 0) {
            actionsByUser.put(user, Set.of(actions));
        }
        return this;
    }

    /** Accepts {@code refreshToken} (an identity token) as {@code user}. */
    public TokenServer refreshToken(String user, String refreshToken) {
        refreshTokens.put(refreshToken, user);
        return this;
    }

    /** The {@code expires_in} of tokens issued from now on. */
    public TokenServer lifetime(Duration lifetime) {
        this.lifetime = lifetime;
        return this;
    }

    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    public String service() {
        return "berth-test-registry";
    }

    public String issuer() {
        return "berth-test-issuer";
    }

    /** The certificate the registry trusts, PEM. */
    public String certificatePem() throws IOException {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    /** Each request so far: {@code "GET user scope1 scope2"} (user {@code -} when anonymous). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> params = new ConcurrentHashMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), params);
            if (exchange.getRequestMethod().equals("POST")) {
                parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
            }
            Optional<String> user = authenticate(exchange, params);
            List<String> scopes = new ArrayList<>();
            params.getOrDefault("scope", List.of()).forEach(s -> scopes.addAll(List.of(s.split(" "))));
            requests.add(exchange.getRequestMethod() + " " + user.orElse("-") + " " + String.join(" ", scopes));
            boolean presentedCredentials = exchange.getRequestHeaders().containsKey("Authorization") || params.containsKey("refresh_token");
            if (user.isEmpty() && presentedCredentials) {
                byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"invalid username or password\"}]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            String token = issue(user.orElse(""), scopes, first(params, "service"));
            ObjectNode response = JSON.createObjectNode().put("token", token).put("access_token", token)
                    .put("expires_in", lifetime.toSeconds()).put("issued_at", Instant.now().toString());
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Optional<String> authenticate(HttpExchange exchange, Map<String, List<String>> params) {
        if ("refresh_token".equals(first(params, "grant_type"))) {
            return Optional.ofNullable(refreshTokens.get(first(params, "refresh_token")));
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return Optional.empty();
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String user = decoded.substring(0, Math.max(colon, 0));
        return colon > 0 && decoded.substring(colon + 1).equals(passwords.get(user)) ? Optional.of(user) : Optional.empty();
    }

    private String issue(String subject, List<String> scopes, String audience) throws IOException {
        ArrayNode access = JSON.createArrayNode();
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (subject.isEmpty() || first < 0 || last <= first) {
                continue;
            }
            ArrayNode actions = access.addObject().put("type", scope.substring(0, first)).put("name", scope.substring(first + 1, last))
                    .putArray("actions");
            Set<String> allowed = actionsByUser.get(subject);
            for (String action : scope.substring(last + 1).split(",")) {
                if (allowed == null || allowed.contains(action)) {
                    actions.add(action);
                }
            }
        }
        long now = Instant.now().getEpochSecond();
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256").put("kid", kid);
        ObjectNode claims = JSON.createObjectNode().put("iss", issuer()).put("sub", subject).put("aud", audience)
                .put("exp", now + lifetime.toSeconds()).put("nbf", now - 1).put("iat", now).put("jti", UUID.randomUUID().toString());
        claims.set("access", access);
        String signingInput = base64Url(JSON.writeValueAsBytes(header)) + "." + base64Url(JSON.writeValueAsBytes(claims));
        try {
            // JWS wants the raw r||s signature, which is what the P1363 format gives.
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** libtrust's key id: SHA-256 of the DER public key, first 30 bytes, base32, in colon-separated groups of four. */
    static String libtrustKeyId(byte[] publicKeyDer) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(publicKeyDer);
            String b32 = BaseEncoding.base32().omitPadding().encode(java.util.Arrays.copyOf(hash, 30));
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < b32.length(); i += 4) {
                id.append(i == 0 ? "" : ":").append(b32, i, i + 4);
            }
            return id.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void parseForm(String raw, Map<String, List<String>> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(value);
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** An EC P-256 key and self-signed certificate made by keytool in a PKCS12 store. */
    private record KeyPairFiles(PrivateKey key, X509Certificate certificate) {
        static KeyPairFiles generate(Path dir) throws IOException {
            Files.createDirectories(dir);
            Path store = dir.resolve("token-signing.p12");
            Files.deleteIfExists(store);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            ExternalCommand.run(Duration.ofSeconds(60), List.of(keytool, "-genkeypair", "-alias", "token", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=berth-test-token-issuer",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
                    "-keypass", "changeit"));
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(store)) {
                    ks.load(in, "changeit".toCharArray());
                }
                return new KeyPairFiles((PrivateKey) ks.getKey("token", "changeit".toCharArray()), (X509Certificate) ks.getCertificate("token"));
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
    }
}
