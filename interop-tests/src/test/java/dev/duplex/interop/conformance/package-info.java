/**
 * A conformance suite over real loopback sockets, modelled on the Autobahn|Testsuite, for both of Duplex's
 * roles: the server of {@code duplex serve} (its {@code /echo} route) against a raw fuzzing client, and the
 * client of {@code duplex testee-client} (run through its command line) against a raw fuzzing server that
 * speaks the suite's URL protocol.
 * <ul>
 * <li>{@link dev.duplex.interop.conformance.Frame}: a frame built by hand or read back;</li>
 * <li>{@link dev.duplex.interop.conformance.WireChannel}: one upgraded connection on the fuzzer's side:
 * writes in one piece, frame by frame or in chops with pauses; reads frames with a deadline; sees the TCP
 * close;</li>
 * <li>{@link dev.duplex.interop.conformance.Handshakes}: the opening handshake by hand, both sides;</li>
 * <li>{@link dev.duplex.interop.conformance.Script}: what a case sends and expects, the same in both roles,
 * with the close handshake and the TCP close (RFC 6455 section 7.1.1) checked by role;</li>
 * <li>{@link dev.duplex.interop.conformance.FuzzingServer}: the fuzzing server for {@code testee-client};</li>
 * <li>{@link dev.duplex.interop.conformance.ConformanceTest}: the products under test; one subclass per
 * group of suite sections ({@code FramingTest} 1-2, {@code ReservedTest} 3-4, {@code FragmentationTest} 5,
 * {@code Utf8Test} 6, {@code CloseTest} 7, {@code LimitsTest} 9-10), each case played against both;
 * {@code ClientTcpCloseTest} times the client's TCP close.</li>
 * </ul>
 * Run: {@code mvn -pl interop-tests test -Dtest='dev.duplex.interop.conformance.**'}.
 */
package dev.duplex.interop.conformance;
