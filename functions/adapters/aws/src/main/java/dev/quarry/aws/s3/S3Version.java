package dev.quarry.aws.s3;

import java.util.Objects;

/**
 * How an S3 object version is written as a document version. A bucket with versioning enabled gives every
 * object a version id, which is used as is; without versioning the ETag identifies the content and is
 * written as {@code etag:<ETag>}, so the document source knows to read with {@code If-Match} instead of a
 * version id (S3 version ids never contain a colon).
 *
 * @param value the version id or the ETag (without quotes)
 * @param etag true when {@code value} is an ETag
 */
public record S3Version(String value, boolean etag) {

    public static final String ETAG_PREFIX = "etag:";

    public S3Version {
        Objects.requireNonNull(value, "value must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("value must not be blank");
        }
    }

    /** The version of an object event: its version id when it has a real one, else its ETag. */
    public static S3Version of(String versionId, String eTag) {
        if (versionId != null && !versionId.isBlank() && !"null".equals(versionId)) {
            return new S3Version(versionId, false);
        }
        if (eTag != null && !eTag.isBlank()) {
            return new S3Version(stripQuotes(eTag), true);
        }
        throw new IllegalArgumentException("an object event needs a versionId or an eTag");
    }

    /** Reads a document version written by {@link #toDocumentVersion()}. */
    public static S3Version parse(String documentVersion) {
        Objects.requireNonNull(documentVersion, "documentVersion must not be null");
        return documentVersion.startsWith(ETAG_PREFIX)
                ? new S3Version(documentVersion.substring(ETAG_PREFIX.length()), true)
                : new S3Version(documentVersion, false);
    }

    /** The document version: the version id, or {@code etag:<ETag>}. */
    public String toDocumentVersion() {
        return etag ? ETAG_PREFIX + value : value;
    }

    /** The ETag as an HTTP entity tag, quoted, for {@code If-Match}. */
    public String quotedEtag() {
        return "\"" + value + "\"";
    }

    private static String stripQuotes(String eTag) {
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1)
                : eTag;
    }
}
