package dev.quarry.local.cli.bench;

import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.extract.DocumentExtractor;
import dev.quarry.local.LocalConfig;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.tools.bench.BenchFiles;
import dev.quarry.tools.bench.IngestBench;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Ingest throughput (documents/s, pages/s, chunks/s) for generated text PDFs and OCR page images"
                + " (and a folder of real files with --documents), compared with raw onnxruntime on the same chunks.")
public class IngestBenchCommand implements Callable<Integer> {

    @Option(names = "--text-docs", defaultValue = "40", description = "Generated text PDFs (default ${DEFAULT-VALUE}).")
    int textDocs;

    @Option(names = "--pages", defaultValue = "5", description = "Pages per text PDF (default ${DEFAULT-VALUE}).")
    int pages;

    @Option(
            names = "--ocr-images",
            defaultValue = "8",
            description = "Generated page images to OCR (default ${DEFAULT-VALUE}).")
    int ocrImages;

    @Option(
            names = "--documents",
            paramLabel = "DIR",
            description = "Also ingest the files of DIR (never copied into the repository).")
    Path documents;

    @Option(names = "--short", description = "Small sizes for CI: 3 text PDFs of 2 pages, 1 OCR image.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Mixin
    BenchOutput output;

    @Inject
    Instance<DocumentExtractor> extractor;

    @Inject
    Instance<Chunker> chunker;

    @Inject
    Instance<OnnxEmbedder> embedder;

    @Inject
    LocalConfig config;

    @Override
    public Integer call() throws Exception {
        IngestBench.Settings settings = quick
                ? new IngestBench.Settings(3, 2, 1, documents, config.workers(), seed)
                : new IngestBench.Settings(textDocs, pages, ocrImages, documents, config.workers(), seed);
        Path work = Files.createTempDirectory("quarry-bench-ingest-");
        try {
            output.emit(new IngestBench(extractor.get(), chunker.get(), embedder.get()).run(work, settings));
        } finally {
            BenchFiles.deleteRecursively(work);
        }
        return 0;
    }
}
