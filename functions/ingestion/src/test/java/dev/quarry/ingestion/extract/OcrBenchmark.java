package dev.quarry.ingestion.extract;

import dev.quarry.core.port.OcrEngine;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OCR quality and speed of the engines on the same real pages: character error rate on Tesseract's test pages
 * (phototest.tif, eurotext.tif with their ground truth) straight, turned 90/180/270° and skewed 3° (copies made
 * here, in memory), then pages/s and CPU-s per page on phototest.tif, eurotext.tif, testOCR.pdf and the full
 * 300-dpi JBIG2 test scan (both rendered at 300 dpi), one page at a time on one thread. Not a test: a main class, run by hand from the repository root:
 *
 * <pre>
 * ./mvnw -B -q -o -pl functions/core test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test
 * OMP_THREAD_LIMIT=1 java -cp functions/core/target/classes:functions/core/target/test-classes:$(cat functions/core/target/benchmark.classpath) \
 *     dev.quarry.ingestion.extract.OcrBenchmark /work/shared/eval/documents 5
 * </pre>
 *
 * Arguments: the documents folder, the timed repetitions per page (default 5), and optionally the engines
 * ({@code cli,api-plain,api}: the tesseract command line, in-process without and with orientation detection).
 */
public final class OcrBenchmark {

    private OcrBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path documents = Path.of(args.length > 0 ? args[0] : "/work/shared/eval/documents");
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> names = List.of(args.length > 2 ? args[2].split(",") : new String[] {"cli", "api-plain", "api"});
        System.out.println("load average before: " + loadAverage());
        Map<String, OcrEngine> engines = new LinkedHashMap<>();
        Path tessdata = Tessdata.resolve(
                Optional.empty(), System.getenv(), Path.of(System.getProperty("java.io.tmpdir")), "eng");
        for (String name : names) {
            engines.put(
                    name,
                    switch (name) {
                        case "cli" ->
                            new TesseractOcr(new TesseractOcr.Settings("tesseract", "eng", 3, Duration.ofMinutes(2)));
                        case "api-plain" ->
                            new TesseractApiOcr(
                                    new TesseractApiOcr.Settings(tessdata, "eng", 3, false, Duration.ofMinutes(2)));
                        case "api" ->
                            new TesseractApiOcr(
                                    new TesseractApiOcr.Settings(tessdata, "eng", 3, true, Duration.ofMinutes(2)));
                        default -> throw new IllegalArgumentException("unknown engine " + name);
                    });
        }
        cerTable(documents, engines);
        speedTable(documents, engines, repetitions);
        System.out.println("load average after: " + loadAverage());
        for (OcrEngine engine : engines.values()) {
            if (engine instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static void cerTable(Path documents, Map<String, OcrEngine> engines) throws IOException {
        System.out.println();
        System.out.println("| image | variant | " + String.join(" | ", engines.keySet()) + " |");
        System.out.println("|---|---|" + "---|".repeat(engines.size()));
        for (String name : List.of("phototest", "eurotext")) {
            BufferedImage image = ImageIO.read(documents.resolve(name + ".tif").toFile());
            String truth = Files.readString(documents.resolve(name + ".txt"), StandardCharsets.UTF_8);
            for (Map.Entry<String, BufferedImage> variant : variants(image).entrySet()) {
                StringBuilder row = new StringBuilder("| " + name + " | " + variant.getKey() + " |");
                for (OcrEngine engine : engines.values()) {
                    String text = engine.recognize(variant.getValue());
                    row.append(String.format(" %.4f |", cer(text, truth)));
                }
                System.out.println(row);
            }
        }
    }

    private static void speedTable(Path documents, Map<String, OcrEngine> engines, int repetitions) throws IOException {
        List<BufferedImage> pages = new ArrayList<>();
        pages.add(ImageIO.read(documents.resolve("phototest.tif").toFile()));
        pages.add(ImageIO.read(documents.resolve("eurotext.tif").toFile()));
        try (PDDocument pdf = Loader.loadPDF(documents.resolve("testOCR.pdf").toFile())) {
            pages.add(new PDFRenderer(pdf).renderImageWithDPI(0, 300, ImageType.GRAY));
        }
        // A full dense page scanned at 300 dpi (the JBIG2 test scan, 2544 x 3330), as ingest renders it.
        try (PDDocument pdf = Loader.loadPDF(ScannedEncodingsTest.scan("jbig2.pdf"))) {
            pages.add(new PDFRenderer(pdf).renderImageWithDPI(0, 300, ImageType.GRAY));
        }
        for (BufferedImage page : pages) {
            System.out.printf("page %d x %d%n", page.getWidth(), page.getHeight());
        }
        System.out.println();
        System.out.println("| engine | pages | seconds | pages/s | CPU-s per page |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, OcrEngine> engine : engines.entrySet()) {
            for (BufferedImage page : pages) {
                engine.getValue().recognize(page); // warm-up: natives, language data, JIT
            }
            long cpuBefore = processCpuTicks();
            long start = System.nanoTime();
            int count = 0;
            for (int r = 0; r < repetitions; r++) {
                for (BufferedImage page : pages) {
                    engine.getValue().recognize(page);
                    count++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuTicks() - cpuBefore) / 100.0;
            System.out.printf(
                    "| %s | %d | %.1f | %.2f | %.2f |%n",
                    engine.getKey(), count, seconds, count / seconds, cpu / count);
        }
    }

    /** Straight, turned clockwise 90/180/270°, and skewed 3° counter-clockwise. */
    static Map<String, BufferedImage> variants(BufferedImage image) {
        Map<String, BufferedImage> variants = new LinkedHashMap<>();
        TesseractApiOcr.GrayPage gray = TesseractApiOcr.GrayPage.of(image);
        variants.put("straight", gray.toImage());
        variants.put("90", gray.rotateClockwise(90).toImage());
        variants.put("180", gray.rotateClockwise(180).toImage());
        variants.put("270", gray.rotateClockwise(270).toImage());
        variants.put("skewed 3°", skew(gray.toImage(), 3));
        return variants;
    }

    /** The image turned by {@code degrees} (bilinear), on a white canvas large enough for its corners. */
    static BufferedImage skew(BufferedImage image, double degrees) {
        double radians = Math.toRadians(degrees);
        double sin = Math.abs(Math.sin(radians));
        double cos = Math.abs(Math.cos(radians));
        int width = (int) Math.ceil(image.getWidth() * cos + image.getHeight() * sin);
        int height = (int) Math.ceil(image.getHeight() * cos + image.getWidth() * sin);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform transform = new AffineTransform();
            transform.translate(width / 2.0, height / 2.0);
            transform.rotate(-radians);
            transform.translate(-image.getWidth() / 2.0, -image.getHeight() / 2.0);
            g.drawImage(image, transform, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Character error rate: edit distance over reference length, whitespace runs as one space. */
    static double cer(String recognized, String truth) {
        String a = recognized.replaceAll("\\s+", " ").strip();
        String b = truth.replaceAll("\\s+", " ").strip();
        return (double) RealDocumentsTest.levenshtein(a, b) / b.length();
    }

    /** This process's CPU time and that of its finished children (tesseract processes), in 1/100 s (Linux). */
    private static long processCpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[11..14] = utime, stime, cutime, cstime (fields 14-17 of proc(5))
        return Long.parseLong(fields[11])
                + Long.parseLong(fields[12])
                + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
