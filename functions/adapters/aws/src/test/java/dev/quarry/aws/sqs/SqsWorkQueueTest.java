package dev.quarry.aws.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.IngestJob;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqsWorkQueueTest {

    static final class FakeSqs implements SqsClient {
        final List<SendMessageRequest> sent = new ArrayList<>();
        boolean down;

        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            if (down) {
                throw SdkClientException.create("connection refused");
            }
            sent.add(request);
            return SendMessageResponse.builder().messageId("m-" + sent.size()).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    }

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void should_send_the_job_as_json_to_the_configured_queue() throws Exception {
        // given
        FakeSqs sqs = new FakeSqs();
        SqsWorkQueue queue = new SqsWorkQueue(sqs, "http://127.0.0.1:9324/000000000000/ingest", json);
        IngestJob job = new IngestJob(
                IngestJob.Action.INDEX, new DocumentRef("acme", "acme/big report.pdf", "etag:abc"), 11, 20);

        // when
        queue.send(job);

        // then
        assertThat(sqs.sent).hasSize(1);
        assertThat(sqs.sent.get(0).queueUrl()).isEqualTo("http://127.0.0.1:9324/000000000000/ingest");
        assertThat(json.readValue(sqs.sent.get(0).messageBody(), JobMessage.class)
                        .toJob())
                .isEqualTo(job);
    }

    @Test
    void should_fail_transient_when_the_queue_cannot_be_reached() {
        // given
        FakeSqs sqs = new FakeSqs();
        sqs.down = true;
        SqsWorkQueue queue = new SqsWorkQueue(sqs, "http://127.0.0.1:9324/000000000000/ingest", json);

        // when / then
        assertThatThrownBy(() -> queue.send(IngestJob.index(new DocumentRef("acme", "acme/a.txt", "v1"))))
                .isInstanceOf(QuarryException.Transient.class);
    }

    @Test
    void should_refuse_a_missing_queue_url() {
        assertThatThrownBy(() -> new SqsWorkQueue(new FakeSqs(), null, json))
                .hasMessageContaining("quarry.ingest.queue-url");
    }
}
