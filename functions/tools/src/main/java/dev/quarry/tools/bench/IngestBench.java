package dev.quarry.tools.bench;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.Embedder;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.embedded.store.JsonDocumentStatusStore;
import dev.quarry.embedded.store.LocalDocumentSource;
import dev.quarry.ingestion.IngestPipeline;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.extract.DocumentExtractor;
import dev.quarry.models.embed.EmbeddingModel;
import dev.quarry.models.embed.OnnxEmbedder;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Ingest throughput through the real {@link IngestPipeline} (extract, chunk, embed, index, status), for
 * generated text-layer PDFs and for generated page images that need OCR, measured separately; then the
 * same chunk texts embedded by the embedder alone and by raw onnxruntime, so the overhead of each layer
 * shows as a ratio.
 */
public final class IngestBench {

    /**
     * @param textDocuments generated PDFs with a text layer
     * @param pagesPerDocument pages per generated PDF
     * @param ocrImages generated page images (PNG, read by Tesseract)
     * @param realDocuments a folder of real files to ingest as a third set, or null
     * @param workers documents processed at once (as {@code quarry ingest})
     * @param seed text seed
     */
    public record Settings(
            int textDocuments, int pagesPerDocument, int ocrImages, Path realDocuments, int workers, long seed) {}

    private static final String TENANT = "bench";

    private final DocumentExtractor extractor;
    private final Chunker chunker;
    private final OnnxEmbedder embedder;

    public IngestBench(DocumentExtractor extractor, Chunker chunker, OnnxEmbedder embedder) {
        this.extractor = Objects.requireNonNull(extractor, "extractor must not be null");
        this.chunker = Objects.requireNonNull(chunker, "chunker must not be null");
        this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
    }

    public BenchReport run(Path work, Settings settings) throws Exception {
        BenchReport report = new BenchReport(
                        "ingest",
                        List.of(
                                "set",
                                "documents",
                                "pages",
                                "ocr pages",
                                "chunks",
                                "seconds",
                                "docs/s",
                                "pages/s",
                                "chunks/s",
                                "CPU s/page"))
                .setting("embedder", embedder.options().toString())
                .setting("workers", settings.workers())
                .setting("pages per text PDF", settings.pagesPerDocument());
        Machine.resetPeakHeap();
        RecordingEmbedder recording = new RecordingEmbedder(embedder);
        LocalDocumentSource source = new LocalDocumentSource(work.resolve("documents"));
        List<Map<String, Object>> sets = new ArrayList<>();
        try (LuceneChunkIndex index =
                new LuceneChunkIndex(LuceneIndexConfig.onDisk(work.resolve("index"), embedder.dimension()))) {
            IngestPipeline pipeline = new IngestPipeline(
                    source,
                    extractor,
                    chunker,
                    recording,
                    index,
                    new JsonDocumentStatusStore(work.resolve("status.json")),
                    CorpusVersion.NONE,
                    512L * 1024 * 1024,
                    Clock.systemUTC());
            SyntheticCorpus corpus = new SyntheticCorpus(settings.seed());
            if (settings.textDocuments() > 0) {
                List<DocumentRef> refs = new ArrayList<>();
                for (int d = 0; d < settings.textDocuments(); d++) {
                    byte[] pdf = textPdf(corpus, d, settings.pagesPerDocument());
                    refs.add(source.put(TENANT, "text/doc-" + d + ".pdf", new ByteArrayInputStream(pdf)));
                }
                sets.add(measure("text PDF", refs, pipeline, recording, settings.workers(), report));
            }
            if (settings.ocrImages() > 0) {
                List<DocumentRef> refs = new ArrayList<>();
                for (int d = 0; d < settings.ocrImages(); d++) {
                    byte[] png = pageImage(corpus, d);
                    refs.add(source.put(TENANT, "ocr/page-" + d + ".png", new ByteArrayInputStream(png)));
                }
                sets.add(measure("OCR image", refs, pipeline, recording, settings.workers(), report));
            }
            if (settings.realDocuments() != null) {
                List<DocumentRef> refs = new ArrayList<>();
                try (Stream<Path> files = Files.list(settings.realDocuments())) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        refs.add(source.put(
                                TENANT,
                                "real/" + file.getFileName(),
                                new ByteArrayInputStream(Files.readAllBytes(file))));
                    }
                }
                sets.add(measure(
                        "files " + settings.realDocuments().getFileName(),
                        refs,
                        pipeline,
                        recording,
                        settings.workers(),
                        report));
            }
        }
        report.result("sets", sets);
        report.result("peak_heap_mb", Machine.peakHeapMb());
        report.result("peak_rss_mb", Machine.peakRssMb(Machine.selfPid()));
        compareEmbedding(recording.texts(), recording.nanos(), report);
        report.setting("peak heap MB", Machine.peakHeapMb());
        return report;
    }

    private Map<String, Object> measure(
            String name,
            List<DocumentRef> refs,
            IngestPipeline pipeline,
            RecordingEmbedder recording,
            int workers,
            BenchReport report)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<DocumentStatus>> futures = new ArrayList<>();
        long start = System.nanoTime();
        long cpuStart = Machine.processCpuNanos();
        for (DocumentRef ref : refs) {
            futures.add(pool.submit(() -> pipeline.process(IngestJob.index(ref))));
        }
        long pages = 0;
        long ocrPages = 0;
        long chunks = 0;
        int failed = 0;
        for (Future<DocumentStatus> future : futures) {
            DocumentStatus status = future.get();
            if (status.state() != DocumentStatus.State.INDEXED) {
                failed++;
                report.note(name + ": " + status.document().key() + " " + status.state() + " " + status.message());
            }
            pages += status.pages();
            ocrPages += status.ocrPages();
            chunks += status.chunks();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (Machine.processCpuNanos() - cpuStart) / 1e9;
        pool.shutdown();
        report.row(
                name,
                refs.size(),
                pages,
                ocrPages,
                chunks,
                Percentiles.round(seconds),
                refs.size() / seconds,
                pages / seconds,
                chunks / seconds,
                pages == 0 ? 0.0 : cpuSeconds / pages);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("set", name);
        set.put("documents", refs.size());
        set.put("failed", failed);
        set.put("pages", pages);
        set.put("ocr_pages", ocrPages);
        set.put("chunks", chunks);
        set.put("seconds", Percentiles.round(seconds));
        set.put("documents_per_second", Percentiles.round(refs.size() / seconds));
        set.put("pages_per_second", Percentiles.round(pages / seconds));
        set.put("chunks_per_second", Percentiles.round(chunks / seconds));
        set.put("cpu_seconds", Percentiles.round(cpuSeconds));
        set.put("cpu_seconds_per_page", pages == 0 ? 0.0 : Math.round(cpuSeconds / pages * 1000) / 1000.0);
        set.put("cpu_seconds_per_chunk", chunks == 0 ? 0.0 : Math.round(cpuSeconds / chunks * 1000) / 1000.0);
        return set;
    }

    /** The chunks the pipeline embedded, embedded again by the embedder alone and by raw onnxruntime. */
    private void compareEmbedding(List<String> texts, long pipelineEmbedNanos, BenchReport report) throws Exception {
        if (texts.isEmpty()) {
            return;
        }
        EmbeddingModel model = embedder.options().model();
        long start = System.nanoTime();
        List<float[]> quarry = embedder.embedAll(texts);
        double embedderSeconds = (System.nanoTime() - start) / 1e9;
        int window = embedder.options().window();
        int batch = embedder.options().batchSize();
        Baseline padded = baseline(model, window, batch, false, texts);
        Baseline perText = baseline(model, window, batch, true, texts);
        double minCosine = 1;
        for (int i = 0; i < texts.size(); i++) {
            minCosine = Math.min(
                    minCosine,
                    Math.min(dot(quarry.get(i), padded.vectors.get(i)), dot(quarry.get(i), perText.vectors.get(i))));
        }
        double pipelineRate = texts.size() / (pipelineEmbedNanos / 1e9);
        double embedderRate = texts.size() / embedderSeconds;
        double rawRate = texts.size() / perText.seconds;
        double paddedRate = texts.size() / padded.seconds;
        Map<String, Object> embedding = new LinkedHashMap<>();
        embedding.put("chunks", texts.size());
        embedding.put("batch_size", embedder.options().batchSize());
        embedding.put("in_pipeline_chunks_per_second_per_worker", Percentiles.round(pipelineRate));
        embedding.put("embedder_alone_chunks_per_second", Percentiles.round(embedderRate));
        embedding.put("raw_onnxruntime_chunks_per_second", Percentiles.round(rawRate));
        embedding.put("raw_over_embedder", Percentiles.round(rawRate / embedderRate));
        embedding.put("raw_padded_batches_chunks_per_second", Percentiles.round(paddedRate));
        embedding.put("min_cosine_embedder_vs_raw", Math.round(minCosine * 10_000) / 10_000.0);
        report.result("embedding", embedding);
        report.note(String.format(
                "embedding %d chunks (batch %d): in pipeline %.1f chunks/s per worker, embedder alone %.1f, raw"
                        + " onnxruntime same schedule (one text per single-threaded run, %d in parallel) %.1f ->"
                        + " raw/embedder %.2fx; raw padded batches on %d intra-op threads %.1f; vectors agree to"
                        + " cosine >= %.4f",
                texts.size(),
                embedder.options().batchSize(),
                pipelineRate,
                embedderRate,
                Runtime.getRuntime().availableProcessors(),
                rawRate,
                rawRate / embedderRate,
                Runtime.getRuntime().availableProcessors(),
                paddedRate,
                minCosine));
    }

    private record Baseline(List<float[]> vectors, double seconds) {}

    private static Baseline baseline(EmbeddingModel model, int window, int batch, boolean perText, List<String> texts)
            throws Exception {
        try (RawOnnxEmbedder raw = new RawOnnxEmbedder(
                model.modelResource(), model.tokenizerResource(), model.clsPooling(), window, batch, perText)) {
            raw.embedAll(texts.subList(0, Math.min(texts.size(), batch))); // warm up
            long start = System.nanoTime();
            List<float[]> vectors = raw.embedAll(texts);
            return new Baseline(vectors, (System.nanoTime() - start) / 1e9);
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** A PDF of {@code pages} A4 pages of synthetic prose with a text layer (about 350 words a page). */
    static byte[] textPdf(SyntheticCorpus corpus, int d, int pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            Random random = new Random(SyntheticCorpus.mix(d, 1));
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.setLeading(13);
                    content.newLineAtOffset(50, 800);
                    for (String line : lines(SyntheticCorpus.words(random, 350), 95)) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    /** A page image (PNG, 1240x1754, about 150 dpi A4) of synthetic prose in black on white. */
    static byte[] pageImage(SyntheticCorpus corpus, int d) throws IOException {
        BufferedImage image = new BufferedImage(1240, 1754, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SERIF, Font.PLAIN, 26));
            int y = 100;
            for (String line : lines(SyntheticCorpus.words(new Random(SyntheticCorpus.mix(d, 2)), 300), 70)) {
                g.drawString(line, 90, y);
                y += 40;
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static List<String> lines(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Passes calls through and keeps the texts it was given and the time it took. */
    private static final class RecordingEmbedder implements Embedder {
        private final Embedder delegate;
        private final List<String> texts = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong nanos = new AtomicLong();

        RecordingEmbedder(Embedder delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<float[]> embedAll(List<String> batch) {
            long start = System.nanoTime();
            List<float[]> vectors = delegate.embedAll(batch);
            nanos.addAndGet(System.nanoTime() - start);
            texts.addAll(batch);
            return vectors;
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public int countTokens(String text) {
            return delegate.countTokens(text);
        }

        @Override
        public int maxTokens() {
            return delegate.maxTokens();
        }

        List<String> texts() {
            synchronized (texts) {
                return List.copyOf(texts);
            }
        }

        long nanos() {
            return nanos.get();
        }
    }
}
