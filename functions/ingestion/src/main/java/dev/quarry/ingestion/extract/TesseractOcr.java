package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.port.OcrEngine;
import org.jboss.logging.Logger;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Recognises page images with the Tesseract command line ({@code tesseract page.png stdout -l eng --psm 3}).
 * Each call writes the image to a temporary PNG, runs one process with {@code OMP_THREAD_LIMIT=1} (Tesseract's
 * OpenMP threads only slow it down on the one or two cores of a function), and kills it when it runs past the
 * timeout. Standard output and error go to temporary files, so a chatty process can never block on a full
 * pipe.
 */
public final class TesseractOcr implements OcrEngine {

    private static final Logger LOG = Logger.getLogger(TesseractOcr.class);
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*");
    private static final int STDERR_TAIL_CHARS = 500;

    private final Settings settings;

    public TesseractOcr(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
    }

    /**
     * How Tesseract is run.
     *
     * @param command the executable, a name on the {@code PATH} or an absolute path
     * @param language one or more traineddata names joined by {@code +}, e.g. {@code eng+deu}
     * @param pageSegmentationMode Tesseract's {@code --psm}, 0..13 (3 = automatic, for full pages)
     * @param timeout how long one page may take; the process is killed after it
     */
    public record Settings(String command, String language, int pageSegmentationMode, Duration timeout) {

        public Settings {
            Objects.requireNonNull(command, "command must not be null");
            if (command.isBlank()) {
                throw new IllegalArgumentException("command must not be blank: name the tesseract executable");
            }
            Objects.requireNonNull(language, "language must not be null");
            if (!LANGUAGE.matcher(language).matches()) {
                throw new IllegalArgumentException(
                        "language must be traineddata names joined by '+', e.g. eng or eng+deu, was '" + language
                                + "'");
            }
            if (pageSegmentationMode < 0 || pageSegmentationMode > 13) {
                throw new IllegalArgumentException(
                        "pageSegmentationMode must be within [0,13] (3 suits full pages), was " + pageSegmentationMode);
            }
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
        }

        /** {@code tesseract}, English, automatic page segmentation, 60 seconds per page. */
        public static Settings defaults() {
            return new Settings("tesseract", "eng", 3, ExtractionLimits.DEFAULT_OCR_TIMEOUT_PER_PAGE);
        }
    }

    @Override
    public String recognize(BufferedImage page) {
        Objects.requireNonNull(page, "page must not be null");
        Path dir = createWorkDirectory();
        try {
            Path image = dir.resolve("page.png");
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Files.write(image, OcrEngine.png(page));
            int exit = run(image, out, err);
            if (exit != 0) {
                throw new QuarryException.Permanent(
                        Reason.OCR_FAILED,
                        "tesseract exited with " + exit + ": " + tail(err)
                                + " (check quarry.ocr.language and that its traineddata is installed)");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new QuarryException.Permanent(Reason.OCR_FAILED, "could not exchange files with tesseract", e);
        } finally {
            deleteRecursively(dir);
        }
    }

    private int run(Path image, Path out, Path err) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        settings.command(),
                        image.toString(),
                        "stdout",
                        "-l",
                        settings.language(),
                        "--psm",
                        Integer.toString(settings.pageSegmentationMode())))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        Process process = start(builder);
        try {
            process.getOutputStream().close();
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new QuarryException.Permanent(
                        Reason.TIMEOUT,
                        "OCR of one page took longer than " + settings.timeout()
                                + "; raise quarry.extraction.ocr-timeout-per-page (or quarry.ocr.timeout)");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "interrupted while waiting for tesseract", e);
        }
    }

    private Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new QuarryException.Permanent(
                    Reason.OCR_FAILED,
                    "cannot run the OCR command '" + settings.command() + "' (" + e.getMessage()
                            + "). Install tesseract-ocr with the language data you need"
                            + " (e.g. apt-get install tesseract-ocr tesseract-ocr-eng), or configure"
                            + " quarry.ocr.command with the path of the tesseract executable",
                    e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path createWorkDirectory() {
        try {
            return Files.createTempDirectory("quarry-ocr-");
        } catch (IOException e) {
            throw new QuarryException.Permanent(
                    Reason.OCR_FAILED, "cannot create a temporary directory for OCR (is java.io.tmpdir writable?)", e);
        }
    }

    private static String tail(Path err) {
        try {
            String text = Files.readString(err, StandardCharsets.UTF_8).strip();
            return text.length() <= STDERR_TAIL_CHARS ? text : text.substring(text.length() - STDERR_TAIL_CHARS);
        } catch (IOException | UncheckedIOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debugf(e, "could not delete OCR scratch directory %s", dir);
        }
    }
}
