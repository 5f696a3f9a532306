package dev.duplex.http2.hpack;

import java.util.List;
import java.util.Objects;

/**
 * The result of decoding one header block.
 *
 * @param fields   the decoded header list, in order; when {@code tooLarge}, only the fields that fit within the
 *                 header list size limit (the block was decoded to the end all the same)
 * @param size     the size of the whole decoded header list: the sum of {@link HeaderField#size()} of every field
 *                 in the block, collected or not (the measure of SETTINGS_MAX_HEADER_LIST_SIZE, RFC 9113 section 6.5.2)
 * @param tooLarge whether {@code size} exceeds the decoder's header list size limit
 */
public record DecodedHeaders(List<HeaderField> fields, long size, boolean tooLarge) {
    public DecodedHeaders {
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
    }
}
