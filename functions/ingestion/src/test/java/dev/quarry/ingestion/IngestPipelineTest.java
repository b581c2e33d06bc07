package dev.quarry.ingestion;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.model.PageWithoutText;
import dev.quarry.core.model.PartTally;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.DocumentStatusStore.PartResult;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.query.QueryPipelineTest;
import dev.quarry.core.search.SearchRequest;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.chunk.ChunkingOptions;
import dev.quarry.ingestion.extract.DocumentExtractor;
import dev.quarry.ingestion.extract.ExtractionLimits;
import dev.quarry.ingestion.testing.TestPdfs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class IngestPipelineTest {

    private static final DocumentRef DOC = new DocumentRef("acme", "notes/tides.md", "v2");

    /** Records the calls the pipeline makes, in order. */
    static final class RecordingIndex implements ChunkIndex {
        final List<String> calls = new ArrayList<>();
        final List<EmbeddedChunk> stored = new ArrayList<>();

        @Override
        public void upsert(List<EmbeddedChunk> chunks) {
            calls.add("upsert " + chunks.size());
            stored.addAll(chunks);
        }

        @Override
        public long deleteDocument(String tenant, String key) {
            calls.add("deleteDocument " + key);
            return 3;
        }

        @Override
        public long deleteOtherVersions(DocumentRef keep) {
            calls.add("deleteOtherVersions " + keep.version());
            return 0;
        }

        @Override
        public long deleteVersion(DocumentRef version) {
            calls.add("deleteVersion " + version.version());
            return 0;
        }

        @Override
        public List<SearchHit> search(SearchRequest request) {
            return List.of();
        }

        @Override
        public long count(String tenant) {
            return stored.size();
        }
    }

    static final class MapStatuses implements DocumentStatusStore {
        final Map<String, DocumentStatus> byKey = new HashMap<>();
        final List<State> history = new ArrayList<>();

        @Override
        public void put(DocumentStatus status) {
            byKey.put(status.document().key(), status);
            history.add(status.state());
        }

        @Override
        public Optional<DocumentStatus> get(String tenant, String key) {
            return Optional.ofNullable(byKey.get(key));
        }

        @Override
        public List<DocumentStatus> list(String tenant) {
            return List.copyOf(byKey.values());
        }

        final Map<Integer, PartResult> parts = new TreeMap<>();

        @Override
        public DocumentStatus completePart(
                DocumentRef document, int part, int partCount, PartResult result, String sequencer, Instant now) {
            parts.put(part, result);
            DocumentStatus status = PartTally.statusAfter(
                    get(document.tenant(), document.key()), document, partCount, parts.values(), sequencer, now);
            put(status);
            return status;
        }
    }

    private final RecordingIndex index = new RecordingIndex();
    private final MapStatuses statuses = new MapStatuses();
    private final QueryPipelineTest.MapCache cache = new QueryPipelineTest.MapCache();
    private final QueryPipelineTest.FakeEmbedder embedder = new QueryPipelineTest.FakeEmbedder();

    private IngestPipeline pipeline(DocumentSource source) {
        Chunker chunker = new Chunker(new ChunkingOptions(40, 5), t -> t.split("\\s+").length, 254);
        return new IngestPipeline(
                source,
                new DocumentExtractor(ExtractionLimits.defaults(), page -> ""),
                chunker,
                embedder,
                index,
                statuses,
                cache,
                1_000_000,
                Clock.systemUTC());
    }

    private static DocumentSource serving(String text) {
        return (ref, maxBytes) -> text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_write_chunks_then_drop_older_versions_and_record_indexed_when_the_document_is_text() {
        // given
        String markdown = "# Tides\n\n" + "Tide pools hold sea water when the tide goes out. ".repeat(20);

        // when
        DocumentStatus status = pipeline(serving(markdown)).process(IngestJob.index(DOC));

        // then
        assertThat(status.state()).isEqualTo(State.INDEXED);
        assertThat(status.pages()).isEqualTo(1);
        assertThat(status.chunks()).isGreaterThan(1).isEqualTo(index.stored.size());
        assertThat(index.calls.get(index.calls.size() - 1)).isEqualTo("deleteOtherVersions v2");
        assertThat(index.calls.subList(0, index.calls.size() - 1)).allMatch(c -> c.startsWith("upsert"));
        assertThat(index.stored).allSatisfy(c -> {
            assertThat(c.chunk().document()).isEqualTo(DOC);
            assertThat(c.chunk().headingPath()).containsExactly("Tides");
        });
        assertThat(statuses.history).containsExactly(State.PROCESSING, State.INDEXED);
        assertThat(cache.generation).as("the cache learns the corpus changed").isEqualTo(1);
    }

    @Test
    void should_record_the_reason_and_write_nothing_when_the_document_is_corrupt() {
        // given
        DocumentSource source = (ref, maxBytes) -> "%PDF-1.7\n1 0 obj broken".getBytes(StandardCharsets.US_ASCII);

        // when
        DocumentStatus status = pipeline(source).process(IngestJob.index(DOC));

        // then
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(status.message()).isNotBlank();
        assertThat(index.calls).isEmpty();
        assertThat(statuses.byKey.get(DOC.key())).isEqualTo(status);
        assertThat(cache.generation).isZero();
    }

    @Test
    void should_rethrow_transient_failures_so_that_the_job_is_retried() {
        // given
        DocumentSource down = (ref, maxBytes) -> {
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "bucket unreachable");
        };

        // when / then
        assertThatThrownBy(() -> pipeline(down).process(IngestJob.index(DOC)))
                .isInstanceOf(QuarryException.Transient.class);
        assertThat(index.calls).isEmpty();
        assertThat(statuses.byKey.get(DOC.key()).state())
                .as("the previous version stays searchable; status says the job waits for its retry")
                .isEqualTo(State.QUEUED);
        assertThat(statuses.byKey.get(DOC.key()).message()).contains("retrying").contains("bucket unreachable");
    }

    @Test
    void should_remove_every_chunk_and_record_deleted_when_the_document_is_deleted() {
        // when
        DocumentStatus status = pipeline(serving("unused")).process(IngestJob.delete(DOC));

        // then
        assertThat(status.state()).isEqualTo(State.DELETED);
        assertThat(index.calls).containsExactly("deleteDocument notes/tides.md");
        assertThat(cache.generation).isEqualTo(1);
    }

    @Test
    void should_write_in_bounded_batches_when_a_document_has_many_chunks() {
        // given
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("Paragraph ").append(i).append(" talks about tides and rocks and shore life.\n\n");
        }

        // when
        DocumentStatus status = pipeline(serving(text.toString())).process(IngestJob.index(DOC));

        // then
        assertThat(status.chunks()).isGreaterThan(IngestPipeline.WRITE_BATCH);
        assertThat(index.calls.stream().filter(c -> c.startsWith("upsert")))
                .allMatch(c -> Integer.parseInt(c.substring(7)) <= IngestPipeline.WRITE_BATCH)
                .hasSizeGreaterThan(1);
    }

    @Test
    void should_ignore_an_older_event_when_a_newer_one_for_the_same_key_was_applied() {
        // given: the delete (sequencer 0B) arrives before the create it followed (sequencer 0A)
        IngestPipeline pipeline = pipeline(serving("Tide pools hold sea water."));
        pipeline.process(IngestJob.delete(DOC).withSequencer("0B"));
        index.calls.clear();

        // when
        DocumentStatus status = pipeline.process(IngestJob.index(DOC).withSequencer("0A"));

        // then: the document stays deleted, nothing is resurrected
        assertThat(status.state()).isEqualTo(State.DELETED);
        assertThat(status.sequencer()).isEqualTo("0B");
        assertThat(index.calls).isEmpty();
    }

    @Test
    void should_process_newer_events_and_redeliveries_of_the_same_event() {
        // given
        IngestPipeline pipeline = pipeline(serving("Tide pools hold sea water."));
        pipeline.process(IngestJob.index(DOC).withSequencer("0A"));

        // when
        DocumentStatus redelivered = pipeline.process(IngestJob.index(DOC).withSequencer("0A"));
        DocumentStatus deleted = pipeline.process(IngestJob.delete(DOC).withSequencer("0A01"));

        // then
        assertThat(redelivered.state()).isEqualTo(State.INDEXED);
        assertThat(deleted.state()).isEqualTo(State.DELETED);
        assertThat(statuses.byKey.get(DOC.key()).sequencer()).isEqualTo("0A01");
    }

    /** A pipeline over {@code pdf} that splits documents longer than {@code pagesPerPart}. */
    private IngestPipeline splittingPipeline(byte[] pdf, int pagesPerPart) {
        return new IngestPipeline(
                (ref, maxBytes) -> pdf,
                new DocumentExtractor(ExtractionLimits.defaults(), page -> ""),
                new Chunker(new ChunkingOptions(40, 5), t -> t.split("\\s+").length, 254),
                embedder,
                index,
                statuses,
                cache,
                1_000_000,
                pagesPerPart,
                Clock.systemUTC());
    }

    private static byte[] textPdf(int pages) {
        return TestPdfs.textPdf(
                pages, n -> List.of("Page " + n + " of the tide report: the tide rose and fell as forecast."));
    }

    @Test
    void should_split_a_long_pdf_into_parts_and_mark_it_indexed_when_the_last_part_lands() throws IOException {
        // given: a 60-page PDF and parts of 25 pages
        byte[] pdf = textPdf(60);
        List<IngestJob> sent = new ArrayList<>();
        IngestPipeline pipeline = splittingPipeline(pdf, 25);

        // when: the whole-document job fans out
        DocumentStatus fanned = pipeline.process(IngestJob.index(DOC), sent::add);

        // then
        assertThat(fanned.state()).isEqualTo(State.PROCESSING);
        assertThat(fanned.partsTotal()).isEqualTo(3);
        assertThat(sent).extracting(j -> j.firstPage() + "-" + j.lastPage()).containsExactly("1-25", "26-50", "51-60");
        assertThat(index.calls).isEmpty();

        // when: the parts land out of order, one of them twice (a redelivery)
        DocumentStatus afterFirst = pipeline.process(sent.get(2), sent::add);
        pipeline.process(sent.get(0), sent::add);
        pipeline.process(sent.get(0), sent::add);
        DocumentStatus last = pipeline.process(sent.get(1), sent::add);

        // then
        assertThat(afterFirst.state()).isEqualTo(State.PROCESSING);
        assertThat(afterFirst.partsDone()).isEqualTo(1);
        assertThat(last.state()).isEqualTo(State.INDEXED);
        assertThat(last.pages()).isEqualTo(60);
        assertThat(last.partsDone()).isEqualTo(3);
        assertThat(sent).as("parts never fan out again").hasSize(3);
        assertThat(index.calls.stream().filter(c -> c.startsWith("deleteOtherVersions")))
                .as("older versions go only when every part has landed")
                .hasSize(1);
        assertThat(index.calls.get(index.calls.size() - 1)).startsWith("deleteOtherVersions");
        Set<String> ids = new HashSet<>();
        index.stored.forEach(c -> ids.add(c.chunk().id()));
        assertThat(last.chunks())
                .as("chunk ids of different parts never collide")
                .isEqualTo(ids.size());
        Set<Integer> covered = new HashSet<>();
        index.stored.forEach(c -> {
            for (int p = c.chunk().firstPage(); p <= c.chunk().lastPage(); p++) {
                covered.add(p);
            }
        });
        assertThat(covered).as("every page is in some chunk").hasSize(60);
    }

    @Test
    void should_process_a_short_pdf_whole_even_when_parts_are_possible() throws IOException {
        // given
        byte[] pdf = textPdf(3);
        List<IngestJob> sent = new ArrayList<>();
        IngestPipeline pipeline = splittingPipeline(pdf, 25);

        // when
        DocumentStatus status = pipeline.process(IngestJob.index(DOC), sent::add);

        // then
        assertThat(status.state()).isEqualTo(State.INDEXED);
        assertThat(status.partsTotal()).isZero();
        assertThat(sent).isEmpty();
    }

    private IngestPipeline budgeted(DocumentSource source, IngestBudget budget, Embedder embedding) {
        return new IngestPipeline(
                source,
                new DocumentExtractor(ExtractionLimits.defaults(), page -> ""),
                new Chunker(new ChunkingOptions(40, 5), t -> t.split("\\s+").length, 254),
                embedding,
                index,
                statuses,
                cache,
                1_000_000,
                25,
                budget,
                Clock.systemUTC());
    }

    /** An embedder that embeds {@code good} batches, then throws {@code error}. */
    private Embedder failingAfter(int good, Error error) {
        return new Embedder() {
            int batches;

            @Override
            public List<float[]> embedAll(List<String> texts) {
                if (batches++ >= good) {
                    throw error;
                }
                return embedder.embedAll(texts);
            }

            @Override
            public int dimension() {
                return embedder.dimension();
            }

            @Override
            public int countTokens(String text) {
                return embedder.countTokens(text);
            }

            @Override
            public int maxTokens() {
                return embedder.maxTokens();
            }
        };
    }

    private static String longText(int words) {
        return "Tide pools hold sea water when the tide goes out. ".repeat(words / 10);
    }

    @Test
    void should_record_resource_limit_and_remove_partial_chunks_when_embedding_runs_out_of_memory() {
        // given a document of several write batches whose second batch runs out of memory
        IngestPipeline pipeline = budgeted(
                serving(longText(6000)),
                IngestBudget.defaults(),
                failingAfter(1, new OutOfMemoryError("Java heap space")));

        // when
        DocumentStatus status = pipeline.process(IngestJob.index(DOC));

        // then the document ends FAILED with a typed reason, and the chunks written so far are gone
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.reason()).isEqualTo(Reason.RESOURCE_LIMIT);
        assertThat(status.message()).contains("memory");
        assertThat(index.calls).startsWith("upsert 64").endsWith("deleteVersion v2");
        assertThat(statuses.byKey.get(DOC.key())).isEqualTo(status);
    }

    @Test
    void should_record_resource_limit_when_a_stage_overflows_the_stack() {
        // given
        IngestPipeline pipeline =
                budgeted(serving(longText(100)), IngestBudget.defaults(), failingAfter(0, new StackOverflowError()));

        // when
        DocumentStatus status = pipeline.process(IngestJob.index(DOC));

        // then
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.reason()).isEqualTo(Reason.RESOURCE_LIMIT);
        assertThat(status.message()).contains("nested too deeply");
    }

    @Test
    void should_fail_too_large_before_embedding_when_a_document_yields_more_chunks_than_the_budget() {
        // given a budget of 10 chunks
        IngestPipeline pipeline =
                budgeted(serving(longText(6000)), new IngestBudget(10, Duration.ofMinutes(1), 2), embedder);

        // when
        DocumentStatus status = pipeline.process(IngestJob.index(DOC));

        // then
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(status.message()).contains("quarry.budget.max-chunks");
        assertThat(index.calls).doesNotContain("upsert 64");
    }

    @Test
    void should_retry_once_then_record_crashed_when_attempts_of_a_version_keep_dying() {
        // given a version whose first attempt died: it was left PROCESSING with one attempt started
        IngestPipeline pipeline = budgeted(serving(longText(100)), IngestBudget.defaults(), embedder);
        statuses.put(DocumentStatus.of(DOC, State.PROCESSING, Instant.now()).withAttempts(1));

        // when the redelivery runs
        DocumentStatus second = pipeline.process(IngestJob.index(DOC));

        // then it is tried again and counted
        assertThat(second.state()).isEqualTo(State.INDEXED);
        assertThat(second.attempts()).isEqualTo(2);

        // given the second attempt died as well
        statuses.put(DocumentStatus.of(DOC, State.PROCESSING, Instant.now()).withAttempts(2));
        index.calls.clear();

        // when
        DocumentStatus third = pipeline.process(IngestJob.index(DOC));

        // then the document fails for good instead of dying a third time, without its partial chunks
        assertThat(third.state()).isEqualTo(State.FAILED);
        assertThat(third.reason()).isEqualTo(Reason.CRASHED);
        assertThat(index.calls).containsExactly("deleteVersion v2");
    }

    @Test
    void should_ignore_a_part_job_when_no_split_of_that_version_is_in_progress() throws IOException {
        // given a long PDF split into parts, and parts that nobody asked for
        byte[] pdf = textPdf(60);
        List<IngestJob> sent = new ArrayList<>();
        IngestPipeline pipeline = splittingPipeline(pdf, 25);
        pipeline.process(IngestJob.index(DOC), sent::add);
        IngestJob otherVersion =
                new IngestJob(IngestJob.Action.INDEX, new DocumentRef("acme", DOC.key(), "forged"), 1, 25);
        IngestJob misaligned = new IngestJob(IngestJob.Action.INDEX, DOC, 2, 26);
        IngestJob otherTenant =
                new IngestJob(IngestJob.Action.INDEX, new DocumentRef("globex", DOC.key(), "v2"), 1, 25);

        // when / then: none of them runs or writes
        for (IngestJob forged : List.of(otherVersion, misaligned, otherTenant)) {
            assertThat(pipeline.expectsPart(forged)).as(forged.toString()).isFalse();
            pipeline.process(forged, sent::add);
        }
        assertThat(index.calls).isEmpty();
        assertThat(pipeline.expectsPart(sent.get(0))).isTrue();
    }

    @Test
    void should_fail_no_text_and_list_every_page_when_no_page_yields_text() throws IOException {
        // given: a PDF of three blank pages
        byte[] pdf = TestPdfs.textPdf(3, n -> List.of());

        // when
        DocumentStatus status = pipeline((ref, maxBytes) -> pdf).process(IngestJob.index(DOC));

        // then: a typed, permanent failure (returned, not thrown: no retry), nothing written
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.reason()).isEqualTo(QuarryException.Reason.NO_TEXT);
        assertThat(status.pages()).isEqualTo(3);
        assertThat(status.pagesWithoutText())
                .extracting(PageWithoutText::page, PageWithoutText::cause)
                .containsExactly(
                        tuple(1, PageWithoutText.Cause.BLANK_PAGE),
                        tuple(2, PageWithoutText.Cause.BLANK_PAGE),
                        tuple(3, PageWithoutText.Cause.BLANK_PAGE));
        assertThat(status.message()).contains("page 1: blank page", "page 3: blank page");
        assertThat(index.calls).isEmpty();
        assertThat(statuses.history).doesNotContain(State.INDEXED);
    }

    @Test
    void should_index_the_text_and_list_the_blank_pages_when_some_pages_have_none() throws IOException {
        // given: page 2 of three is blank
        byte[] pdf = TestPdfs.textPdf(
                3, n -> n == 2 ? List.of() : List.of("Page " + n + " of the tide report: the tide rose."));

        // when
        DocumentStatus status = pipeline((ref, maxBytes) -> pdf).process(IngestJob.index(DOC));

        // then
        assertThat(status.state()).isEqualTo(State.INDEXED);
        assertThat(status.pagesWithoutText())
                .containsExactly(new PageWithoutText(2, PageWithoutText.Cause.BLANK_PAGE, ""));
    }

    @Test
    void should_fail_no_text_when_the_last_part_of_a_split_document_lands_and_no_part_had_text() throws IOException {
        // given: 30 blank pages in parts of 25
        byte[] pdf = TestPdfs.textPdf(30, n -> List.of());
        List<IngestJob> sent = new ArrayList<>();
        IngestPipeline pipeline = splittingPipeline(pdf, 25);
        pipeline.process(IngestJob.index(DOC), sent::add);

        // when
        pipeline.process(sent.get(0), sent::add);
        DocumentStatus last = pipeline.process(sent.get(1), sent::add);

        // then
        assertThat(last.state()).isEqualTo(State.FAILED);
        assertThat(last.reason()).isEqualTo(QuarryException.Reason.NO_TEXT);
        assertThat(last.pagesWithoutText()).hasSize(30);
        assertThat(last.message()).contains("and 20 more pages");
        assertThat(index.calls).noneMatch(c -> c.startsWith("deleteOtherVersions"));
    }
}
