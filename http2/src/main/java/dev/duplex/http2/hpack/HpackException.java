package dev.duplex.http2.hpack;

import dev.duplex.http2.ErrorCode;

/**
 * A header block that HPACK cannot decode (RFC 7541): a bad index, integer, string, Huffman code or dynamic
 * table size update. The decoder's state is then out of sync with the peer's encoder, so the connection must
 * end with a connection error of type {@link ErrorCode#COMPRESSION_ERROR} (RFC 9113 section 4.3); the decoder
 * that threw refuses further blocks. The message names the rule broken.
 */
public class HpackException extends Exception {
    private static final long serialVersionUID = 1L;

    public HpackException(String message) {
        super(message);
    }

    /** The HTTP/2 error code this failure maps to: always {@link ErrorCode#COMPRESSION_ERROR} (RFC 9113 section 4.3). */
    public ErrorCode errorCode() {
        return ErrorCode.COMPRESSION_ERROR;
    }
}
