/**
 * The home's event log ({@link dev.berth.events.EventLog}): what every JVM on a home records of
 * its containers, images, networks and volumes, read back as {@link dev.berth.Berth#events}
 * streams, as Docker's daemon keeps its event stream
 * (<a href="https://docs.docker.com/reference/cli/docker/system/events/">docker events</a>).
 */
package dev.berth.events;
