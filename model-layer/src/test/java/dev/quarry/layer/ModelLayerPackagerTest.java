package dev.quarry.layer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelLayerPackagerTest {

    @TempDir
    Path dir;

    Path model;
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void fixture() throws IOException {
        // Small stand-ins for the real files: the packager only checks names, hashes and sizes.
        model = Files.createDirectories(dir.resolve("model"));
        Files.write(model.resolve("model.onnx"), new byte[4096]);
        Files.writeString(model.resolve("tokenizer.json"), "{\"version\":\"1.0\"}");
    }

    @Test
    void should_put_the_model_and_tokenizer_under_models_cross_encoder_at_the_zip_root() throws IOException {
        Path out = dir.resolve("layer.zip");

        packager(pinsMatchingFixture(), false).packageLayer(model, out, List.of());

        try (ZipFile zip = new ZipFile(out.toFile())) {
            List<String> names = new ArrayList<>();
            Collections.list(zip.entries()).forEach(e -> names.add(e.getName()));
            assertThat(names)
                    .containsExactly(
                            "models/",
                            "models/cross-encoder/",
                            "models/cross-encoder/model.onnx",
                            "models/cross-encoder/tokenizer.json");
            assertThat(zip.getEntry("models/cross-encoder/model.onnx").getSize())
                    .isEqualTo(4096);
            assertThat(new String(
                            zip.getInputStream(zip.getEntry("models/cross-encoder/tokenizer.json"))
                                    .readAllBytes(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("{\"version\":\"1.0\"}");
        }
    }

    @Test
    void should_refuse_a_file_whose_sha256_differs_from_its_pin_and_write_nothing() throws IOException {
        Path pins = pinsMatchingFixture();
        Files.writeString(model.resolve("tokenizer.json"), "{\"version\":\"tampered\"}");
        Path out = dir.resolve("layer.zip");

        assertThatThrownBy(() -> packager(pins, true).packageLayer(model, out, List.of()))
                .isInstanceOf(ModelLayerPackager.LayerException.class)
                .hasMessageContaining("tokenizer.json has sha256")
                .hasMessageContaining("refusing");
        assertThat(out).doesNotExist();
    }

    @Test
    void should_refuse_unverified_pins_unless_unpinned_files_are_allowed() throws IOException {
        Path pins = writePins("UNVERIFIED", "UNVERIFIED");
        Path out = dir.resolve("layer.zip");

        assertThatThrownBy(() -> packager(pins, false).packageLayer(model, out, List.of()))
                .hasMessageContaining("model.onnx")
                .hasMessageContaining("-Dmodel.allowUnpinned=true");
        assertThat(out).doesNotExist();

        packager(pins, true).packageLayer(model, out, List.of());
        assertThat(out).exists();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("WARNING model.onnx is unpinned");
    }

    @Test
    void should_refuse_when_function_plus_layer_unzip_past_the_limit() throws IOException {
        Path function = dir.resolve("function.zip");
        try (OutputStream os = Files.newOutputStream(function);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("lib/big.jar"));
            zip.write(new byte[10_000]);
            zip.closeEntry();
        }
        Path out = dir.resolve("layer.zip");
        long layer = 4096 + "{\"version\":\"1.0\"}".length();

        ModelLayerPackager tight = new ModelLayerPackager(ModelPins.load(pinsMatchingFixture()), false, 12_000, log);
        assertThatThrownBy(() -> tight.packageLayer(model, out, List.of(function)))
                .hasMessageContaining("over Lambda's")
                .hasMessageContaining("function.zip");
        assertThat(out).doesNotExist();

        ModelLayerPackager roomy =
                new ModelLayerPackager(ModelPins.load(pinsMatchingFixture()), false, 10_000 + layer, log);
        assertThat(roomy.packageLayer(model, out, List.of(function))).isEqualTo(layer);
        assertThat(out).exists();
    }

    @Test
    void should_skip_packaging_with_a_visible_message_when_no_model_directory_is_given() throws Exception {
        Path out = dir.resolve("skipped.zip");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ModelLayerPackager.main(
                    new String[] {"--pins=" + writePins("UNVERIFIED", "UNVERIFIED"), "--out=" + out, "--model-dir="});
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("SKIPPED");
        assertThat(out).doesNotExist();
    }

    @Test
    void should_read_the_committed_pins_file() throws IOException {
        ModelPins pins = ModelPins.load(Path.of("model.properties"));
        assertThat(pins.modelId()).isEqualTo("cross-encoder/ms-marco-MiniLM-L-6-v2");
        assertThat(pins.files()).containsOnlyKeys("model.onnx", "tokenizer.json");
        assertThat(pins.files().get("model.onnx").source()).isEqualTo("onnx/model_quint8_avx2.onnx");
    }

    @Test
    void should_reject_a_pin_that_is_not_a_sha256() throws IOException {
        Path pins = writePins("abc", "UNVERIFIED");
        assertThatThrownBy(() -> ModelPins.load(pins)).hasMessageContaining("model.onnx.sha256");
    }

    private ModelLayerPackager packager(Path pins, boolean allowUnpinned) throws IOException {
        return new ModelLayerPackager(
                ModelPins.load(pins), allowUnpinned, ModelLayerPackager.LAMBDA_UNZIPPED_LIMIT, log);
    }

    private Path pinsMatchingFixture() throws IOException {
        return writePins(
                ModelLayerPackager.sha256(model.resolve("model.onnx")),
                ModelLayerPackager.sha256(model.resolve("tokenizer.json")));
    }

    private Path writePins(String onnx, String tokenizer) throws IOException {
        Path pins = dir.resolve("pins-" + onnx.hashCode() + "-" + tokenizer.hashCode() + ".properties");
        Files.writeString(
                pins,
                "model.id=cross-encoder/ms-marco-MiniLM-L-6-v2\nmodel.revision=UNVERIFIED\n"
                        + "model.onnx.source=onnx/model.onnx\nmodel.onnx.sha256=" + onnx + "\n"
                        + "tokenizer.json.sha256=" + tokenizer + "\n");
        return pins;
    }
}
