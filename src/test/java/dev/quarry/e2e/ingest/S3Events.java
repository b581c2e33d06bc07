package dev.quarry.e2e.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the S3 event notifications the bucket would send to the queue (S3Mock sends none), in the shape
 * AWS documents: one record with {@code eventName}, {@code s3.bucket.name}, the URL-encoded {@code
 * s3.object.key}, the {@code eTag} (and {@code versionId} when there is one) and an increasing {@code
 * sequencer}.
 */
final class S3Events {

    private final ObjectMapper json;
    private final AtomicLong sequencer = new AtomicLong(0x0055AED6DCD90281L);

    S3Events(ObjectMapper json) {
        this.json = json;
    }

    String created(String bucket, String key, String eTag, String versionId, long size) {
        return event("ObjectCreated:Put", bucket, key, eTag, versionId, size);
    }

    String removed(String bucket, String key) {
        return event("ObjectRemoved:Delete", bucket, key, null, null, -1);
    }

    private String event(String name, String bucket, String key, String eTag, String versionId, long size) {
        ObjectNode root = json.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", java.time.Instant.now().toString());
        record.put("eventName", name);
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "quarry-ingest");
        ObjectNode bucketNode = s3.putObject("bucket");
        bucketNode.put("name", bucket);
        bucketNode.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object");
        // S3 encodes keys like a form value but leaves the path separators alone.
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
        if (size >= 0) {
            object.put("size", size);
        }
        if (eTag != null) {
            object.put("eTag", eTag.replace("\"", ""));
        }
        if (versionId != null && !"null".equals(versionId)) {
            object.put("versionId", versionId);
        }
        object.put("sequencer", String.format("%018X", sequencer.incrementAndGet()));
        try {
            return json.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an event tree always serialises", e);
        }
    }
}
