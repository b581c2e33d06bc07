package dev.quarry.core.model;

import dev.quarry.core.QuarryException;

import java.nio.charset.StandardCharsets;

/**
 * The one rule for document keys, used by every entry point (S3 events, the documents API, local uploads and
 * files) and checked again where a key enters the core ({@link DocumentRef}), so that the document store, the
 * status store and the index name a document the same way.
 *
 * <p>A key is a {@code /}-separated path of at most {@value #MAX_BYTES} UTF-8 bytes (S3's limit) whose segments
 * are non-empty, at most {@value #MAX_SEGMENT_BYTES} bytes (a file name's limit) and neither {@code .} nor
 * {@code ..}; it does not start or end with {@code /} and holds no control characters or unpaired surrogates.
 * Such a key has exactly one spelling: {@code b.txt}, {@code ./b.txt}, {@code x/../b.txt} and {@code b.txt/}
 * cannot all name one file, because only the first is accepted. Keys are compared as they are (no case or
 * Unicode folding): S3 treats {@code café} in NFC and in NFD as two objects, and so does Quarry.
 */
public final class DocumentKeys {

    /** The longest key accepted, in UTF-8 bytes. */
    public static final int MAX_BYTES = 1024;

    /** The longest path segment accepted, in UTF-8 bytes. */
    public static final int MAX_SEGMENT_BYTES = 255;

    private DocumentKeys() {}

    /** Whether {@code key} is a canonical document key. */
    public static boolean isCanonical(String key) {
        return problem(key) == null;
    }

    /**
     * Returns {@code key} unchanged when it is canonical.
     *
     * @throws QuarryException.Permanent with {@code INVALID_KEY} otherwise, saying what is wrong
     */
    public static String canonical(String key) {
        String problem = problem(key);
        if (problem == null) {
            return key;
        }
        throw new QuarryException.Permanent(
                QuarryException.Reason.INVALID_KEY,
                (key == null ? "the document key is missing" : "key '" + Tenants.escaped(key) + "' " + problem));
    }

    private static String problem(String key) {
        if (key == null) {
            return "is missing";
        }
        if (key.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                return "holds a control character at position " + i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= key.length() || !Character.isLowSurrogate(key.charAt(i + 1))) {
                    return "holds an unpaired surrogate at position " + i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return "holds an unpaired surrogate at position " + i;
            }
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "is longer than " + MAX_BYTES + " UTF-8 bytes";
        }
        if (key.startsWith("/")) {
            return "starts with '/'";
        }
        if (key.endsWith("/")) {
            return "ends with '/' (a folder, not a document)";
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty path segment ('//')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "has a '" + segment + "' path segment";
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "has a path segment longer than " + MAX_SEGMENT_BYTES + " UTF-8 bytes";
            }
        }
        return null;
    }
}
