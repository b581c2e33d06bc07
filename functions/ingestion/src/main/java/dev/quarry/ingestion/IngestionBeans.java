package dev.quarry.ingestion;

import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.OcrEngine;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.chunk.ChunkingConfig;
import dev.quarry.ingestion.extract.DocumentExtractor;
import dev.quarry.ingestion.extract.ExtractionConfig;
import dev.quarry.ingestion.extract.ExtractionLimits;
import dev.quarry.ingestion.extract.OcrConfig;
import dev.quarry.ingestion.extract.TesseractApiOcr;
import dev.quarry.ingestion.extract.TesseractOcr;
import dev.quarry.models.embed.OnnxEmbedder;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Locale;

/**
 * The ingestion wiring of every application that ingests (the ingest Lambda, the local command line): chunker,
 * extractor (with the application's {@link OcrEngine} bean, else Tesseract in-process or its command line) and the
 * ingest pipeline, built from the {@code quarry.*} configuration; the embedder comes from quarry-models'
 * {@code ModelBeans}. Each application supplies the adapters the pipeline runs on (document source, chunk index,
 * status store, answer cache). Created on first use, so a command that needs no model loads none.
 */
public class IngestionBeans {

    private static final Logger LOG = Logger.getLogger(IngestionBeans.class);

    /**
     * Heap kept for everything but extraction when sizing {@code quarry.extraction.concurrency=0}: the
     * embedder's and reranker's on-heap parts, the index, the HTTP server (see docs/memory.md).
     */
    static final long RESERVED_HEAP_BYTES = 256L * 1024 * 1024;

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Chunker chunker(ChunkingConfig config, OnnxEmbedder embedder) {
        return Chunker.forEmbedder(config.toOptions(embedder.maxTokens()), embedder);
    }

    @Produces
    @Singleton
    DocumentExtractor extractor(ExtractionConfig extraction, OcrConfig ocr, Instance<OcrEngine> engines) {
        ExtractionLimits limits = extraction.toLimits();
        int concurrency = extraction.concurrency() > 0
                ? extraction.concurrency()
                : DocumentExtractor.concurrencyFor(
                        limits, Runtime.getRuntime().maxMemory(), RESERVED_HEAP_BYTES, Integer.MAX_VALUE);
        LOG.debugf(
                "up to %d extraction(s) at once (quarry.extraction.concurrency=%d, max heap %d MiB)",
                concurrency, extraction.concurrency(), Runtime.getRuntime().maxMemory() >> 20);
        return new DocumentExtractor(limits, ocrEngine(ocr, limits, engines), concurrency);
    }

    /**
     * The function's own {@link OcrEngine} bean where it produces one (the ingest Lambda chooses Tesseract or
     * Textract), else Tesseract in-process or, with {@code quarry.ocr.engine=tesseract-cli}, its command line;
     * {@code quarry.ocr.engine=textract} without such a bean is a configuration error.
     */
    static OcrEngine ocrEngine(OcrConfig ocr, ExtractionLimits limits, Instance<OcrEngine> engines) {
        if (engines.isResolvable()) {
            return engines.get();
        }
        return switch (ocr.engine()) {
            case TESSERACT -> new TesseractApiOcr(ocr.toApiSettings(limits));
            case TESSERACT_CLI -> new TesseractOcr(ocr.toSettings(limits));
            case TEXTRACT ->
                throw new IllegalStateException("quarry.ocr.engine="
                        + ocr.engine().name().toLowerCase(Locale.ROOT)
                        + " is only available in the ingest Lambda (functions/ingest); this application OCRs with"
                        + " Tesseract: remove quarry.ocr.engine (QUARRY_OCR_ENGINE) or set it to tesseract");
        };
    }

    @Produces
    @Singleton
    IngestPipeline ingestPipeline(
            DocumentSource documents,
            DocumentExtractor extractor,
            Chunker chunker,
            OnnxEmbedder embedder,
            ChunkIndex index,
            DocumentStatusStore statuses,
            CorpusVersion versions,
            ExtractionConfig extraction,
            FanOutConfig fanOut,
            IngestBudgetConfig budget,
            Clock clock) {
        return new IngestPipeline(
                documents,
                extractor,
                chunker,
                embedder,
                index,
                statuses,
                versions,
                extraction.toLimits().maxBytes(),
                fanOut.pagesPerPart(),
                budget.toBudget(),
                clock);
    }
}
