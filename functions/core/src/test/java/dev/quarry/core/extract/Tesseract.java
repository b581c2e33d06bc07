package dev.quarry.core.extract;

import java.io.File;
import java.time.Duration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real Tesseract for tests that need it; they are skipped, visibly, where it is not installed. */
final class Tesseract {

    private Tesseract() {}

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
