package dev.quarry.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.pipeline.IngestPipeline;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.WorkQueue;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires the ingest function: the core pipeline over the S3 document source, built from the {@code
 * quarry.*} configuration. The chunk index, status store and answer cache are {@link DefaultBean}s, so a
 * bean of the same type (a test fake, a later adapter module) replaces them without touching this class.
 */
public class IngestBeans {

    @Produces
    @Singleton
    DocumentSource documents(S3Client s3, IngestConfig config) {
        return new S3DocumentSource(s3, config.bucket());
    }

    /** Issue 7 replaces this with the Weaviate index. */
    @Produces
    @Singleton
    @DefaultBean
    ChunkIndex index() {
        return new NotDeployed.Index();
    }

    /** Issue 7 replaces this with a durable status store. */
    @Produces
    @Singleton
    @DefaultBean
    DocumentStatusStore statuses() {
        return new NotDeployed.Statuses();
    }

    /** The Redis answer cache replaces this where the ingest function can reach it. */
    @Produces
    @Singleton
    @DefaultBean
    AnswerCache cache() {
        return AnswerCache.NONE;
    }

    @Produces
    @Singleton
    WorkQueue workQueue(SqsClient sqs, IngestConfig config, ObjectMapper json) {
        return new SqsWorkQueue(
                sqs,
                config.queueUrl()
                        .orElseThrow(() -> new IllegalStateException(
                                "sending ingest jobs needs the queue: set quarry.ingest.queue-url")),
                json);
    }

    @Produces
    @Singleton
    S3EventParser parser(ObjectMapper json) {
        return new S3EventParser(json);
    }

    @Produces
    @Singleton
    TenantResolver tenants(IngestConfig config) {
        return TenantResolver.fromConfig(config);
    }

    @Produces
    @Singleton
    OutcomeLog outcomes(ObjectMapper json) {
        return new OutcomeLog(json);
    }

    @Produces
    @Singleton
    IngestService service(
            IngestPipeline pipeline,
            S3EventParser parser,
            TenantResolver tenants,
            OutcomeLog outcomes,
            IngestConfig config,
            ObjectMapper json,
            Instance<WorkQueue> queue) {
        // Parts of long documents go back to the ingest queue; without a queue URL documents are processed whole.
        return new IngestService(
                pipeline,
                parser,
                tenants,
                outcomes,
                config,
                json,
                () -> config.queueUrl().isPresent() ? queue.get() : null);
    }
}
