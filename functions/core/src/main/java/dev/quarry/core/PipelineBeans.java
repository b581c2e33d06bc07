package dev.quarry.core;

import dev.quarry.core.chunk.Chunker;
import dev.quarry.core.chunk.ChunkingConfig;
import dev.quarry.core.embed.EmbeddingConfig;
import dev.quarry.core.embed.OnnxEmbedder;
import dev.quarry.core.extract.DocumentExtractor;
import dev.quarry.core.extract.ExtractionConfig;
import dev.quarry.core.extract.ExtractionLimits;
import dev.quarry.core.extract.OcrConfig;
import dev.quarry.core.extract.TesseractOcr;
import dev.quarry.core.pipeline.FanOutConfig;
import dev.quarry.core.pipeline.IngestPipeline;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.OcrEngine;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Locale;

/**
 * The CDI wiring every Quarkus function shares: embedder, chunker, extractor (with the function's
 * {@link OcrEngine} bean, else Tesseract) and the ingest pipeline, built from the {@code quarry.*} configuration. Each function supplies the adapters
 * the pipeline runs on (document source, chunk index, status store, answer cache). Created on first use,
 * so a command that needs no model loads none.
 */
public class PipelineBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    OnnxEmbedder embedder(EmbeddingConfig config) {
        return new OnnxEmbedder(config.toOptions());
    }

    void closeEmbedder(@Disposes OnnxEmbedder embedder) {
        embedder.close();
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
        return new DocumentExtractor(limits, ocrEngine(ocr, limits, engines));
    }

    /**
     * The function's own {@link OcrEngine} bean where it produces one (the ingest Lambda chooses Tesseract or
     * Textract), else Tesseract; {@code quarry.ocr.engine=textract} without such a bean is a configuration error.
     */
    static OcrEngine ocrEngine(OcrConfig ocr, ExtractionLimits limits, Instance<OcrEngine> engines) {
        if (engines.isResolvable()) {
            return engines.get();
        }
        if (ocr.engine() != OcrConfig.Engine.TESSERACT) {
            throw new IllegalStateException(
                    "quarry.ocr.engine=" + ocr.engine().name().toLowerCase(Locale.ROOT)
                            + " is only available in the ingest Lambda (functions/ingest); this application OCRs with"
                            + " Tesseract: remove quarry.ocr.engine (QUARRY_OCR_ENGINE) or set it to tesseract");
        }
        return new TesseractOcr(ocr.toSettings(limits));
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
            AnswerCache cache,
            ExtractionConfig extraction,
            FanOutConfig fanOut,
            Clock clock) {
        return new IngestPipeline(
                documents,
                extractor,
                chunker,
                embedder,
                index,
                statuses,
                cache,
                extraction.toLimits().maxBytes(),
                fanOut.pagesPerPart(),
                clock);
    }
}
