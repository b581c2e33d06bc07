package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.aws.s3.S3Version;
import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.ingest.S3ObjectEvent.Kind;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the body of an SQS message sent by S3 (the event notification format, versions 2.x). Object keys
 * arrive URL-encoded, form style: {@code +} is a space and other characters are percent-encoded UTF-8, so
 * they are decoded with {@link URLDecoder}.
 *
 * <p>A body that is not an S3 notification fails with a {@link QuarryException.Permanent} {@code
 * INVALID_REQUEST}: retrying it would fail the same way, so the message is acknowledged and logged.
 */
public final class S3EventParser {

    private static final String TEST_EVENT = "s3:TestEvent";

    private final ObjectMapper json;

    public S3EventParser(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json must not be null");
    }

    /**
     * Parses one message body.
     *
     * @throws QuarryException.Permanent with {@code INVALID_REQUEST} when the body is not an S3 notification
     */
    public S3Notification parse(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("the message body is empty");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new QuarryException.Permanent(
                    Reason.INVALID_REQUEST, "the message body is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw invalid("the message body is not a JSON object");
        }
        if (TEST_EVENT.equals(root.path("Event").asText())) {
            return S3Notification.test();
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw invalid("the message body has no S3 event records (expected {\"Records\": [...]})");
        }
        List<S3ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            events.add(event(records.get(i), i));
        }
        return new S3Notification(events, false);
    }

    private static S3ObjectEvent event(JsonNode record, int index) {
        String where = "record " + index;
        // "aws:s3" from S3; S3-compatible servers name themselves (e.g. "minio:s3").
        if (!record.path("eventSource").asText().endsWith(":s3")) {
            throw invalid(where + " is not an S3 event (eventSource " + record.path("eventSource") + ")");
        }
        String eventName = text(record, "eventName", where);
        JsonNode s3 = record.path("s3");
        String bucket = text(s3.path("bucket"), "name", where + " s3.bucket");
        JsonNode object = s3.path("object");
        String key = decodeKey(text(object, "key", where + " s3.object"), where);
        String sequencer = optionalText(object, "sequencer");
        Kind kind = kindOf(eventName);
        String version = switch (kind) {
            case CREATED -> createdVersion(object, where);
            case REMOVED, DELETE_MARKER, OTHER -> removedVersion(object, sequencer);
        };
        long size = object.path("size").asLong(0);
        return new S3ObjectEvent(kind, eventName, bucket, key, version, sequencer, Math.max(0, size));
    }

    /**
     * What an event name means. Names arrive without the {@code s3:} prefix of the notification configuration
     * ({@code ObjectCreated:Put}); it is tolerated. Removal events other than delete markers, including any a
     * future S3 adds, reconcile with the bucket, which is right whatever they mean.
     */
    static Kind kindOf(String eventName) {
        String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        if (name.startsWith("ObjectCreated:")) {
            return Kind.CREATED;
        }
        if (name.equals("ObjectRemoved:DeleteMarkerCreated")
                || name.equals("LifecycleExpiration:DeleteMarkerCreated")) {
            return Kind.DELETE_MARKER;
        }
        if (name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:")) {
            return Kind.REMOVED;
        }
        return Kind.OTHER;
    }

    private static String createdVersion(JsonNode object, String where) {
        String versionId = optionalText(object, "versionId");
        String eTag = optionalText(object, "eTag");
        if ((versionId == null || "null".equals(versionId)) && eTag == null) {
            throw invalid(where + " has neither s3.object.versionId nor s3.object.eTag");
        }
        return S3Version.of(versionId, eTag).toDocumentVersion();
    }

    /** A removal has no ETag; without a version id the sequencer (or a fixed marker) names it in the status. */
    private static String removedVersion(JsonNode object, String sequencer) {
        String versionId = optionalText(object, "versionId");
        if (versionId != null && !"null".equals(versionId)) {
            return versionId;
        }
        return sequencer != null ? "removed:" + sequencer : "removed";
    }

    static String decodeKey(String encoded, String where) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new QuarryException.Permanent(
                    Reason.INVALID_REQUEST, where + " has a malformed URL-encoded key '" + encoded + "'", e);
        }
    }

    private static String text(JsonNode node, String field, String where) {
        String value = optionalText(node, field);
        if (value == null) {
            throw invalid(where + " has no " + field);
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    private static QuarryException.Permanent invalid(String message) {
        return new QuarryException.Permanent(Reason.INVALID_REQUEST, message);
    }
}
