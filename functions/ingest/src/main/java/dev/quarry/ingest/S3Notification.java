package dev.quarry.ingest;

import java.util.List;
import java.util.Objects;

/**
 * The body of one SQS message sent by an S3 bucket: either an event notification (one or more object
 * events) or the {@code s3:TestEvent} S3 sends when notifications are configured.
 *
 * @param events the object events, in the order S3 listed them; empty for a test event
 * @param testEvent true for {@code s3:TestEvent}, which asks for nothing but an acknowledgement
 */
public record S3Notification(List<S3ObjectEvent> events, boolean testEvent) {

    public S3Notification {
        events = List.copyOf(Objects.requireNonNull(events, "events must not be null"));
    }

    static S3Notification test() {
        return new S3Notification(List.of(), true);
    }
}
