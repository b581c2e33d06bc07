package dev.quarry.ingest;

import dev.quarry.aws.s3.S3Version;

import java.util.Objects;

/**
 * One record of an S3 event notification, decoded.
 *
 * @param kind what happened to the object
 * @param eventName the S3 event name as sent, e.g. {@code ObjectCreated:Put}
 * @param bucket the bucket name
 * @param key the object key, URL-decoded ({@code +} is a space, {@code %C3%A9} is {@code é})
 * @param version the document version: the S3 version id, else the ETag marked as such ({@link S3Version});
 *     for a removal without a version id (a bucket without versioning), a marker derived from the sequencer
 * @param sequencer S3's ordering token for events of the same key, or null
 * @param size the object size in bytes (created objects), else 0
 */
public record S3ObjectEvent(
        Kind kind, String eventName, String bucket, String key, String version, String sequencer, long size) {

    /** What an event means for the index. */
    public enum Kind {
        /** {@code ObjectCreated:*}: index the object at its version. */
        CREATED,
        /**
         * {@code ObjectRemoved:Delete} and {@code LifecycleExpiration:Delete}: one version is gone for good (or the
         * object, in a bucket without versioning). Another version may now be current, or none: the index is made
         * to show whatever the bucket serves now.
         */
        REMOVED,
        /**
         * {@code ObjectRemoved:DeleteMarkerCreated} and {@code LifecycleExpiration:DeleteMarkerCreated}: the
         * current version is now a delete marker, so the key serves nothing and leaves search. A later change (a
         * new upload, the marker removed) has a later sequencer and its own event.
         */
        DELETE_MARKER,
        /** Any other event (tagging, restore, replication …): nothing to do. */
        OTHER
    }

    public S3ObjectEvent {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(eventName, "eventName must not be null");
        Objects.requireNonNull(bucket, "bucket must not be null");
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(version, "version must not be null");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
    }
}
