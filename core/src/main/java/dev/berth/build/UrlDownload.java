package dev.berth.build;

import dev.berth.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code ADD URL} and {@code ADD --checksum=sha256:... URL}: fetches the file (with a checksum,
 * every byte is checked against it before it is used), and names it by the URL's last path
 * element, mode 0600 and mtime from {@code Last-Modified} as Docker does
 * (<a href="https://docs.docker.com/reference/dockerfile/#adding-files-from-a-url">ADD URL</a>,
 * <a href="https://docs.docker.com/reference/dockerfile/#add---checksum">ADD --checksum</a>).
 */
final class UrlDownload {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();

    private UrlDownload() {
    }

    /** Downloads {@code url} into {@code dir}, checked against {@code checksum} unless null; returns the file's name. */
    static String fetch(URI url, String checksum, Path dir) throws IOException {
        String path = url.getPath() == null ? "" : url.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals("..") || name.equals(".")) {
            name = "download";
        }
        Path file = dir.resolve(name);
        HttpResponse<InputStream> response;
        try {
            response = CLIENT.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
        MessageDigest sha = Digest.newSha256();
        try (InputStream body = new DigestInputStream(response.body(), sha)) {
            if (response.statusCode() != 200) {
                throw new IOException("cannot fetch " + url + ": HTTP " + response.statusCode());
            }
            Files.copy(body, file);
        }
        Digest got = Digest.fromHash(sha.digest());
        if (checksum != null && !got.toString().equals(checksum)) {
            throw new IOException("checksum of " + url + " is " + got + ", not " + checksum);
        }
        Files.setAttribute(file, "unix:mode", 0600);
        response.headers().firstValue("Last-Modified").ifPresent(lm -> {
            try {
                Files.setLastModifiedTime(file, FileTime.from(
                        ZonedDateTime.parse(lm, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
            } catch (IOException | RuntimeException ignored) {
                // a malformed date leaves the download time
            }
        });
        return name;
    }
}
