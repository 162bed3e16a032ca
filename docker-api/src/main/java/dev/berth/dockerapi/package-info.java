/** The Docker Engine API on a unix socket: {@link dev.berth.dockerapi.DockerApiServer}. */
package dev.berth.dockerapi;
