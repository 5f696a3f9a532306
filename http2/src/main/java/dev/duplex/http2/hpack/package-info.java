/** HPACK (RFC 7541): header compression for HTTP/2, with Huffman coding and the dynamic table. */
package dev.duplex.http2.hpack;
