package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TesseractOcrTest {

    @TempDir
    Path dir;

    @Test
    void should_recognise_the_words_of_a_page_image() {
        // given
        TesseractOcr tesseract = Tesseract.assumeInstalled();

        // when
        String text = tesseract.recognize(TestDocuments.textImage("Mica splits into thin sheets"));

        // then
        assertThat(text).contains("Mica", "splits", "thin", "sheets");
    }

    @Test
    void should_fail_ocr_failed_with_an_install_hint_when_the_command_is_missing() {
        // given
        TesseractOcr missing = new TesseractOcr(new TesseractOcr.Settings(
                dir.resolve("no-such-tesseract").toString(), "eng", 3, Duration.ofSeconds(5)));

        // when / then
        assertThatThrownBy(() -> missing.recognize(TestDocuments.textImage("x")))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("install tesseract-ocr")
                .hasMessageContaining("quarry.ocr.command")
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.OCR_FAILED);
    }

    @Test
    void should_fail_timeout_quickly_when_the_command_hangs() throws IOException {
        // given: a "tesseract" that sleeps far longer than the timeout
        Path sleeper = script("sleeping-tesseract", "#!/bin/sh\nsleep 30\n");
        TesseractOcr hanging =
                new TesseractOcr(new TesseractOcr.Settings(sleeper.toString(), "eng", 3, Duration.ofMillis(300)));
        long start = System.nanoTime();

        // when / then
        assertThatThrownBy(() -> hanging.recognize(TestDocuments.textImage("x")))
                .isInstanceOf(QuarryException.Permanent.class)
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void should_fail_ocr_failed_with_stderr_when_the_command_exits_with_an_error() throws IOException {
        // given
        Path failing = script("failing-tesseract", "#!/bin/sh\necho \"Failed loading language 'xx'\" >&2\nexit 1\n");
        TesseractOcr broken =
                new TesseractOcr(new TesseractOcr.Settings(failing.toString(), "xx", 3, Duration.ofSeconds(5)));

        // when / then
        assertThatThrownBy(() -> broken.recognize(TestDocuments.textImage("x")))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("Failed loading language 'xx'")
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.OCR_FAILED);
    }

    @Test
    void should_reject_settings_that_would_not_run() {
        assertThatThrownBy(() -> new TesseractOcr.Settings("tesseract", "eng; rm -rf /", 3, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("language");
        assertThatThrownBy(() -> new TesseractOcr.Settings("tesseract", "eng", 14, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pageSegmentationMode");
        assertThatThrownBy(() -> new TesseractOcr.Settings(" ", "eng", 3, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command");
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
