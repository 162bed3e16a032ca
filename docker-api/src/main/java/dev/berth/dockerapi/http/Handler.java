package dev.berth.dockerapi.http;

/** One endpoint: runs on a worker thread, so it may block. */
@FunctionalInterface
public interface Handler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
