package dev.duplex.engine.handshake;

/**
 * The WebSocket resource name of a request-target (RFC 6455 section 4.2.1 item 1; RFC 9112 section 3.2):
 * origin-form {@code /path?query}, or absolute-form {@code http://host/path?query} (also {@code https},
 * {@code ws} and {@code wss}), whose authority then replaces the {@code Host} header (RFC 9112 section 3.2.2).
 *
 * @param path      the path, starting with "/", not percent-decoded
 * @param query     the query after the first "?", not decoded; null when there is no "?"
 * @param authority the authority of an absolute-form target, or null for origin-form
 */
record RequestTarget(String path, String query, Authority authority) {

    static RequestTarget parse(String target) throws HandshakeException {
        if (target.isEmpty()) {
            throw HandshakeException.badRequest("empty request-target");
        }
        if (target.indexOf('#') >= 0) {
            throw HandshakeException.badRequest("request-target has a fragment: " + HttpSyntax.quote(target));
        }
        if (target.startsWith("/")) {
            return split(target, null);
        }
        int schemeEnd = target.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : HttpSyntax.toLowerAscii(target.substring(0, schemeEnd));
        if (!(scheme.equals("http") || scheme.equals("https") || scheme.equals("ws") || scheme.equals("wss"))) {
            throw HandshakeException.badRequest("request-target is neither /path nor an http(s) or ws(s) URI: "
                    + HttpSyntax.quote(target));
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
                && target.charAt(authorityEnd) != '?') {
            authorityEnd++;
        }
        Authority authority = Authority.parse(target.substring(authorityStart, authorityEnd));
        if (authority == null) {
            throw HandshakeException.badRequest("invalid authority in request-target " + HttpSyntax.quote(target));
        }
        String rest = target.substring(authorityEnd);
        return split(rest.startsWith("/") ? rest : "/" + rest, authority);
    }

    private static RequestTarget split(String pathAndQuery, Authority authority) {
        int q = pathAndQuery.indexOf('?');
        return q < 0
                ? new RequestTarget(pathAndQuery, null, authority)
                : new RequestTarget(pathAndQuery.substring(0, q), pathAndQuery.substring(q + 1), authority);
    }
}
