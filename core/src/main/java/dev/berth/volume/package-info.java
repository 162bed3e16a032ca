/**
 * Named volumes of the {@code local} driver: directories under the Berth home with a record of
 * how each was created, as Docker keeps them in {@code /var/lib/docker/volumes}
 * (<a href="https://docs.docker.com/engine/storage/volumes/">Volumes</a>).
 */
package dev.berth.volume;
