package dev.quarry.ingestion;

import dev.quarry.core.port.OcrEngine;
import dev.quarry.ingestion.extract.ExtractionLimits;
import dev.quarry.ingestion.extract.OcrConfig;
import dev.quarry.ingestion.extract.TesseractApiOcr;
import dev.quarry.ingestion.extract.TesseractOcr;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestionBeansTest {

    private static final OcrEngine PRODUCED = page -> "produced";

    @Test
    void should_use_the_functions_ocr_engine_when_it_produces_one() {
        // given
        OcrConfig config = config(Map.of("quarry.ocr.engine", "textract"));

        // when
        OcrEngine engine = IngestionBeans.ocrEngine(config, ExtractionLimits.defaults(), new FakeInstance(PRODUCED));

        // then
        assertThat(engine).isSameAs(PRODUCED);
    }

    @Test
    void should_fall_back_to_tesseract_in_process_without_a_produced_engine() throws Exception {
        // when
        OcrEngine engine =
                IngestionBeans.ocrEngine(config(Map.of()), ExtractionLimits.defaults(), new FakeInstance(null));

        // then
        assertThat(engine).isInstanceOf(TesseractApiOcr.class);
        ((TesseractApiOcr) engine).close();
    }

    @Test
    void should_run_the_tesseract_program_when_tesseract_cli_is_configured() {
        // when
        OcrEngine engine = IngestionBeans.ocrEngine(
                config(Map.of("quarry.ocr.engine", "tesseract-cli")),
                ExtractionLimits.defaults(),
                new FakeInstance(null));

        // then
        assertThat(engine).isInstanceOf(TesseractOcr.class);
    }

    @Test
    void should_refuse_textract_where_no_function_provides_it() {
        // given
        OcrConfig config = config(Map.of("quarry.ocr.engine", "textract"));

        // when / then
        assertThatThrownBy(() -> IngestionBeans.ocrEngine(config, ExtractionLimits.defaults(), new FakeInstance(null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarry.ocr.engine=textract")
                .hasMessageContaining("only available in the ingest Lambda");
    }

    private static OcrConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(OcrConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(OcrConfig.class);
    }

    /** An {@link Instance} holding one bean or none; only what {@code IngestionBeans} calls is supported. */
    private record FakeInstance(OcrEngine bean) implements Instance<OcrEngine> {

        @Override
        public boolean isResolvable() {
            return bean != null;
        }

        @Override
        public boolean isUnsatisfied() {
            return bean == null;
        }

        @Override
        public boolean isAmbiguous() {
            return false;
        }

        @Override
        public OcrEngine get() {
            if (bean == null) {
                throw new IllegalStateException("unsatisfied");
            }
            return bean;
        }

        @Override
        public Iterator<OcrEngine> iterator() {
            return (bean == null ? List.<OcrEngine>of() : List.of(bean)).iterator();
        }

        @Override
        public Instance<OcrEngine> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends OcrEngine> Instance<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends OcrEngine> Instance<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void destroy(OcrEngine instance) {}

        @Override
        public Handle<OcrEngine> getHandle() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<? extends Handle<OcrEngine>> handles() {
            throw new UnsupportedOperationException();
        }
    }
}
