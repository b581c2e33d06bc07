package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quarry.aws.textract.TextractOcr;
import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.model.PageWithoutText;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.ingestion.IngestPipeline;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.chunk.ChunkingOptions;
import dev.quarry.ingestion.extract.DocumentExtractor;
import dev.quarry.ingestion.extract.ExtractionLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.textract.TextractClient;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TextractOcr} against a fake Textract endpoint speaking AWS JSON 1.1 on 127.0.0.1. */
class TextractOcrTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> AWS_PROPERTIES = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey");

    /** Two lines listed by the PAGE in reading order, deliberately out of order in the array, with their WORDs. */
    private static final String TWO_LINES = """
            {"DocumentMetadata": {"Pages": 1}, "DetectDocumentTextModelVersion": "1.0", "Blocks": [
              {"BlockType": "PAGE", "Id": "p1", "Geometry": {"BoundingBox": {"Width": 1, "Height": 1, "Left": 0, "Top": 0}},
               "Relationships": [{"Type": "CHILD", "Ids": ["l1", "l2"]}]},
              {"BlockType": "WORD", "Id": "w3", "Text": "Second", "Confidence": 99.1, "TextType": "PRINTED"},
              {"BlockType": "LINE", "Id": "l2", "Text": "Second line here", "Confidence": 98.7,
               "Relationships": [{"Type": "CHILD", "Ids": ["w3", "w4", "w5"]}]},
              {"BlockType": "LINE", "Id": "l1", "Text": "Quarterly report 2026", "Confidence": 99.6,
               "Relationships": [{"Type": "CHILD", "Ids": ["w1", "w2", "w6"]}]},
              {"BlockType": "WORD", "Id": "w1", "Text": "Quarterly", "Confidence": 99.8, "TextType": "PRINTED"},
              {"BlockType": "WORD", "Id": "w2", "Text": "report", "Confidence": 99.7, "TextType": "PRINTED"}
            ]}""";

    private static final String EMPTY_PAGE = """
            {"DocumentMetadata": {"Pages": 1}, "DetectDocumentTextModelVersion": "1.0", "Blocks": [
              {"BlockType": "PAGE", "Id": "p1", "Geometry": {"BoundingBox": {"Width": 1, "Height": 1, "Left": 0, "Top": 0}}}
            ]}""";

    private static final Map<String, String> SAVED = new HashMap<>();

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = TWO_LINES;
    private HttpServer server;
    private TextractOcr ocr;

    record Request(String target, String contentType, JsonNode json) {}

    @BeforeAll
    static void fakeCredentials() {
        for (String name : AWS_PROPERTIES) {
            SAVED.put(name, System.getProperty(name));
        }
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "AKIDFAKE");
        System.setProperty("aws.secretAccessKey", "fake-secret");
    }

    @AfterAll
    static void restoreCredentials() {
        SAVED.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @BeforeEach
    void startFakeTextract() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        ocr = TextractOcr.create(
                Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
    }

    @AfterEach
    void stop() {
        ocr.close();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        requests.add(new Request(
                exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                JSON.readTree(request)));
        byte[] response = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, response.length);
        exchange.getResponseBody().write(response);
        exchange.close();
    }

    @Test
    void should_send_the_page_as_png_and_join_lines_in_reading_order_ignoring_words() throws IOException {
        // given
        BufferedImage page = page(400, 300);

        // when
        String text = ocr.recognize(page);

        // then
        assertThat(text).isEqualTo("Quarterly report 2026\nSecond line here");
        assertThat(requests).hasSize(1);
        Request request = requests.get(0);
        assertThat(request.target()).isEqualTo("Textract.DetectDocumentText");
        assertThat(request.contentType()).startsWith("application/x-amz-json-1.1");
        BufferedImage sent =
                decodePng(request.json().path("Document").path("Bytes").asText());
        assertThat(sent.getWidth()).isEqualTo(400);
        assertThat(sent.getHeight()).isEqualTo(300);
        assertThat(new Color(sent.getRGB(10, 10))).isEqualTo(Color.WHITE);
        assertThat(new Color(sent.getRGB(60, 60))).isEqualTo(Color.BLACK);
    }

    @Test
    void should_return_an_empty_string_for_a_page_without_lines() {
        // given
        body = EMPTY_PAGE;

        // when / then
        assertThat(ocr.recognize(page(200, 100))).isEmpty();
    }

    @Test
    void should_fail_the_document_no_text_with_the_page_when_textract_finds_no_line_on_any_page() throws IOException {
        // given: a scanned page (not blank) in which Textract recognises nothing
        body = EMPTY_PAGE;
        FakeBucket bucket = new FakeBucket();
        bucket.put("acme/scan.png", png(page(400, 300)));
        InMemoryStatuses statuses = new InMemoryStatuses();
        IngestServiceTest.WordEmbedder embedder = new IngestServiceTest.WordEmbedder();
        IngestPipeline pipeline = new IngestPipeline(
                bucket,
                new DocumentExtractor(ExtractionLimits.defaults(), ocr),
                Chunker.forEmbedder(ChunkingOptions.fitting(embedder.maxTokens()), embedder),
                embedder,
                new InMemoryIndex(),
                statuses,
                CorpusVersion.NONE,
                1_000_000,
                Clock.systemUTC());

        // when
        DocumentStatus status = pipeline.process(IngestJob.index(new DocumentRef("acme", "acme/scan.png", "v1")));

        // then
        assertThat(status.state()).isEqualTo(DocumentStatus.State.FAILED);
        assertThat(status.reason()).isEqualTo(Reason.NO_TEXT);
        assertThat(status.pagesWithoutText())
                .containsExactly(new PageWithoutText(1, PageWithoutText.Cause.OCR_FOUND_NO_TEXT, ""));
        assertThat(status.message()).contains("page 1: ocr found no text");
        assertThat(requests).hasSize(1);
    }

    private static byte[] png(BufferedImage image) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void should_be_transient_when_textract_throttles_after_the_sdk_retries() {
        // given
        status = 400;
        body = "{\"__type\": \"ThrottlingException\", \"message\": \"Rate exceeded\"}";

        // when / then
        assertThatThrownBy(() -> ocr.recognize(page(200, 100)))
                .isInstanceOfSatisfying(
                        QuarryException.Transient.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessageContaining("Rate exceeded");
        assertThat(requests).as("the SDK retries throttling before giving up").hasSizeGreaterThan(1);
    }

    @Test
    void should_be_transient_on_provisioned_throughput_and_internal_server_errors() {
        // given
        status = 400;
        body = "{\"__type\": \"ProvisionedThroughputExceededException\", \"message\": \"slow down\"}";

        // when / then
        assertThatThrownBy(() -> ocr.recognize(page(200, 100))).isInstanceOf(QuarryException.Transient.class);

        // given
        status = 500;
        body = "{\"__type\": \"InternalServerError\", \"message\": \"oops\"}";

        // when / then
        assertThatThrownBy(() -> ocr.recognize(page(200, 100))).isInstanceOf(QuarryException.Transient.class);
    }

    @Test
    void should_be_permanent_ocr_failed_when_textract_rejects_the_document() {
        // given
        status = 400;
        body = "{\"__type\": \"BadDocumentException\", \"message\": \"Unable to read the document\"}";

        // when / then
        assertThatThrownBy(() -> ocr.recognize(page(200, 100)))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.OCR_FAILED))
                .hasMessageContaining("BadDocumentException")
                .hasMessageContaining("Unable to read the document");
        assertThat(requests).as("a rejected document is not retried").hasSize(1);
    }

    @Test
    void should_be_permanent_ocr_failed_on_unsupported_document_and_invalid_parameter() {
        for (String type :
                List.of("UnsupportedDocumentException", "InvalidParameterException", "DocumentTooLargeException")) {
            // given
            status = 400;
            body = "{\"__type\": \"" + type + "\", \"message\": \"no\"}";

            // when / then
            assertThatThrownBy(() -> ocr.recognize(page(200, 100)))
                    .as(type)
                    .isInstanceOfSatisfying(
                            QuarryException.Permanent.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.OCR_FAILED));
        }
    }

    @Test
    void should_scale_a_page_longer_than_textract_allows_to_ten_thousand_pixels() throws IOException {
        // given
        BufferedImage tall = page(400, 12_000);

        // when
        ocr.recognize(tall);

        // then
        BufferedImage sent =
                decodePng(requests.get(0).json().path("Document").path("Bytes").asText());
        assertThat(sent.getHeight()).isEqualTo(TextractOcr.MAX_SIDE);
        assertThat(sent.getWidth()).isEqualTo(333);
    }

    @Test
    void should_scale_a_page_down_until_its_png_fits_the_byte_limit() throws IOException {
        // given: noise compresses badly, about 480 KB as PNG; the engine allows 100 KB
        BufferedImage noisy = noise(400, 400);
        int limit = 100_000;
        TextractOcr small = new TextractOcr(clientFor(server), limit);

        // when
        String text = small.recognize(noisy);

        // then
        assertThat(text).isEqualTo("Quarterly report 2026\nSecond line here");
        String bytes = requests.get(0).json().path("Document").path("Bytes").asText();
        assertThat(Base64.getDecoder().decode(bytes).length).isLessThanOrEqualTo(limit);
        assertThat(decodePng(bytes).getWidth()).isLessThan(400).isGreaterThan(100);
        small.close();
    }

    @Test
    void should_fail_permanently_saying_why_when_the_page_cannot_fit_the_limit() {
        // given
        TextractOcr tiny = new TextractOcr(clientFor(server), 100);

        // when / then
        assertThatThrownBy(() -> tiny.recognize(noise(400, 400)))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.OCR_FAILED))
                .hasMessageContaining("synchronous limit is 100 bytes");
        assertThat(requests).as("nothing is sent").isEmpty();
        tiny.close();
    }

    private static TextractClient clientFor(HttpServer server) {
        return TextractClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .build();
    }

    /** A white page with a black block on it. */
    private static BufferedImage page(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.fillRect(50, 50, Math.min(100, width - 60), Math.min(20, height - 60));
        g.dispose();
        return image;
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    private static BufferedImage decodePng(String base64) throws IOException {
        byte[] bytes = Base64.getDecoder().decode(base64);
        assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("Document.Bytes decodes as an image").isNotNull();
        return image;
    }
}
