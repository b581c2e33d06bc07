package dev.quarry.e2e.ingest;

import dev.quarry.ingest.IngestService;
import dev.quarry.ingest.IngestService.Disposition;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Stands in for the Lambda event source mapping: long-polls the queue, hands each message to {@link
 * IngestService}, deletes the acknowledged ones and lets the retried ones come back.
 *
 * <p>A received batch is hidden for {@value #PROCESSING_SECONDS} s (the function's timeout) so that a
 * slow message (OCR) is not redelivered while the batch is still being worked through; a message to retry
 * is made visible again after {@value #RETRY_SECONDS} s, the queue's short visibility timeout.
 */
final class QueueDriver {

    static final int RETRY_SECONDS = 1;
    private static final int PROCESSING_SECONDS = 60;

    private final SqsClient sqs;
    private final String queueUrl;
    private final IngestService service;

    private int handled;
    private int retried;

    QueueDriver(SqsClient sqs, String queueUrl, IngestService service) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.service = service;
    }

    /**
     * Consumes until the queue holds no message (visible or in flight) and {@code done} holds, or fails when
     * {@code bound} passes first.
     */
    void drain(Duration bound, BooleanSupplier done) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = sqs.receiveMessage(ReceiveMessageRequest.builder()
                            .queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(PROCESSING_SECONDS)
                            .build())
                    .messages();
            for (Message message : messages) {
                handle(message);
            }
            if (messages.isEmpty() && queueIsEmpty() && done.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError("the queue was not drained within " + bound + " (handled " + handled
                + " messages, retried " + retried + ")");
    }

    private void handle(Message message) {
        handled++;
        Disposition disposition = service.handle(message.messageId(), message.body());
        if (disposition == Disposition.ACKNOWLEDGE) {
            sqs.deleteMessage(DeleteMessageRequest.builder()
                    .queueUrl(queueUrl)
                    .receiptHandle(message.receiptHandle())
                    .build());
        } else {
            retried++;
            sqs.changeMessageVisibility(ChangeMessageVisibilityRequest.builder()
                    .queueUrl(queueUrl)
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(RETRY_SECONDS)
                    .build());
        }
    }

    private boolean queueIsEmpty() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(GetQueueAttributesRequest.builder()
                        .queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)
                        .build())
                .attributes();
        return attributes.values().stream().allMatch("0"::equals);
    }

    /** Messages handed to the service so far. */
    int handled() {
        return handled;
    }

    /** Deliveries the service asked to retry so far. */
    int retried() {
        return retried;
    }
}
