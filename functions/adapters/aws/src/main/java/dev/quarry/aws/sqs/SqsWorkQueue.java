package dev.quarry.aws.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.port.WorkQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.util.Objects;

/**
 * Sends ingest jobs to an SQS queue as JSON ({@link JobMessage}), e.g. the
 * page-range parts of a large document. SQS delivers each message at least once.
 */
public final class SqsWorkQueue implements WorkQueue {

    private final SqsClient sqs;
    private final String queueUrl;
    private final ObjectMapper json;

    public SqsWorkQueue(SqsClient sqs, String queueUrl, ObjectMapper json) {
        this.sqs = Objects.requireNonNull(sqs, "sqs must not be null");
        Objects.requireNonNull(queueUrl, "queueUrl must not be null: set quarry.ingest.queue-url");
        if (queueUrl.isBlank()) {
            throw new IllegalArgumentException("queueUrl must not be blank: set quarry.ingest.queue-url");
        }
        this.queueUrl = queueUrl;
        this.json = Objects.requireNonNull(json, "json must not be null");
    }

    @Override
    public void send(IngestJob job) {
        Objects.requireNonNull(job, "job must not be null");
        String body;
        try {
            body = json.writeValueAsString(JobMessage.of(job));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JobMessage always serialises to JSON; this is a bug", e);
        }
        try {
            sqs.sendMessage(SendMessageRequest.builder()
                    .queueUrl(queueUrl)
                    .messageBody(body)
                    .build());
        } catch (SdkException e) {
            throw new QuarryException.Transient(
                    Reason.UNAVAILABLE, "could not send " + job.document() + " to " + queueUrl, e);
        }
    }
}
