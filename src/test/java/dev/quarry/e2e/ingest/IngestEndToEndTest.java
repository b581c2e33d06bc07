package dev.quarry.e2e.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.aws.s3.S3DocumentSource;
import dev.quarry.aws.sqs.SqsWorkQueue;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.embedded.store.JsonDocumentStatusStore;
import dev.quarry.ingest.IngestConfig;
import dev.quarry.ingest.IngestService;
import dev.quarry.ingest.OutcomeLog;
import dev.quarry.ingest.S3EventParser;
import dev.quarry.ingest.TenantResolver;
import dev.quarry.ingestion.IngestPipeline;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.chunk.ChunkingOptions;
import dev.quarry.ingestion.extract.DocumentExtractor;
import dev.quarry.ingestion.extract.ExtractionLimits;
import dev.quarry.ingestion.extract.Tessdata;
import dev.quarry.ingestion.extract.TesseractApiOcr;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.testing.aws.ElasticMqServer;
import dev.quarry.testing.aws.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.VersioningConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's ingest path end to end on real local servers: documents are uploaded to S3Mock (a child
 * process), the bucket's event notifications are published to an ElasticMQ queue (in-process), and {@link
 * QueueDriver} consumes the queue the way the Lambda event source mapping does, through {@link
 * IngestService} over the real extractor, OCR, chunker, embedder, Lucene index and JSON status store. Long
 * PDFs fan out into page-range parts sent back to the same queue.
 */
class IngestEndToEndTest {

    private static final int PAGES_PER_PART = 10;
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(150);
    private static final Set<State> FINAL = Set.of(State.INDEXED, State.FAILED, State.DELETED);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static S3MockServer s3Server;
    private static ElasticMqServer sqsServer;
    private static S3Client s3;
    private static SqsClient sqs;
    private static OnnxEmbedder embedder;
    private static DocumentExtractor extractor;
    private static Chunker chunker;
    private static S3Events events;

    @TempDir
    Path dir;

    private String tenant;
    private String queueUrl;
    private LuceneChunkIndex lucene;
    private JsonDocumentStatusStore statuses;
    private final List<String> published = new ArrayList<>();
    /** The bucket this test uploads to and the function reads (quarry.ingest.bucket). */
    private String bucket = S3MockServer.BUCKET;

    @BeforeAll
    static void startServers() throws Exception {
        s3Server = S3MockServer.start();
        sqsServer = ElasticMqServer.start();
        s3 = s3Server.client();
        sqs = sqsServer.client();
        embedder = new OnnxEmbedder();
        ExtractionLimits limits = ExtractionLimits.defaults();
        Path tessdata =
                Tessdata.resolve(Optional.empty(), Map.of(), Path.of(System.getProperty("java.io.tmpdir")), "eng");
        extractor = new DocumentExtractor(
                limits,
                new TesseractApiOcr(
                        new TesseractApiOcr.Settings(tessdata, "eng", 3, true, limits.ocrTimeoutPerPage())));
        chunker = Chunker.forEmbedder(ChunkingOptions.fitting(embedder.maxTokens()), embedder);
        events = new S3Events(JSON);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (embedder != null) {
            embedder.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (sqsServer != null) {
            sqsServer.close();
        }
        if (s3Server != null) {
            s3Server.close();
        }
    }

    @BeforeEach
    void openStores() {
        // Each test has its own tenant (key prefix), queue, index and status store on the shared servers.
        tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        queueUrl = sqs.createQueue(CreateQueueRequest.builder()
                        .queueName("ingest-" + tenant)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(QueueDriver.RETRY_SECONDS)))
                        .build())
                .queueUrl();
        lucene = new LuceneChunkIndex(LuceneIndexConfig.onDisk(dir.resolve("index"), OnnxEmbedder.DIMENSION));
        statuses = new JsonDocumentStatusStore(dir.resolve("status.json"));
    }

    @AfterEach
    void closeIndex() {
        lucene.close();
    }

    @Test
    void should_index_text_scanned_and_plain_documents_and_record_failures_when_a_mixed_batch_is_uploaded() {
        // given
        QueueDriver driver = driver(lucene, new S3DocumentSource(s3, bucket));
        String almanac = tenant + "/manuals/lighthouse almanac.pdf";
        String notice = tenant + "/scans/notice.pdf";
        String broken = tenant + "/broken/report.pdf";
        String sealed = tenant + "/sealed/minutes.pdf";
        String tides = tenant + "/notes/tide tables.txt";
        int almanacPages = 64;

        // when
        long start = System.nanoTime();
        upload(almanac, TestDocuments.textPdf(almanacPages, "almanac"));
        upload(notice, TestDocuments.scannedPdf("QUARRY NOTICE\nGRANITE BLASTING\nTHURSDAY AT NOON"));
        upload(broken, TestDocuments.corruptPdf());
        upload(sealed, TestDocuments.encryptedPdf());
        upload(tides, TestDocuments.text("Spring tides at Kelp Point peak twice a month; neap tides are gentler."));
        driver.drain(DRAIN_BOUND, () -> allFinal(almanac, notice, broken, sealed, tides));
        double seconds = (System.nanoTime() - start) / 1e9;

        // then
        DocumentStatus almanacStatus = status(almanac);
        assertThat(almanacStatus.state()).isEqualTo(State.INDEXED);
        assertThat(almanacStatus.partsTotal()).isEqualTo((almanacPages - 1) / PAGES_PER_PART + 1);
        assertThat(almanacStatus.partsDone()).isEqualTo(almanacStatus.partsTotal());
        assertThat(almanacStatus.pages()).isEqualTo(almanacPages);
        assertThat(almanacStatus.chunks()).isPositive();

        DocumentStatus noticeStatus = status(notice);
        assertThat(noticeStatus.state()).isEqualTo(State.INDEXED);
        assertThat(noticeStatus.ocrPages()).isEqualTo(1);

        assertThat(status(broken).state()).isEqualTo(State.FAILED);
        assertThat(status(broken).reason()).isEqualTo(Reason.CORRUPT);
        assertThat(status(sealed).state()).isEqualTo(State.FAILED);
        assertThat(status(sealed).reason()).isEqualTo(Reason.ENCRYPTED);
        assertThat(status(tides).state()).isEqualTo(State.INDEXED);

        assertThat(lucene.count(tenant)).isEqualTo(indexedChunks());
        assertThat(keysFound("almanac1")).containsExactly(almanac);
        assertThat(keysFound("almanac" + almanacPages)).containsExactly(almanac);
        assertThat(keysFound("granite blasting")).containsExactly(notice);
        assertThat(keysFound("kelp")).containsExactly(tides);
        assertThat(keysFound("harbour")).isEmpty();

        System.out.printf(
                "e2e ingest throughput: %d documents in %.1f s (%.2f documents/s); text PDF %d pages in %d ms of"
                        + " part work (%.1f pages/s); OCR %.2f s per page%n",
                5,
                seconds,
                5 / seconds,
                almanacPages,
                almanacStatus.durationMs(),
                almanacPages * 1000.0 / Math.max(1, almanacStatus.durationMs()),
                noticeStatus.durationMs() / 1000.0 / noticeStatus.ocrPages());
    }

    @Test
    void should_keep_chunks_and_statuses_unchanged_when_every_message_is_delivered_twice_more() {
        // given
        QueueDriver driver = driver(lucene, new S3DocumentSource(s3, bucket));
        String almanac = tenant + "/manuals/almanac.pdf";
        String tides = tenant + "/notes/tides.txt";
        String broken = tenant + "/broken/report.pdf";
        upload(almanac, TestDocuments.textPdf(25, "almanac"));
        upload(tides, TestDocuments.text("Spring tides at Kelp Point peak twice a month; neap tides are gentler."));
        upload(broken, TestDocuments.corruptPdf());
        driver.drain(DRAIN_BOUND, () -> allFinal(almanac, tides, broken));
        long chunksBefore = lucene.count(tenant);
        List<String> before = summaries();

        // when
        List<String> originals = List.copyOf(published);
        for (int round = 0; round < 2; round++) {
            originals.forEach(this::send);
        }
        driver.drain(DRAIN_BOUND, () -> allFinal(almanac, tides, broken));

        // then
        assertThat(lucene.count(tenant)).isEqualTo(chunksBefore).isEqualTo(indexedChunks());
        assertThat(summaries()).isEqualTo(before);
        assertThat(keysFound("almanac25")).containsExactly(almanac);
    }

    @Test
    void should_remove_every_chunk_of_a_deleted_document_and_replace_the_old_version_when_one_is_reuploaded() {
        // given
        QueueDriver driver = driver(lucene, new S3DocumentSource(s3, bucket));
        String almanac = tenant + "/manuals/almanac.pdf";
        String memo = tenant + "/notes/memo.txt";
        String kept = tenant + "/notes/kept.txt";
        upload(almanac, TestDocuments.textPdf(15, "almanac"));
        upload(memo, TestDocuments.text("The old memo says the quarry road is paved with basalt."));
        upload(kept, TestDocuments.text("Ferry timetable: boats leave the pier every forty minutes."));
        driver.drain(DRAIN_BOUND, () -> allFinal(almanac, memo, kept));
        assertThat(keysFound("almanac3")).containsExactly(almanac);
        String oldMemoVersion = status(memo).document().version();

        // when
        delete(almanac);
        driver.drain(DRAIN_BOUND, () -> status(almanac).state() == State.DELETED);
        PutObjectResponse newMemo =
                upload(memo, TestDocuments.text("The new memo says the quarry road is now paved with obsidian."));
        driver.drain(
                DRAIN_BOUND,
                () -> status(memo).state() == State.INDEXED
                        && !status(memo).document().version().equals(oldMemoVersion));

        // then
        assertThat(status(almanac).state()).isEqualTo(State.DELETED);
        assertThat(keysFound("almanac3")).isEmpty();
        assertThat(keysFound("lighthouse keeper")).isEmpty();
        assertThat(status(memo).document().version()).contains(newMemo.eTag().replace("\"", ""));
        assertThat(keysFound("obsidian")).containsExactly(memo);
        assertThat(keysFound("basalt")).isEmpty();
        assertThat(keysFound("ferry timetable")).containsExactly(kept);
        assertThat(lucene.count(tenant)).isEqualTo(indexedChunks());
    }

    @Test
    void should_index_each_upload_at_its_version_id_and_ignore_an_older_version_delivered_late_in_a_versioned_bucket() {
        // given: a versioned bucket, as the stack deploys it
        bucket = "versioned-" + tenant;
        s3.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
        s3.putBucketVersioning(PutBucketVersioningRequest.builder()
                .bucket(bucket)
                .versioningConfiguration(VersioningConfiguration.builder()
                        .status(BucketVersioningStatus.ENABLED)
                        .build())
                .build());
        QueueDriver driver = driver(lucene, new S3DocumentSource(s3, bucket));
        String memo = tenant + "/notes/memo.txt";

        // when the first version is uploaded and its event handled
        Uploaded first =
                uploadHoldingEvent(memo, TestDocuments.text("The first memo says the road is paved with basalt."));
        String v1 = first.response().versionId();
        assertThat(v1).isNotBlank().isNotEqualTo("null");
        send(first.event());
        driver.drain(DRAIN_BOUND, () -> allFinal(memo));

        // then it is indexed under its S3 version id, read by that id
        assertThat(status(memo).state()).isEqualTo(State.INDEXED);
        assertThat(status(memo).document().version()).isEqualTo(v1);
        assertThat(keysFound("basalt")).containsExactly(memo);

        // when a second version is uploaded and handled, and then the first event is delivered again, late
        Uploaded second =
                uploadHoldingEvent(memo, TestDocuments.text("The second memo says the road is paved with obsidian."));
        String v2 = second.response().versionId();
        assertThat(v2).isNotBlank().isNotEqualTo(v1);
        send(second.event());
        driver.drain(
                DRAIN_BOUND,
                () -> status(memo).state() == State.INDEXED
                        && status(memo).document().version().equals(v2));
        send(first.event());
        driver.drain(DRAIN_BOUND, () -> true);

        // then version 2 replaced version 1, and the stale event resurrected nothing
        assertThat(status(memo).state()).isEqualTo(State.INDEXED);
        assertThat(status(memo).document().version()).isEqualTo(v2);
        assertThat(keysFound("obsidian")).containsExactly(memo);
        assertThat(keysFound("basalt")).isEmpty();
        assertThat(lucene.count(tenant)).isEqualTo(indexedChunks());
    }

    @Test
    void should_retry_until_indexed_without_losing_or_duplicating_chunks_when_the_index_fails_at_first() {
        // given: the index refuses its first three writes
        QueueDriver driver = driver(new Flaky.Index(lucene, 3), new S3DocumentSource(s3, bucket));
        String almanac = tenant + "/manuals/almanac.pdf";
        String tides = tenant + "/notes/tides.txt";

        // when
        upload(almanac, TestDocuments.textPdf(25, "almanac"));
        upload(tides, TestDocuments.text("Spring tides at Kelp Point peak twice a month; neap tides are gentler."));
        driver.drain(DRAIN_BOUND, () -> allFinal(almanac, tides));

        // then
        assertThat(driver.retried()).isGreaterThanOrEqualTo(3);
        assertIndexedWhole(almanac, 25);
        assertThat(status(tides).state()).isEqualTo(State.INDEXED);
        assertThat(lucene.count(tenant)).isEqualTo(indexedChunks());
        assertThat(keysFound("almanac25")).containsExactly(almanac);
        assertThat(keysFound("kelp")).containsExactly(tides);
    }

    @Test
    void should_retry_until_indexed_without_losing_or_duplicating_chunks_when_s3_fails_at_first() {
        // given: the first four reads fail the way an S3 500 does
        QueueDriver driver = driver(lucene, new Flaky.Source(new S3DocumentSource(s3, bucket), 4));
        String almanac = tenant + "/manuals/almanac.pdf";
        String tides = tenant + "/notes/tides.txt";

        // when
        upload(almanac, TestDocuments.textPdf(25, "almanac"));
        upload(tides, TestDocuments.text("Spring tides at Kelp Point peak twice a month; neap tides are gentler."));
        driver.drain(DRAIN_BOUND, () -> allFinal(almanac, tides));

        // then
        assertThat(driver.retried()).isGreaterThanOrEqualTo(4);
        assertIndexedWhole(almanac, 25);
        assertThat(status(tides).state()).isEqualTo(State.INDEXED);
        assertThat(lucene.count(tenant)).isEqualTo(indexedChunks());
        assertThat(keysFound("almanac1")).containsExactly(almanac);
        assertThat(keysFound("kelp")).containsExactly(tides);
    }

    private QueueDriver driver(ChunkIndex index, DocumentSource source) {
        IngestPipeline pipeline = new IngestPipeline(
                source,
                extractor,
                chunker,
                embedder,
                index,
                statuses,
                CorpusVersion.NONE,
                ExtractionLimits.defaults().maxBytes(),
                PAGES_PER_PART,
                Clock.systemUTC());
        SqsWorkQueue parts = new SqsWorkQueue(sqs, queueUrl, JSON);
        IngestService service = new IngestService(
                pipeline,
                new S3EventParser(JSON),
                new TenantResolver(0, "default"),
                new OutcomeLog(JSON),
                config(),
                JSON,
                () -> parts,
                Clock.systemUTC());
        return new QueueDriver(sqs, queueUrl, service);
    }

    private IngestConfig config() {
        String url = queueUrl;
        return new IngestConfig() {
            @Override
            public String bucket() {
                return bucket;
            }

            @Override
            public Optional<String> documentPrefix() {
                return Optional.empty();
            }

            @Override
            public int tenantSegment() {
                return 0;
            }

            @Override
            public String defaultTenant() {
                return "default";
            }

            @Override
            public int maxReceiveCount() {
                return 5;
            }

            @Override
            public Optional<String> queueUrl() {
                return Optional.of(url);
            }
        };
    }

    /** Puts an object and publishes its creation event, as the bucket's notification would. */
    private PutObjectResponse upload(String key, byte[] content) {
        Uploaded uploaded = uploadHoldingEvent(key, content);
        send(uploaded.event());
        return uploaded.response();
    }

    /** Puts an object and returns the creation event S3 would publish, to be sent when the test chooses. */
    private Uploaded uploadHoldingEvent(String key, byte[] content) {
        PutObjectResponse response = s3.putObject(
                PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromBytes(content));
        return new Uploaded(
                response, events.created(bucket, key, response.eTag(), response.versionId(), content.length));
    }

    private record Uploaded(PutObjectResponse response, String event) {}

    private void delete(String key) {
        s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
        send(events.removed(bucket, key));
    }

    private void send(String body) {
        published.add(body);
        sqs.sendMessage(SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(body)
                .build());
    }

    private DocumentStatus status(String key) {
        return statuses.get(tenant, key).orElseThrow(() -> new AssertionError("no status for " + key));
    }

    private boolean allFinal(String... keys) {
        for (String key : keys) {
            Optional<DocumentStatus> status = statuses.get(tenant, key);
            if (status.isEmpty() || !FINAL.contains(status.get().state())) {
                return false;
            }
        }
        return true;
    }

    private long indexedChunks() {
        return statuses.list(tenant).stream()
                .filter(s -> s.state() == State.INDEXED)
                .mapToLong(DocumentStatus::chunks)
                .sum();
    }

    /** What must not change on redelivery: each document's version, state, counts, parts and failure reason. */
    private List<String> summaries() {
        return statuses.list(tenant).stream()
                .map(s -> String.join(
                        " ",
                        s.document().key(),
                        s.document().version(),
                        s.state().name(),
                        "pages=" + s.pages(),
                        "ocr=" + s.ocrPages(),
                        "chunks=" + s.chunks(),
                        "parts=" + s.partsDone() + "/" + s.partsTotal(),
                        String.valueOf(s.reason())))
                .toList();
    }

    private void assertIndexedWhole(String key, int pages) {
        DocumentStatus status = status(key);
        assertThat(status.state()).isEqualTo(State.INDEXED);
        assertThat(status.pages()).isEqualTo(pages);
        assertThat(status.partsDone()).isEqualTo(status.partsTotal()).isPositive();
    }

    /** The distinct keys of the documents a keyword search finds. */
    private List<String> keysFound(String text) {
        List<SearchHit> hits = lucene.search(
                new SearchRequest(tenant, text, null, SearchMode.BM25, 0.0, FusionType.RELATIVE_SCORE, 50, null));
        return hits.stream().map(hit -> hit.chunk().document().key()).distinct().collect(Collectors.toList());
    }
}
