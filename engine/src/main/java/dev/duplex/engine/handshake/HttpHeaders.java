package dev.duplex.engine.handshake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The header field lines of an HTTP/1.1 head: an ordered multi-map whose names are compared ASCII
 * case-insensitively (RFC 9110 section 5.1). Lines keep their order and the spelling they were added with.
 * <p>{@link #add} refuses names that are not tokens and values holding CR, LF or other control characters,
 * so headers built by an application cannot split the head they are written into. Values are stored as
 * given (the parser has already removed the optional whitespace around them).
 * <p>Not thread-safe. Equality compares the lines in order, names case-insensitively.
 */
public final class HttpHeaders {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    /** An empty set of header lines. */
    public HttpHeaders() {
    }

    /** A copy of {@code other}, or an empty set when it is null. */
    public static HttpHeaders copyOf(HttpHeaders other) {
        HttpHeaders copy = new HttpHeaders();
        if (other != null) {
            copy.names.addAll(other.names);
            copy.values.addAll(other.values);
        }
        return copy;
    }

    /**
     * Appends the line {@code name: value}.
     *
     * @return this, for chaining
     * @throws IllegalArgumentException if {@code name} is not a token (RFC 9110 section 5.1) or {@code value}
     *                                  holds a control character other than HTAB (section 5.5)
     */
    public HttpHeaders add(String name, String value) {
        if (!HttpSyntax.isToken(name)) {
            throw new IllegalArgumentException("header name is not a token: " + HttpSyntax.quote(name));
        }
        if (!HttpSyntax.isFieldValue(value)) {
            throw new IllegalArgumentException("header " + name + " has a control character in its value");
        }
        names.add(name);
        values.add(value);
        return this;
    }

    /** The value of the first line named {@code name}, or null when there is none. */
    public String first(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (HttpSyntax.equalsIgnoreAsciiCase(names.get(i), name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** The values of every line named {@code name}, in order; empty when there is none. */
    public List<String> all(String name) {
        List<String> found = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (HttpSyntax.equalsIgnoreAsciiCase(names.get(i), name)) {
                found.add(values.get(i));
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** Whether at least one line is named {@code name}. */
    public boolean contains(String name) {
        return first(name) != null;
    }

    /**
     * The elements of the comma-separated list formed by every line named {@code name} (RFC 9110 section 5.3
     * and 5.6.1): repeated lines are one list, elements are trimmed of whitespace, empty elements skipped.
     * A comma inside a quoted string does not separate elements.
     */
    public List<String> tokens(String name) {
        List<String> found = new ArrayList<>(4);
        for (int i = 0; i < names.size(); i++) {
            if (HttpSyntax.equalsIgnoreAsciiCase(names.get(i), name)) {
                splitList(values.get(i), found);
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** Whether {@link #tokens tokens(name)} holds an element that is an ASCII case-insensitive match of {@code token}. */
    public boolean containsToken(String name, String token) {
        for (String element : tokens(name)) {
            if (HttpSyntax.equalsIgnoreAsciiCase(element, token)) {
                return true;
            }
        }
        return false;
    }

    /** The distinct names, in order of first appearance, each spelled as on its first line. */
    public List<String> names() {
        List<String> distinct = new ArrayList<>();
        for (String name : names) {
            if (distinct.stream().noneMatch(seen -> HttpSyntax.equalsIgnoreAsciiCase(seen, name))) {
                distinct.add(name);
            }
        }
        return Collections.unmodifiableList(distinct);
    }

    /** The number of lines. */
    public int size() {
        return names.size();
    }

    /** Whether there are no lines. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** Calls {@code action} with the name and value of each line, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < names.size(); i++) {
            action.accept(names.get(i), values.get(i));
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HttpHeaders other) || other.size() != size()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!HttpSyntax.equalsIgnoreAsciiCase(names.get(i), other.names.get(i)) || !values.get(i).equals(other.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < names.size(); i++) {
            h = 31 * h + HttpSyntax.toLowerAscii(names.get(i)).hashCode();
            h = 31 * h + values.get(i).hashCode();
        }
        return h;
    }

    /** The lines as {@code {Name: value, Name: value}}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(values.get(i));
        }
        return out.append('}').toString();
    }

    private static void splitList(String value, List<String> into) {
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                addElement(value.substring(start, i), into);
                start = i + 1;
            }
        }
        addElement(value.substring(start), into);
    }

    private static void addElement(String raw, List<String> into) {
        String element = HttpSyntax.trimWhitespace(raw);
        if (!element.isEmpty()) {
            into.add(element);
        }
    }
}
