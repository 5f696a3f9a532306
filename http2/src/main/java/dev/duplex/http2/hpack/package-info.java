/**
 * HPACK (RFC 7541): header compression for HTTP/2, with Huffman coding and the dynamic table.
 *
 * <p>Public API: {@link dev.duplex.http2.hpack.HpackEncoder} (one per connection, for the header blocks we send),
 * {@link dev.duplex.http2.hpack.HpackDecoder} (one per connection, for the blocks we receive; returns
 * {@link dev.duplex.http2.hpack.DecodedHeaders}), {@link dev.duplex.http2.hpack.HeaderField} and
 * {@link dev.duplex.http2.hpack.HpackException} (a COMPRESSION_ERROR, RFC 9113 section 4.3). Header strings are
 * ISO-8859-1: one char per octet. Internals, one concern each: {@code StaticTable} (Appendix A),
 * {@code DynamicTable} (sections 2.3.2 and 4), {@code HpackInteger} (section 5.1), {@code StringLiteral}
 * (section 5.2) and {@code Huffman} (section 5.2 and Appendix B).
 */
package dev.duplex.http2.hpack;
