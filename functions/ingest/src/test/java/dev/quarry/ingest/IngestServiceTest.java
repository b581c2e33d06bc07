package dev.quarry.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.aws.sqs.JobMessage;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.Embedder;
import dev.quarry.ingest.IngestService.Disposition;
import dev.quarry.ingestion.IngestPipeline;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.chunk.ChunkingOptions;
import dev.quarry.ingestion.extract.DocumentExtractor;
import dev.quarry.ingestion.extract.ExtractionLimits;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IngestService} with hand-written fakes: which messages are acknowledged, which come back. */
class IngestServiceTest {

    private final List<IngestJob> sent = new ArrayList<>();

    /** Counts words and returns constant vectors: enough for the pipeline to run without a model. */
    static final class WordEmbedder implements Embedder {
        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(t -> new float[] {1f, 0f}).toList();
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public int countTokens(String text) {
            return text.isBlank() ? 0 : text.trim().split("\\s+").length;
        }

        @Override
        public int maxTokens() {
            return 256;
        }
    }

    static IngestConfig config(String bucket, int tenantSegment) {
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
                return tenantSegment;
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
                return Optional.empty();
            }
        };
    }

    private final FakeBucket bucket = new FakeBucket();
    private final InMemoryStatuses statuses = new InMemoryStatuses();

    private IngestService service(ChunkIndex index, DocumentStatusStore statusStore, IngestConfig config) {
        return service(index, statusStore, config, Integer.MAX_VALUE);
    }

    private IngestService service(
            ChunkIndex index, DocumentStatusStore statusStore, IngestConfig config, int partPages) {
        WordEmbedder embedder = new WordEmbedder();
        IngestPipeline pipeline = new IngestPipeline(
                bucket,
                new DocumentExtractor(ExtractionLimits.defaults(), page -> ""),
                Chunker.forEmbedder(ChunkingOptions.fitting(embedder.maxTokens()), embedder),
                embedder,
                index,
                statusStore,
                CorpusVersion.NONE,
                1_000_000,
                partPages,
                Clock.systemUTC());
        ObjectMapper json = new ObjectMapper();
        return new IngestService(
                pipeline,
                new S3EventParser(json),
                TenantResolver.fromConfig(config),
                new OutcomeLog(json),
                config,
                json,
                () -> sent::add,
                Clock.systemUTC());
    }

    @Test
    void should_acknowledge_and_record_the_document_when_it_is_indexed() {
        // given
        bucket.put("acme/guides/kettle.txt", "Descale the kettle with vinegar once a month.");
        IngestService service = service(new InMemoryIndex(), statuses, config("quarry-docs", 0));

        // when
        Disposition disposition = service.handle("m1", TestEvents.read("s3-object-created.json"));

        // then
        assertThat(disposition).isEqualTo(Disposition.ACKNOWLEDGE);
        assertThat(statuses.get("acme", "acme/guides/kettle.txt").orElseThrow().state())
                .isEqualTo(State.INDEXED);
    }

    @Test
    void should_retry_when_the_index_is_unavailable() {
        // given an index that is down (as the Weaviate adapter reports after its own retries)
        bucket.put("acme/guides/kettle.txt", "Descale the kettle with vinegar once a month.");
        InMemoryIndex down = new InMemoryIndex() {
            @Override
            public void upsert(java.util.List<dev.quarry.core.model.EmbeddedChunk> chunks) {
                throw new dev.quarry.core.QuarryException.Transient(
                        dev.quarry.core.QuarryException.Reason.UNAVAILABLE, "Weaviate could not write: 503");
            }
        };
        IngestService service = service(down, statuses, config("quarry-docs", 0));

        // when
        Disposition disposition = service.handle("m1", TestEvents.read("s3-object-created.json"));

        // then
        assertThat(disposition).isEqualTo(Disposition.RETRY);
    }

    @Test
    void should_acknowledge_without_work_when_the_event_is_of_another_bucket() {
        // given
        bucket.put("acme/guides/kettle.txt", "Descale the kettle with vinegar once a month.");
        IngestService service = service(new InMemoryIndex(), statuses, config("another-bucket", 0));

        // when
        Disposition disposition = service.handle("m1", TestEvents.read("s3-object-created.json"));

        // then
        assertThat(disposition).isEqualTo(Disposition.ACKNOWLEDGE);
        assertThat(statuses.list("acme")).isEmpty();
    }

    @Test
    void should_attempt_every_record_and_retry_the_message_when_one_of_them_fails_transiently() {
        // given: two records of two tenants in one message; the first one's reads are throttled
        bucket.put("acme/a.txt", "Alpha.");
        bucket.throttle("acme/a.txt");
        bucket.put("globex/b.txt", "Beta.");
        IngestService service = service(new InMemoryIndex(), statuses, config("quarry-docs", 0));

        // when
        Disposition disposition = service.handle("m1", TestEvents.read("s3-two-records.json"));

        // then
        assertThat(disposition).isEqualTo(Disposition.RETRY);
        assertThat(statuses.get("globex", "globex/b.txt").orElseThrow().state()).isEqualTo(State.INDEXED);
    }

    @Test
    void should_acknowledge_a_body_that_is_not_an_s3_notification() {
        // given
        IngestService service = service(new InMemoryIndex(), statuses, config("quarry-docs", 0));

        // when / then
        assertThat(service.handle("m1", "{\"unexpected\": true}")).isEqualTo(Disposition.ACKNOWLEDGE);
    }

    @Test
    void should_run_a_page_range_job_when_the_message_is_one_this_function_sent_itself() throws Exception {
        // given: a part message as SqsWorkQueue writes it
        bucket.put("acme/guides/kettle.txt", "Descale the kettle with vinegar once a month.");
        String version = "v1";
        String body = new ObjectMapper()
                .writeValueAsString(JobMessage.of(new IngestJob(
                        IngestJob.Action.INDEX,
                        new DocumentRef("acme", "acme/guides/kettle.txt", version),
                        1,
                        1,
                        "0A")));
        IngestService service = service(new InMemoryIndex(), statuses, config("quarry-docs", 0));
        // the function split that version into one part of one page before it sent the part
        statuses.put(DocumentStatus.of(
                        new DocumentRef("acme", "acme/guides/kettle.txt", version),
                        State.PROCESSING,
                        java.time.Instant.now())
                .withParts(0, 1)
                .withSequencer("0A"));

        // when
        Disposition disposition = service.handle("m9", body);

        // then
        assertThat(disposition).isEqualTo(Disposition.ACKNOWLEDGE);
        assertThat(statuses.get("acme", "acme/guides/kettle.txt")).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(DocumentStatus.State.INDEXED);
            assertThat(s.partsDone()).isEqualTo(1);
            assertThat(s.sequencer()).isEqualTo("0A");
        });
    }

    @Test
    void should_acknowledge_the_split_and_every_part_when_a_long_pdf_is_fanned_out() throws Exception {
        // given: a two-page PDF and parts of one page
        bucket.put("acme/guides/kettle.pdf", twoPagePdf());
        IngestService service = service(new InMemoryIndex(), statuses, config("quarry-docs", 0), 1);
        String event = TestEvents.read("s3-object-created.json").replace("kettle.txt", "kettle.pdf");

        // when
        Disposition split = service.handle("m1", event);

        // then: the split is acknowledged and in progress, and each part is acknowledged in turn
        assertThat(split).isEqualTo(Disposition.ACKNOWLEDGE);
        assertThat(sent).hasSize(2);
        assertThat(statuses.get("acme", "acme/guides/kettle.pdf").orElseThrow().state())
                .isEqualTo(State.PROCESSING);
        ObjectMapper json = new ObjectMapper();
        for (IngestJob part : List.copyOf(sent)) {
            assertThat(service.handle("p" + part.firstPage(), json.writeValueAsString(JobMessage.of(part))))
                    .isEqualTo(Disposition.ACKNOWLEDGE);
        }
        assertThat(statuses.get("acme", "acme/guides/kettle.pdf")).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(State.INDEXED);
            assertThat(s.partsDone()).isEqualTo(2);
            assertThat(s.partsTotal()).isEqualTo(2);
        });
    }

    @Test
    void should_reject_a_forged_part_job_without_indexing_anything() throws Exception {
        // given: a document of tenant acme being split, and part messages nobody sent
        bucket.put("acme/guides/kettle.txt", "Descale the kettle with vinegar once a month.");
        DocumentRef document = new DocumentRef("acme", "acme/guides/kettle.txt", "v1");
        statuses.put(DocumentStatus.of(document, State.PROCESSING, java.time.Instant.now())
                .withParts(0, 2));
        InMemoryIndex index = new InMemoryIndex();
        IngestService service = service(index, statuses, config("quarry-docs", 0), 1);
        ObjectMapper json = new ObjectMapper();
        List<IngestJob> forged = List.of(
                // another tenant naming acme's key
                new IngestJob(IngestJob.Action.INDEX, new DocumentRef("globex", "acme/guides/kettle.txt", "v1"), 1, 1),
                // a version that is not being split
                new IngestJob(IngestJob.Action.INDEX, new DocumentRef("acme", "acme/guides/kettle.txt", "v9"), 1, 1),
                // a range outside the split
                new IngestJob(IngestJob.Action.INDEX, document, 3, 3));

        // when / then: each is acknowledged (not retried) and nothing is written
        for (IngestJob job : forged) {
            assertThat(service.handle("f", json.writeValueAsString(JobMessage.of(job))))
                    .isEqualTo(Disposition.ACKNOWLEDGE);
        }
        assertThat(index.count("acme")).isZero();
        assertThat(index.count("globex")).isZero();
        assertThat(statuses.get("acme", "acme/guides/kettle.txt").orElseThrow().partsDone())
                .isZero();
        assertThat(statuses.list("globex")).isEmpty();
    }

    @Test
    void should_record_the_failure_before_the_message_goes_to_the_dead_letter_queue() {
        // given an index that stays down, and the last delivery the queue allows
        bucket.put("acme/guides/kettle.txt", "Descale the kettle with vinegar once a month.");
        InMemoryIndex down = new InMemoryIndex() {
            @Override
            public void upsert(java.util.List<dev.quarry.core.model.EmbeddedChunk> chunks) {
                throw new dev.quarry.core.QuarryException.Transient(
                        dev.quarry.core.QuarryException.Reason.UNAVAILABLE, "Weaviate could not write: 503");
            }
        };
        IngestService service = service(down, statuses, config("quarry-docs", 0));

        // when
        Disposition disposition = service.handle("m1", TestEvents.read("s3-object-created.json"), 5);

        // then the message still goes to the DLQ, but the document is not left in progress
        assertThat(disposition).isEqualTo(Disposition.RETRY);
        DocumentStatus status = statuses.get("acme", "acme/guides/kettle.txt").orElseThrow();
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.reason()).isEqualTo(dev.quarry.core.QuarryException.Reason.UNAVAILABLE);
        assertThat(status.message()).contains("gave up after 5 deliveries");
    }

    @Test
    void should_record_crashed_when_the_attempts_of_a_version_keep_dying() {
        // given: two deliveries of the same event died (the runtime was killed), leaving it PROCESSING
        bucket.put("acme/guides/kettle.txt", "Descale the kettle with vinegar once a month.");
        IngestService service = service(new InMemoryIndex(), statuses, config("quarry-docs", 0));
        service.handle("m1", TestEvents.read("s3-object-created.json"));
        DocumentStatus indexed = statuses.get("acme", "acme/guides/kettle.txt").orElseThrow();
        statuses.put(DocumentStatus.of(indexed.document(), State.PROCESSING, java.time.Instant.now())
                .withAttempts(2));

        // when the third delivery arrives
        Disposition disposition = service.handle("m1", TestEvents.read("s3-object-created.json"), 3);

        // then the document ends instead of dying a third time
        assertThat(disposition).isEqualTo(Disposition.ACKNOWLEDGE);
        assertThat(statuses.get("acme", "acme/guides/kettle.txt").orElseThrow().reason())
                .isEqualTo(dev.quarry.core.QuarryException.Reason.CRASHED);
    }

    private static byte[] twoPagePdf() throws IOException {
        try (PDDocument document = new PDDocument()) {
            for (String text : List.of("Fill the kettle with vinegar.", "Boil it and rinse twice.")) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
