package dev.duplex.engine.extension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header: an extension name and its parameters, in order
 * (RFC 6455 section 9.1). A parameter without a value has a null value. Names compare case-insensitively
 * and are kept in lower case.
 */
public record ExtensionParameters(String name, List<Parameter> parameters) {

    /** One {@code name[=value]} parameter; {@code value} is null when absent. */
    public record Parameter(String name, String value) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            name = name.toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return value == null ? name : name + "=" + value;
        }
    }

    public ExtensionParameters {
        Objects.requireNonNull(name, "name");
        name = name.toLowerCase(Locale.ROOT);
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    public static ExtensionParameters of(String name, Parameter... parameters) {
        return new ExtensionParameters(name, List.of(parameters));
    }

    /** Whether a parameter of that name is present (with or without a value). */
    public boolean has(String parameter) {
        return find(parameter) != null;
    }

    /** The parameter of that name, or null. */
    public Parameter find(String parameter) {
        for (Parameter p : parameters) {
            if (p.name().equalsIgnoreCase(parameter)) {
                return p;
            }
        }
        return null;
    }

    /** This element as it appears in a header: {@code name; p1; p2=v}. */
    public String toHeaderValue() {
        StringBuilder sb = new StringBuilder(name);
        for (Parameter p : parameters) {
            sb.append("; ").append(p.name());
            if (p.value() != null) {
                sb.append('=').append(ExtensionHeader.needsQuotes(p.value()) ? '"' + p.value() + '"' : p.value());
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }
}
