/**
 * Berth's public API: the {@link dev.berth.Berth} engine, {@link dev.berth.Container} and its
 * builder, exec results and exceptions. The layers below are in {@code dev.berth.image} (images
 * and the store), {@code dev.berth.registry} (the registry client), {@code dev.berth.runtime}
 * (how an image and options become a launch) and {@code dev.berth.wait} (readiness).
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/container/run/">docker run</a>
 */
package dev.berth;
