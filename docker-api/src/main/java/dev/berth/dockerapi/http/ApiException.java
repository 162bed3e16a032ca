package dev.berth.dockerapi.http;

/**
 * An error answered as Docker does: the status code and {@code {"message": "..."}}.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/#errors">Docker Engine API errors</a>
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** 304: the container is already started, or already stopped. */
    public static ApiException notModified() {
        return new ApiException(304, "");
    }
}
