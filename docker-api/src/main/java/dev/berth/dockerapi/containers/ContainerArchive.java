package dev.berth.dockerapi.containers;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.Container;
import dev.berth.PathStat;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The archive endpoints, which {@code docker cp} and docker-java's copy commands use: {@code HEAD}
 * says what a path is in {@code X-Docker-Container-Path-Stat}, {@code GET} sends it as a tar,
 * {@code PUT} unpacks a tar into a directory. Every path resolves inside the container's root,
 * through core's copy code ({@link Container#statPath}, {@link Container#copyArchiveFrom},
 * {@link Container#copyArchiveTo}), never on the host.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerArchiveInfo">ContainerArchiveInfo</a>
 */
final class ContainerArchive {
    static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

    /** The header's JSON: Go's {@code container.PathStat}, its mode a Go {@code os.FileMode}. */
    record StatJson(@JsonProperty("name") String name, @JsonProperty("size") long size, @JsonProperty("mode") long mode,
            @JsonProperty("mtime") String mtime, @JsonProperty("linkTarget") String linkTarget) {
    }

    private ContainerArchive() {
    }

    static ApiResponse head(Container c, ApiRequest req) throws Exception {
        PathStat stat = stat(c, path(req));
        return ApiResponse.empty(200).header(STAT_HEADER, header(stat));
    }

    static ApiResponse get(Container c, ApiRequest req) throws Exception {
        String path = path(req);
        PathStat stat = stat(c, path); // a 404 before any byte of the tar is sent
        return ApiResponse.stream(200, "application/x-tar", out -> c.copyArchiveFrom(path, out)).header(STAT_HEADER, header(stat));
    }

    static ApiResponse put(Container c, ApiRequest req) throws Exception {
        String path = path(req);
        PathStat stat = stat(c, path);
        if (!stat.isDirectory() && !(stat.isSymlink() && c.statPath(stat.linkTarget()).map(PathStat::isDirectory).orElse(false))) {
            throw ApiException.badRequest("extraction point is not a directory: " + path + " in container " + c.name());
        }
        c.copyArchiveTo(req.body(), stat.isSymlink() ? stat.linkTarget() : path);
        return ApiResponse.empty(200);
    }

    /** The {@code path} parameter: absolute, as dockerd resolves a relative one from the root. */
    private static String path(ApiRequest req) {
        String path = req.query("path").orElseThrow(() -> ApiException.badRequest("the path parameter is required"));
        if (path.isEmpty()) {
            throw ApiException.badRequest("the path parameter is required");
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    private static PathStat stat(Container c, String path) {
        return c.statPath(path).orElseThrow(() -> ApiException.notFound("Could not find the file " + path + " in container " + c.name()));
    }

    static String header(PathStat stat) throws Exception {
        StatJson json = new StatJson(stat.name(), stat.size(), goFileMode(stat.mode()), ContainerInspection.time(stat.modified()),
                stat.linkTarget());
        return Base64.getEncoder().encodeToString(JsonCodec.MAPPER.writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
    }

    /** A unix {@code st_mode} as Go's {@code os.FileMode}: the permission bits, with the type and special bits moved high. */
    static long goFileMode(int mode) {
        long m = mode & 0777;
        switch (mode & PathStat.TYPE_MASK) {
            case 0040000 -> m |= 1L << 31;             // ModeDir
            case 0120000 -> m |= 1L << 27;             // ModeSymlink
            case 0010000 -> m |= 1L << 25;             // ModeNamedPipe
            case 0140000 -> m |= 1L << 24;             // ModeSocket
            case 0020000 -> m |= (1L << 26) | (1L << 21); // ModeDevice | ModeCharDevice
            case 0060000 -> m |= 1L << 26;             // ModeDevice
            default -> { }
        }
        if ((mode & 04000) != 0) {
            m |= 1L << 23; // ModeSetuid
        }
        if ((mode & 02000) != 0) {
            m |= 1L << 22; // ModeSetgid
        }
        if ((mode & 01000) != 0) {
            m |= 1L << 20; // ModeSticky
        }
        return m;
    }
}
