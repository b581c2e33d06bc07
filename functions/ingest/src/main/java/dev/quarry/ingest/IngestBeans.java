package dev.quarry.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.aws.s3.S3DocumentSource;
import dev.quarry.aws.sqs.SqsWorkQueue;
import dev.quarry.aws.textract.TextractOcr;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.core.port.OcrEngine;
import dev.quarry.core.port.WorkQueue;
import dev.quarry.ingestion.IngestPipeline;
import dev.quarry.ingestion.extract.ExtractionConfig;
import dev.quarry.ingestion.extract.OcrConfig;
import dev.quarry.ingestion.extract.TesseractApiOcr;
import dev.quarry.ingestion.extract.TesseractOcr;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;

/**
 * Wires the ingest function: the core pipeline over the S3 document source, built from the {@code
 * quarry.*} configuration. The chunk index and status store come from the module this function depends on
 * (quarry-weaviate's {@code WeaviateBeans}), the answer cache whose generation ingestion bumps from quarry-redis's
 * {@code RedisCacheBeans}; tests replace them with {@code @Alternative}s of their own.
 */
public class IngestBeans {

    @Produces
    @Singleton
    DocumentSource documents(S3Client s3, IngestConfig config) {
        return new S3DocumentSource(s3, config.bucket());
    }

    /**
     * The OCR engine quarry-ingestion's {@code IngestionBeans} hands the extractor, chosen at run time: Tesseract in-process
     * (the default; its x86_64 library and English data are in the function package, docs/lambda-ocr.md), Amazon
     * Textract with {@code quarry.ocr.engine=textract}, or an installed {@code tesseract} program with
     * {@code tesseract-cli}.
     */
    @Produces
    @Singleton
    OcrEngine ocr(OcrConfig config, ExtractionConfig extraction) {
        return switch (config.engine()) {
            case TEXTRACT -> TextractOcr.create(config.textractEndpoint());
            case TESSERACT -> new TesseractApiOcr(config.toApiSettings(extraction.toLimits()));
            case TESSERACT_CLI -> new TesseractOcr(config.toSettings(extraction.toLimits()));
        };
    }

    void closeOcr(@Disposes OcrEngine ocr) throws Exception {
        if (ocr instanceof AutoCloseable closeable) {
            closeable.close();
        }
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
            Instance<WorkQueue> queue,
            Clock clock) {
        // Parts of long documents go back to the ingest queue; without a queue URL documents are processed whole.
        return new IngestService(
                pipeline,
                parser,
                tenants,
                outcomes,
                config,
                json,
                () -> config.queueUrl().isPresent() ? queue.get() : null,
                clock);
    }
}
