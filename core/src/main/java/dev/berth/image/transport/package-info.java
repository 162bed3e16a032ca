/**
 * Image transports behind one pair of interfaces, as containers/image has them
 * (<a href="https://github.com/containers/image/blob/main/types/types.go">types.ImageSource,
 * types.ImageDestination</a>): the registry, the store, OCI layouts (directory and archive) and
 * docker-archive each read through an {@link dev.berth.image.transport.ImageSource} and write through an
 * {@link dev.berth.image.transport.ImageDestination}, and {@link dev.berth.image.transport.ImageCopy}
 * is the one operation between any two of them: pull, push, load, save and {@code berth copy}.
 */
package dev.berth.image.transport;
