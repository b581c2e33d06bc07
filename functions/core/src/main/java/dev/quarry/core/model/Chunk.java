package dev.quarry.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A passage of a document, the unit that is embedded, indexed, retrieved and cited.
 *
 * @param id deterministic id, see {@link #idFor(DocumentRef, int)}: a redelivered document overwrites
 * @param document the document version this chunk belongs to
 * @param contentType the format of the document
 * @param firstPage first page (1-based) the chunk's text comes from
 * @param lastPage last page (inclusive)
 * @param position 0-based position of the chunk in the document
 * @param headingPath the headings above this chunk, outermost first; may be empty
 * @param text the chunk text, within the embedding model's token window
 */
public record Chunk(
        String id,
        DocumentRef document,
        ContentType contentType,
        int firstPage,
        int lastPage,
        int position,
        List<String> headingPath,
        String text) {

    public Chunk {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(document, "document must not be null");
        Objects.requireNonNull(contentType, "contentType must not be null");
        Objects.requireNonNull(text, "text must not be null");
        if (firstPage < 1 || lastPage < firstPage) {
            throw new IllegalArgumentException("invalid page span " + firstPage + ".." + lastPage);
        }
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, was " + position);
        }
        headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
    }

    /**
     * The id of the chunk at {@code position} of {@code document}: a SHA-256 over tenant, key, version and
     * position (hex, 32 characters), so the same input always yields the same id and ids of different
     * tenants, documents or versions never collide in practice.
     */
    public static String idFor(DocumentRef document, int position) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {document.tenant(), document.key(), document.version()}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(intBytes(bytes.length));
                digest.update(bytes);
            }
            digest.update(intBytes(position));
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
