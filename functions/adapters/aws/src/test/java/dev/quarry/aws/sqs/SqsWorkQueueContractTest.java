package dev.quarry.aws.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.port.WorkQueue;
import dev.quarry.testing.WorkQueueContractTest;
import dev.quarry.testing.aws.ElasticMqServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;

/**
 * The work-queue contract on a real SQS-compatible server (ElasticMQ in-process on 127.0.0.1), one queue per
 * test; the far end receives and deletes messages and reads them as the ingest function does ({@link
 * JobMessage}). Every assertion lives in {@link WorkQueueContractTest}; an unreachable queue is {@link
 * SqsWorkQueueTest}'s.
 */
class SqsWorkQueueContractTest extends WorkQueueContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ElasticMqServer server;
    private static SqsClient sqs;

    @BeforeAll
    static void startSqs() {
        server = ElasticMqServer.start();
        sqs = server.client();
    }

    @AfterAll
    static void stopSqs() {
        if (sqs != null) {
            sqs.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Delivery open() {
        String url = sqs.createQueue(CreateQueueRequest.builder()
                        .queueName("ingest-" + UUID.randomUUID())
                        .build())
                .queueUrl();
        WorkQueue queue = new SqsWorkQueue(sqs, url, JSON);
        Deque<IngestJob> fetched = new ArrayDeque<>();
        return new Delivery() {
            @Override
            public WorkQueue queue() {
                return queue;
            }

            @Override
            public Optional<IngestJob> receive(Duration timeout) throws Exception {
                if (fetched.isEmpty()) {
                    for (Message message : sqs.receiveMessage(ReceiveMessageRequest.builder()
                                    .queueUrl(url)
                                    .maxNumberOfMessages(10)
                                    .waitTimeSeconds((int) Math.max(0, timeout.toSeconds()))
                                    .build())
                            .messages()) {
                        fetched.add(
                                JSON.readValue(message.body(), JobMessage.class).toJob());
                        sqs.deleteMessage(DeleteMessageRequest.builder()
                                .queueUrl(url)
                                .receiptHandle(message.receiptHandle())
                                .build());
                    }
                }
                return Optional.ofNullable(fetched.poll());
            }

            @Override
            public void close() {
                sqs.deleteQueue(DeleteQueueRequest.builder().queueUrl(url).build());
            }
        };
    }
}
