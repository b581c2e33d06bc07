package dev.quarry.ingest;

import dev.quarry.aws.textract.TextractOcr;
import dev.quarry.core.port.OcrEngine;
import dev.quarry.ingestion.extract.ExtractionConfig;
import dev.quarry.ingestion.extract.OcrConfig;
import dev.quarry.ingestion.extract.TesseractApiOcr;
import dev.quarry.ingestion.extract.TesseractOcr;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest function's OcrEngine producer picks the engine from {@code quarry.ocr.engine} at run time. */
class OcrEngineSelectionTest {

    @Test
    void should_produce_tesseract_in_process_by_default() throws Exception {
        // given
        SmallRyeConfig config = config(Map.of());

        // when
        OcrEngine engine = produce(config);

        // then
        assertThat(engine).isInstanceOf(TesseractApiOcr.class);
        new IngestBeans().closeOcr(engine);
    }

    @Test
    void should_produce_the_tesseract_program_when_tesseract_cli_is_configured() throws Exception {
        // given
        SmallRyeConfig config = config(Map.of("quarry.ocr.engine", "tesseract-cli"));

        // when
        OcrEngine engine = produce(config);

        // then
        assertThat(engine).isInstanceOf(TesseractOcr.class);
    }

    @Test
    void should_produce_textract_when_configured() throws Exception {
        // given: region and endpoint given, so no AWS setting of the machine is consulted
        String region = System.getProperty("aws.region");
        System.setProperty("aws.region", "eu-west-1");
        try {
            SmallRyeConfig config = config(
                    Map.of("quarry.ocr.engine", "textract", "quarry.ocr.textract-endpoint", "http://127.0.0.1:1"));

            // when
            OcrEngine engine = produce(config);

            // then
            assertThat(engine).isInstanceOf(TextractOcr.class);
            new IngestBeans().closeOcr(engine);
        } finally {
            if (region == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", region);
            }
        }
    }

    private static OcrEngine produce(SmallRyeConfig config) {
        return new IngestBeans()
                .ocr(config.getConfigMapping(OcrConfig.class), config.getConfigMapping(ExtractionConfig.class));
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(OcrConfig.class)
                .withMapping(ExtractionConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }
}
