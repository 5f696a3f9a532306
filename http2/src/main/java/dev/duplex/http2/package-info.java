/**
 * HTTP/2 (RFC 9113) as a pure protocol engine: frames, the connection and stream state machines, SETTINGS,
 * flow control, and the extended CONNECT of RFC 8441. Bytes in, events out; no sockets, threads or clocks.
 */
package dev.duplex.http2;
