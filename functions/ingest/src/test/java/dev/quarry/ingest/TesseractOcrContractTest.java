package dev.quarry.ingest;

import dev.quarry.core.port.OcrEngine;
import dev.quarry.ingestion.extract.Tessdata;
import dev.quarry.ingestion.extract.TesseractApiOcr;
import dev.quarry.ingestion.extract.TesseractOcr;
import dev.quarry.testing.OcrEngineContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The OCR contract on both Tesseract engines the ingest function can run ({@code quarry.ocr.engine}): the
 * in-process library with the bundled English data ({@code tesseract}), and the installed {@code tesseract}
 * program ({@code tesseract-cli}, skipped with the reason where it is not on the {@code PATH}). Every assertion
 * lives in {@link OcrEngineContractTest}. Amazon Textract is not run here: its tests answer from a scripted
 * endpoint, which cannot read a real scan ({@link TextractOcrTest}).
 */
class TesseractOcrContractTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Nested
    class InProcess extends OcrEngineContractTest {

        private static TesseractApiOcr engine;

        @BeforeAll
        static void load() {
            Path tessdata =
                    Tessdata.resolve(Optional.empty(), Map.of(), Path.of(System.getProperty("java.io.tmpdir")), "eng");
            engine = new TesseractApiOcr(new TesseractApiOcr.Settings(tessdata, "eng", 3, true, TIMEOUT));
        }

        @AfterAll
        static void close() {
            if (engine != null) {
                engine.close();
            }
        }

        @Override
        protected OcrEngine engine() {
            return engine;
        }
    }

    @Nested
    class Command extends OcrEngineContractTest {

        @BeforeAll
        static void requireTesseract() {
            assumeTrue(onPath("tesseract"), "tesseract is not on the PATH: install tesseract-ocr to run this suite");
        }

        @Override
        protected OcrEngine engine() {
            return new TesseractOcr(new TesseractOcr.Settings("tesseract", "eng", 3, TIMEOUT));
        }
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
