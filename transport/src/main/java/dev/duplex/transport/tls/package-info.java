/**
 * TLS helpers without dependencies: {@link dev.duplex.transport.tls.SelfSignedCertificate}, a certificate and
 * key made in memory for {@code duplex serve --tls} without a keystore, and for tests.
 */
package dev.duplex.transport.tls;
