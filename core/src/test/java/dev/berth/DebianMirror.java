package dev.berth;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Debian mirror this machine's apt uses, as /etc/apt names it: the first {@code http} URI
 * of a {@code deb} source for {@code /debian}, in one-line form ({@code sources.list},
 * {@code sources.list.d/*.list}) or deb822 form ({@code sources.list.d/*.sources}), as
 * sources.list(5) describes them. Tests read it; nothing of it is written into the repository.
 */
final class DebianMirror {
    private DebianMirror() {
    }

    /** This machine's. */
    static Optional<URI> fromHost() throws IOException {
        return from(Path.of("/etc/apt"));
    }

    static Optional<URI> from(Path etcApt) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(etcApt.resolve("sources.list"));
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).sorted().forEach(files::add);
            }
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            List<String> uris = f.toString().endsWith(".sources") ? deb822(Files.readAllLines(f)) : oneLine(Files.readAllLines(f));
            for (String u : uris) {
                URI uri = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
                if ("http".equals(uri.getScheme()) && uri.getPath() != null && uri.getPath().endsWith("/debian")) {
                    return Optional.of(uri);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code deb [options] URI suite components}: the URIs. */
    private static List<String> oneLine(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String l = line.replaceAll("#.*", "").replaceAll("\\[[^]]*]", " ").trim();
            String[] f = l.split("\\s+");
            if (f.length >= 3 && f[0].equals("deb")) {
                out.add(f[1]);
            }
        }
        return out;
    }

    /** Stanzas of {@code Field: value} lines separated by blank ones: URIs of those whose Types has deb and that are not disabled. */
    private static List<String> deb822(List<String> lines) {
        List<String> out = new ArrayList<>();
        List<String> stanza = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                out.addAll(stanzaUris(stanza));
                stanza.clear();
            } else if (!line.startsWith("#")) {
                stanza.add(line);
            }
        }
        out.addAll(stanzaUris(stanza));
        return out;
    }

    private static List<String> stanzaUris(List<String> stanza) {
        String types = field(stanza, "Types");
        String enabled = field(stanza, "Enabled");
        if (types == null || !List.of(types.split("\\s+")).contains("deb") || "no".equalsIgnoreCase(enabled)) {
            return List.of();
        }
        String uris = field(stanza, "URIs");
        return uris == null ? List.of() : List.of(uris.trim().split("\\s+"));
    }

    private static String field(List<String> stanza, String name) {
        for (String l : stanza) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return l.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
