package dev.duplex.browser;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The host parser of the URL Standard (https://url.spec.whatwg.org/#host-parsing) for special schemes:
 * bracketed IPv6 addresses, IPv4 addresses in any of their legacy forms (decimal, octal, hexadecimal, fewer
 * than four parts), and domains. Domains go through {@code java.net.IDN} (IDNA 2003 mapping), which agrees
 * with the standard's UTS #46 processing for ordinary names.
 */
final class HostParser {
    private static final String FORBIDDEN_HOST = "\0\t\n\r #/:<>?@[\\]^|";

    private HostParser() {
    }

    /** The serialized host. */
    static String parse(String input) throws UrlParser.Failure {
        if (input.startsWith("[")) {
            if (!input.endsWith("]")) {
                throw new UrlParser.Failure("unclosed IPv6 address: " + input);
            }
            return "[" + serializeIpv6(parseIpv6(input.substring(1, input.length() - 1))) + "]";
        }
        String domain = new String(percentDecode(input), StandardCharsets.UTF_8);
        String ascii = domainToAscii(domain);
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (FORBIDDEN_HOST.indexOf(c) >= 0 || c <= 0x1F || c == '%' || c == 0x7F) {
                throw new UrlParser.Failure("forbidden character in host: " + Strings.describe(c));
            }
        }
        if (endsInNumber(ascii)) {
            return serializeIpv4(parseIpv4(ascii));
        }
        return ascii;
    }

    private static String domainToAscii(String domain) throws UrlParser.Failure {
        String result;
        if (domain.chars().allMatch(c -> c < 0x80)) {
            result = domain.toLowerCase(Locale.ROOT);
        } else {
            try {
                result = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new UrlParser.Failure("invalid international domain name: " + e.getMessage());
            }
        }
        if (result.isEmpty()) {
            throw new UrlParser.Failure("empty host");
        }
        return result;
    }

    private static byte[] percentDecode(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    private static int hex(int b) {
        return b < 0x80 ? Character.digit(b, 16) : -1;
    }

    // ---- IPv4 (URL Standard section 3.5, "ends in a number", "IPv4 parser") --------------------------------

    private static boolean endsInNumber(String input) {
        List<String> parts = new ArrayList<>(Arrays.asList(input.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty()) {
            if (parts.size() == 1) {
                return false;
            }
            parts.remove(parts.size() - 1);
        }
        String last = parts.get(parts.size() - 1);
        if (!last.isEmpty() && last.chars().allMatch(UrlParser::isAsciiDigit)) {
            return true;
        }
        return parseIpv4Number(last) >= 0;
    }

    private static long parseIpv4(String input) throws UrlParser.Failure {
        List<String> parts = new ArrayList<>(Arrays.asList(input.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
            parts.remove(parts.size() - 1);
        }
        if (parts.size() > 4) {
            throw new UrlParser.Failure("an IPv4 address has at most four parts: " + input);
        }
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = parseIpv4Number(parts.get(i));
            if (numbers[i] < 0) {
                throw new UrlParser.Failure("invalid IPv4 address: " + input);
            }
        }
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                throw new UrlParser.Failure("IPv4 address part out of range: " + input);
            }
        }
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * (5 - numbers.length))) {
            throw new UrlParser.Failure("IPv4 address out of range: " + input);
        }
        long ipv4 = last;
        for (int i = 0; i < numbers.length - 1; i++) {
            ipv4 += numbers[i] << (8 * (3 - i));
        }
        return ipv4;
    }

    /** The IPv4 number parser; -1 for failure. Values beyond 2^40 are capped there (they are out of range anyway). */
    private static long parseIpv4Number(String input) {
        if (input.isEmpty()) {
            return -1;
        }
        int radix = 10;
        if (input.length() >= 2 && (input.startsWith("0x") || input.startsWith("0X"))) {
            input = input.substring(2);
            radix = 16;
        } else if (input.length() >= 2 && input.startsWith("0")) {
            input = input.substring(1);
            radix = 8;
        }
        long value = 0;
        for (int i = 0; i < input.length(); i++) {
            char ch = input.charAt(i);
            int digit = ch < 0x80 ? Character.digit(ch, radix) : -1;
            if (digit < 0) {
                return -1;
            }
            value = Math.min(value * radix + digit, 1L << 40);
        }
        return value;
    }

    private static String serializeIpv4(long address) {
        return (address >>> 24 & 0xFF) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "."
                + (address & 0xFF);
    }

    // ---- IPv6 (URL Standard section 3.5, "IPv6 parser" and "IPv6 serializer") ------------------------------

    private static int[] parseIpv6(String text) throws UrlParser.Failure {
        int[] input = text.codePoints().toArray();
        int[] address = new int[8];
        int pieceIndex = 0;
        int compress = -1;
        int p = 0;
        if (at(input, p) == ':') {
            if (at(input, p + 1) != ':') {
                throw ipv6Failure(text);
            }
            p += 2;
            pieceIndex++;
            compress = pieceIndex;
        }
        while (at(input, p) != -1) {
            if (pieceIndex == 8) {
                throw ipv6Failure(text);
            }
            if (at(input, p) == ':') {
                if (compress != -1) {
                    throw ipv6Failure(text);
                }
                p++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }
            int value = 0;
            int length = 0;
            while (length < 4 && hex(at(input, p)) >= 0) {
                value = value * 0x10 + hex(at(input, p));
                p++;
                length++;
            }
            if (at(input, p) == '.') {
                if (length == 0 || pieceIndex > 6) {
                    throw ipv6Failure(text);
                }
                p -= length;
                int numbersSeen = 0;
                while (at(input, p) != -1) {
                    int piece = -1;
                    if (numbersSeen > 0) {
                        if (at(input, p) == '.' && numbersSeen < 4) {
                            p++;
                        } else {
                            throw ipv6Failure(text);
                        }
                    }
                    if (!UrlParser.isAsciiDigit(at(input, p))) {
                        throw ipv6Failure(text);
                    }
                    while (UrlParser.isAsciiDigit(at(input, p))) {
                        int number = at(input, p) - '0';
                        if (piece == -1) {
                            piece = number;
                        } else if (piece == 0) {
                            throw ipv6Failure(text);
                        } else {
                            piece = piece * 10 + number;
                        }
                        if (piece > 255) {
                            throw ipv6Failure(text);
                        }
                        p++;
                    }
                    address[pieceIndex] = address[pieceIndex] * 0x100 + piece;
                    numbersSeen++;
                    if (numbersSeen == 2 || numbersSeen == 4) {
                        pieceIndex++;
                    }
                }
                if (numbersSeen != 4) {
                    throw ipv6Failure(text);
                }
                break;
            } else if (at(input, p) == ':') {
                p++;
                if (at(input, p) == -1) {
                    throw ipv6Failure(text);
                }
            } else if (at(input, p) != -1) {
                throw ipv6Failure(text);
            }
            address[pieceIndex] = value;
            pieceIndex++;
        }
        if (compress != -1) {
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0) {
                int t = address[pieceIndex];
                address[pieceIndex] = address[compress + swaps - 1];
                address[compress + swaps - 1] = t;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex != 8) {
            throw ipv6Failure(text);
        }
        return address;
    }

    private static int at(int[] input, int i) {
        return i < input.length ? input[i] : -1;
    }

    private static UrlParser.Failure ipv6Failure(String text) {
        return new UrlParser.Failure("invalid IPv6 address: [" + text + "]");
    }

    private static String serializeIpv6(int[] address) {
        int compress = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (address[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && address[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestLength = j - i;
                compress = i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        boolean ignore0 = false;
        for (int i = 0; i < 8; i++) {
            if (ignore0 && address[i] == 0) {
                continue;
            }
            ignore0 = false;
            if (compress == i) {
                out.append(i == 0 ? "::" : ":");
                ignore0 = true;
                continue;
            }
            out.append(Integer.toHexString(address[i]));
            if (i != 7) {
                out.append(':');
            }
        }
        return out.toString();
    }
}
