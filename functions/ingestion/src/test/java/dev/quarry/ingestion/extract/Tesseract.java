package dev.quarry.ingestion.extract;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real Tesseract for tests: in-process with the bundled language data (always there), or the installed
 * command line for the tests of that adapter, which are skipped, visibly, where it is not installed.
 */
final class Tesseract {

    private static TesseractApiOcr inProcess;

    private Tesseract() {}

    /** One in-process engine shared by the tests of this JVM (English, orientation detection on). */
    static synchronized TesseractApiOcr inProcess() {
        if (inProcess == null) {
            inProcess = new TesseractApiOcr(
                    new TesseractApiOcr.Settings(bundledData(), "eng", 3, true, Duration.ofSeconds(60)));
        }
        return inProcess;
    }

    /** The bundled eng and osd data, copied into the temporary folder. */
    static Path bundledData() {
        return Tessdata.resolve(Optional.empty(), Map.of(), Path.of(System.getProperty("java.io.tmpdir")), "eng");
    }

    static TesseractOcr assumeInstalled() {
        assumeTrue(isInstalled(), "tesseract is not on the PATH: install tesseract-ocr to run this test");
        return new TesseractOcr(new TesseractOcr.Settings("tesseract", "eng", 3, Duration.ofSeconds(60)));
    }

    static boolean isInstalled() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, "tesseract").canExecute()) {
                return true;
            }
        }
        return false;
    }
}
