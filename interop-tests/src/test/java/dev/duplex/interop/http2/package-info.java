/**
 * WebSockets over HTTP/2 (RFC 8441) and plain HTTP/2 (RFC 9113) between Duplex and peers nobody on the team wrote,
 * over loopback:
 * <ul>
 * <li>{@code JettyClientOverHttp2Test}, {@code DuplexClientToJettyHttp2Test}: Jetty 12.1 in both roles, h2c with
 * prior knowledge and TLS with ALPN h2;</li>
 * <li>{@code Http2ToolsTest}: curl, nghttp and h2load against the server's page routes and its SETTINGS;</li>
 * <li>{@code HaproxyHttp2Test}: HAProxy 2.6 turning HTTP/1.1 upgrades into extended CONNECTs and back
 * ({@code conformance.Http2HopConformanceTest} plays the socket-level cases through the same hop).</li>
 * </ul>
 * {@link dev.duplex.interop.http2.DuplexEcho} is the server under test; {@link dev.duplex.interop.http2.Haproxy} and
 * {@link dev.duplex.interop.http2.Tool} run the external programs, bounded in time and stopped by PID. They come from
 * Debian packages installed by {@code scripts/install-peers.sh}; tests that need a missing one are skipped.
 */
package dev.duplex.interop.http2;
