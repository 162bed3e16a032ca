/**
 * The host as the engine reaches it ({@link dev.berth.namespaces.host.Host}: system calls,
 * launcher, cgroups, process watcher), handed down through constructors so that tests can run on
 * a recording host without root, and namespace threads over a given host's system calls.
 * Internal: exported only to the Berth modules built on it.
 */
package dev.berth.namespaces.host;
