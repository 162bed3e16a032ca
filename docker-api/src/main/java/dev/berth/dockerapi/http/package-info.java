/** HTTP/1.1 on a unix socket with Netty: routing, versions, streamed and hijacked answers. */
package dev.berth.dockerapi.http;
