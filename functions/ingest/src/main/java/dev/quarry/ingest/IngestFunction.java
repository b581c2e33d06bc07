package dev.quarry.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * The ingest Lambda: invoked by the SQS event source with a batch of messages, each the body of an S3
 * event notification. Funqy's advanced event handling calls this function once per message and reports
 * the messages it threw for as {@code batchItemFailures} (the event source mapping must enable {@code
 * ReportBatchItemFailures}), so one bad message neither fails nor repeats the rest of the batch.
 */
public class IngestFunction {

    @Inject
    IngestService service;

    @Funq("ingest")
    public void ingest(SQSMessage message) {
        if (service.handle(message.getMessageId(), message.getBody(), receiveCount(message))
                == IngestService.Disposition.RETRY) {
            throw new RetryMessage(message.getMessageId());
        }
    }

    /** SQS's {@code ApproximateReceiveCount} of the message: 1 on its first delivery. */
    static int receiveCount(SQSMessage message) {
        String count =
                message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Tells Funqy to report the message as a batch item failure; the reason is already in the outcome log. */
    static final class RetryMessage extends RuntimeException {
        RetryMessage(String messageId) {
            super(
                    "message " + messageId + " will be retried; see its outcome lines for the reason",
                    null,
                    false,
                    false);
        }
    }
}
