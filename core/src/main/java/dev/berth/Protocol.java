package dev.berth;

/** The transport protocol of a published port ({@code docker run -p 53:53/udp}). */
public enum Protocol {
    TCP,
    UDP
}
