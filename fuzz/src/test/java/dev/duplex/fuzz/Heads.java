package dev.duplex.fuzz;

import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.engine.handshake.HttpHeadParser;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.HttpRequestHead;
import dev.duplex.engine.handshake.HttpResponseHead;

import java.nio.ByteBuffer;

/**
 * Runs an {@link HttpHeadParser} over an input cut into pieces and checks the parser's own contract: it
 * consumes every byte it is given until the head ends, then nothing; a failure is terminal and rethrown as the
 * same exception; a complete head fits the limits and ends with a line feed.
 */
final class Heads {
    /** Tight limits, so that every limit is reached by inputs of a few hundred bytes. */
    static final HeadLimits SMALL = new HeadLimits(48, 400, 6);

    private Heads() {
    }

    /**
     * The outcome of parsing one input.
     *
     * @param done     the head is complete
     * @param consumed bytes consumed: the head's length when done
     * @param head     the request or response head when done, else null
     * @param failure  the parser's failure, or null
     */
    record Outcome(boolean done, int consumed, Object head, HandshakeException failure) {
        /** Everything observable, for comparing two parses. */
        String describe() {
            if (failure != null) {
                return "failed " + failure.status() + " " + failure.getMessage();
            }
            return done ? "done after " + consumed + ": " + head : "incomplete";
        }

        HttpRequestHead request() {
            return (HttpRequestHead) head;
        }

        HttpResponseHead response() {
            return (HttpResponseHead) head;
        }
    }

    static Outcome parse(boolean requests, HeadLimits limits, byte[] data, int[] cuts) {
        HttpHeadParser parser = requests ? HttpHeadParser.forRequests(limits) : HttpHeadParser.forResponses(limits);
        int consumed = 0;
        for (int i = 1; i < cuts.length; i++) {
            int from = cuts[i - 1];
            ByteBuffer in = ByteBuffer.wrap(data, from, cuts[i] - from);
            boolean done;
            try {
                done = parser.parse(in);
            } catch (HandshakeException e) {
                checkTerminal(parser, e);
                return new Outcome(false, consumed, null, e);
            }
            consumed += in.position() - from;
            if (done) {
                return complete(requests, limits, parser, data, consumed);
            }
            FuzzFailure.check(!in.hasRemaining(), "an incomplete head left input unread");
            FuzzFailure.check(!parser.isDone(), "isDone() before parse() returned true");
        }
        return new Outcome(false, consumed, null, null);
    }

    private static void checkTerminal(HttpHeadParser parser, HandshakeException first) {
        try {
            parser.parse(ByteBuffer.wrap(new byte[] {'\n'}));
            throw new FuzzFailure("parse() succeeded after it failed with " + first.getMessage());
        } catch (HandshakeException again) {
            FuzzFailure.check(again == first, "a failed parser threw another exception: " + again.getMessage());
        }
    }

    private static Outcome complete(boolean requests, HeadLimits limits, HttpHeadParser parser, byte[] data,
                                    int consumed) {
        FuzzFailure.check(parser.isDone(), "parse() returned true but isDone() is false");
        ByteBuffer more = ByteBuffer.wrap(new byte[] {'x', '\r', '\n'});
        try {
            FuzzFailure.check(parser.parse(more) && more.position() == 0, "a complete parser consumed more input");
        } catch (HandshakeException e) {
            throw new FuzzFailure("a complete parser threw " + e.getMessage());
        }
        FuzzFailure.check(consumed <= limits.maxHeaderBytes(), () -> "a head of " + consumed + " bytes passed");
        FuzzFailure.check(data[consumed - 1] == '\n', "the head does not end with a line feed");
        Object head;
        HttpHeaders headers;
        if (requests) {
            HttpRequestHead request = parser.request();
            head = request;
            headers = request.headers();
            int lineLength = request.method().length() + request.target().length() + request.version().length() + 2;
            FuzzFailure.check(lineLength <= limits.maxLineLength(), "a request line over the limit passed");
            FuzzFailure.check(!request.method().isEmpty() && !request.target().isEmpty(), "empty method or target");
            FuzzFailure.check(isHttp1(request.version()), () -> "version " + request.version());
        } else {
            HttpResponseHead response = parser.response();
            head = response;
            headers = response.headers();
            FuzzFailure.check(response.status() >= 100 && response.status() <= 599, "status out of range");
            FuzzFailure.check(isHttp1(response.version()), () -> "version " + response.version());
        }
        FuzzFailure.check(headers.size() <= limits.maxHeaderCount(), "more header lines than the limit passed");
        headers.forEach((name, value) -> {
            FuzzFailure.check(name.length() + 1 + value.length() <= limits.maxLineLength(),
                    "a header line over the limit passed");
            FuzzFailure.check(value.isEmpty() || !isOws(value), "value not trimmed of whitespace");
            // RFC 9110 section 5.5 plus DEL, which the engine lets through on purpose (hixie-76 clients send it
            // in their keys); never CR, LF, NUL or another C0 control.
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                FuzzFailure.check(c == '\t' || c >= 0x20 && c <= 0xFF, "control character in a value");
            }
        });
        return new Outcome(true, consumed, head, null);
    }

    private static boolean isHttp1(String version) {
        return version.length() == 8 && version.startsWith("HTTP/1.") && version.charAt(7) >= '0'
                && version.charAt(7) <= '9';
    }

    private static boolean isOws(String value) {
        char first = value.charAt(0);
        char last = value.charAt(value.length() - 1);
        return first == ' ' || first == '\t' || last == ' ' || last == '\t';
    }

    /** Parses whole and split, checks both agree, and checks that tight limits never accept what loose ones refuse. */
    static Outcome parseAllWays(boolean requests, byte[] data) {
        long seed = Pieces.seedOf(data);
        Outcome whole = parse(requests, HeadLimits.defaults(), data, new int[] {0, data.length});
        Outcome split = parse(requests, HeadLimits.defaults(), data, Pieces.cuts(data.length, seed));
        if (!whole.describe().equals(split.describe())) {
            throw new FuzzFailure("one piece and split input differ:\n  whole: " + whole.describe() + "\n  split: "
                    + split.describe());
        }
        Outcome small = parse(requests, SMALL, data, Pieces.cuts(data.length, ~seed));
        if (small.done() && !small.describe().equals(whole.describe())) {
            throw new FuzzFailure("tight limits accepted another head:\n  default: " + whole.describe()
                    + "\n  tight: " + small.describe());
        }
        return whole;
    }
}
