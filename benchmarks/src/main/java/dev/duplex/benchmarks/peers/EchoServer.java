package dev.duplex.benchmarks.peers;

/** A running reference echo server. */
interface EchoServer extends AutoCloseable {
    /** Largest message every reference server accepts: 64 MiB. */
    int MAX_MESSAGE = 64 << 20;
}
