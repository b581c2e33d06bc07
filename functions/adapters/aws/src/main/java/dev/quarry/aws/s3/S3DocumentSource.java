package dev.quarry.aws.s3;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.port.DocumentSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads document versions from one S3 bucket. A document version is an S3 version id or an ETag
 * ({@link S3Version}): a version id is read with {@code versionId}, an ETag with {@code If-Match}, so a
 * job never indexes bytes of a newer upload under an older version.
 *
 * <p>SQS may deliver the event of an older version after that of a newer one. An ETag read is safe (the
 * {@code If-Match} fails), but an older version id would still be readable and would replace the newer
 * version's chunks; so before a version id is read, a {@code HEAD} of the key checks that it is still the
 * latest version, and a superseded one fails as {@code NOT_FOUND}.
 *
 * <p>The size limit is checked on the response's {@code Content-Length} before the body is read (and
 * again while reading). Failures map to the two branches of {@link QuarryException}: a missing key or
 * version and a failed {@code If-Match} (the object was replaced; the newer upload has its own event) are
 * {@code NOT_FOUND}; throttling, server errors, access problems and I/O are {@code UNAVAILABLE} and
 * retried.
 */
public final class S3DocumentSource implements DocumentSource {

    /** The largest array the JVM allocates reliably. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final S3Client s3;
    private final String bucket;

    public S3DocumentSource(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3 must not be null");
        Objects.requireNonNull(bucket, "bucket must not be null");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank: set quarry.ingest.bucket");
        }
        this.bucket = bucket;
    }

    @Override
    public byte[] read(DocumentRef document, long maxBytes) {
        Objects.requireNonNull(document, "document must not be null");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
        }
        S3Version version = S3Version.parse(document.version());
        try {
            if (!version.etag()) {
                requireLatest(document, version.value());
            }
            return download(document, version, maxBytes);
        } catch (S3Exception e) {
            throw translate(document, e);
        } catch (SdkClientException e) {
            throw new QuarryException.Transient(
                    Reason.UNAVAILABLE, "could not reach S3 to read " + document + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new QuarryException.Transient(
                    Reason.UNAVAILABLE, "reading " + document + " from S3 failed: " + e.getMessage(), e);
        }
    }

    /**
     * The key's current version: a {@code HEAD} without a version id. A key S3 answers 404 for (never written,
     * deleted in an unversioned bucket, or whose current version is a delete marker) has none. The version is the
     * version id, or {@code etag:<ETag>} where the bucket is not versioned (or the object predates versioning and
     * has the version id {@code null}), as events name versions ({@link S3Version}).
     */
    @Override
    public Optional<String> currentVersion(String tenant, String key) {
        Objects.requireNonNull(key, "key must not be null");
        try {
            HeadObjectResponse head = s3.headObject(
                    HeadObjectRequest.builder().bucket(bucket).key(key).build());
            if (Boolean.TRUE.equals(head.deleteMarker())) {
                return Optional.empty();
            }
            return Optional.of(S3Version.of(head.versionId(), head.eTag()).toDocumentVersion());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new QuarryException.Transient(
                    Reason.UNAVAILABLE,
                    "S3 refused HEAD of " + key + " (s3 " + e.statusCode() + "); the event is retried",
                    e);
        } catch (SdkClientException e) {
            throw new QuarryException.Transient(
                    Reason.UNAVAILABLE, "could not reach S3 for HEAD of " + key + ": " + e.getMessage(), e);
        }
    }

    private void requireLatest(DocumentRef document, String versionId) {
        String latest = s3.headObject(HeadObjectRequest.builder()
                        .bucket(bucket)
                        .key(document.key())
                        .build())
                .versionId();
        if (!versionId.equals(latest)) {
            throw new QuarryException.Permanent(
                    Reason.NOT_FOUND, document + " was superseded by version " + latest + " before it was read");
        }
    }

    private byte[] download(DocumentRef document, S3Version version, long maxBytes) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request(document, version))) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                in.abort();
                throw tooLarge(document, length, maxBytes);
            }
            byte[] content = in.readNBytes((int) Math.min(maxBytes + 1, MAX_ARRAY));
            if (content.length > maxBytes) {
                in.abort();
                throw tooLarge(document, content.length, maxBytes);
            }
            return content;
        }
    }

    private GetObjectRequest request(DocumentRef document, S3Version version) {
        GetObjectRequest.Builder request =
                GetObjectRequest.builder().bucket(bucket).key(document.key());
        return (version.etag() ? request.ifMatch(version.quotedEtag()) : request.versionId(version.value())).build();
    }

    static QuarryException translate(DocumentRef document, S3Exception e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String where = "s3 " + status + (code == null ? "" : " " + code);
        if (status == 404 || (status == 400 && "InvalidArgument".equals(code))) {
            return new QuarryException.Permanent(
                    Reason.NOT_FOUND, document + " does not exist in the bucket (" + where + ")", e);
        }
        if (status == 412) {
            return new QuarryException.Permanent(
                    Reason.NOT_FOUND,
                    document + " was replaced by a newer upload before it was read (" + where + ")",
                    e);
        }
        // 403 (missing permission), 429 and 5xx: the deployment or S3 must recover; retry, then the DLQ.
        return new QuarryException.Transient(
                Reason.UNAVAILABLE, "S3 refused to read " + document + " (" + where + ")", e);
    }

    private static QuarryException.Permanent tooLarge(DocumentRef document, long size, long maxBytes) {
        return new QuarryException.Permanent(
                Reason.TOO_LARGE,
                document.key() + " has " + size + " bytes, the limit is " + maxBytes
                        + " (quarry.extraction.max-bytes)");
    }
}
