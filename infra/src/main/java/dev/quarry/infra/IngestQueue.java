package dev.quarry.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;

/**
 * The ingest work queue (S3 events and page-range parts) with its dead-letter queue attached. A message
 * that fails {@code maxReceiveCount} times lands in the DLQ, which keeps it 14 days for inspection and
 * redrive. Visibility is six function timeouts (plus the batching window) so a message is never handed to
 * a second invocation while the first may still be working on it.
 */
public final class IngestQueue extends Construct {

    private final Queue queue;
    private final Queue deadLetters;

    public IngestQueue(Construct scope, String id, QuarrySettings settings) {
        super(scope, id);
        this.deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagSuppressions.addResourceSuppressions(
                deadLetters,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-SQS3")
                        .reason("This queue is the dead-letter queue of the ingest queue; its depth is alarmed.")
                        .build()));
        this.queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(settings.visibilityTimeoutSeconds()))
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetters)
                        .maxReceiveCount(settings.maxReceiveCount())
                        .build())
                .build();
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
