package dev.quarry.ingestion.extract;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtractionConfigTest {

    @Test
    void should_default_to_the_same_limits_as_the_code() {
        // given
        SmallRyeConfig config = config(Map.of());

        // when
        ExtractionLimits limits =
                config.getConfigMapping(ExtractionConfig.class).toLimits();

        // then
        assertThat(limits).isEqualTo(ExtractionLimits.defaults());
    }

    @Test
    void should_take_the_ocr_timeout_from_extraction_limits_unless_set_for_ocr() {
        // given
        SmallRyeConfig defaults = config(Map.of("quarry.extraction.ocr-timeout-per-page", "PT30S"));
        SmallRyeConfig overridden = config(Map.of("quarry.ocr.timeout", "PT5S", "quarry.ocr.language", "eng+deu"));

        // when
        TesseractOcr.Settings fromLimits = defaults.getConfigMapping(OcrConfig.class)
                .toSettings(defaults.getConfigMapping(ExtractionConfig.class).toLimits());
        TesseractOcr.Settings own =
                overridden.getConfigMapping(OcrConfig.class).toSettings(ExtractionLimits.defaults());

        // then
        assertThat(fromLimits).isEqualTo(new TesseractOcr.Settings("tesseract", "eng", 3, Duration.ofSeconds(30)));
        assertThat(own).isEqualTo(new TesseractOcr.Settings("tesseract", "eng+deu", 3, Duration.ofSeconds(5)));
    }

    @Test
    void should_default_to_tesseract_and_read_textract_with_its_endpoint() {
        // given
        SmallRyeConfig defaults = config(Map.of());
        SmallRyeConfig textract = config(
                Map.of("quarry.ocr.engine", "textract", "quarry.ocr.textract-endpoint", "http://127.0.0.1:4566"));

        // when
        OcrConfig byDefault = defaults.getConfigMapping(OcrConfig.class);
        OcrConfig configured = textract.getConfigMapping(OcrConfig.class);

        // then
        assertThat(byDefault.engine()).isEqualTo(OcrConfig.Engine.TESSERACT);
        assertThat(byDefault.textractEndpoint()).isEmpty();
        assertThat(configured.engine()).isEqualTo(OcrConfig.Engine.TEXTRACT);
        assertThat(configured.textractEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void should_reject_limits_that_cannot_work_with_a_message_naming_the_argument() {
        assertThatThrownBy(() -> ExtractionLimits.defaults().withMaxPages(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPages");
        assertThatThrownBy(() -> ExtractionLimits.defaults().withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new DocumentExtractor(ExtractionLimits.defaults(), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ocr");
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(ExtractionConfig.class)
                .withMapping(OcrConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }
}
