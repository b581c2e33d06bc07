package dev.quarry.query;

import java.nio.charset.StandardCharsets;

/**
 * Turns the {@code rawPath} of an API Gateway HTTP API event into a path an HTTP request line can carry. Live HTTP
 * APIs pass it decoded ({@code /v1/documents/acme/Quarterly report été.txt}), which no HTTP parser accepts, while
 * hand-made and older events pass it percent-encoded; both must reach the same route with the same key.
 *
 * <p>A path that holds a character an encoded path cannot hold (a space, a control or non-ASCII character, {@code
 * "#?[]<>\"{}|\\^`}, or a {@code %} that starts no escape) is a decoded one: every such character, and every {@code
 * %}, is percent-encoded as UTF-8. Any other path is taken as encoded and left as it is, so {@code
 * /v1/documents/a%20b.txt} stays one escape for a space. (A decoded path made only of such characters that also
 * holds a literal {@code %XX} cannot be told from an encoded one; keys like {@code 100%25.txt} are read as {@code
 * 100%.txt} there.)
 */
final class RawPaths {

    private RawPaths() {}

    static String toRequestPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return rawPath;
        }
        if (isEncoded(rawPath)) {
            return rawPath;
        }
        StringBuilder out = new StringBuilder(rawPath.length() + 16);
        for (byte b : rawPath.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && allowedLiterally((char) c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Whether every character may stand in an encoded path and every {@code %} starts an escape. */
    private static boolean isEncoded(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
                    return false;
                }
            } else if (c >= 0x80 || !allowedLiterally(c)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 path characters: unreserved, sub-delims, {@code :}, {@code @} and the separator {@code /}. */
    private static boolean allowedLiterally(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
