package dev.quarry.e2e.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.ingestion.extract.HostileDocuments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} in the middle of work, then a restart: every document ends in a final state, and the index
 * holds exactly one version's chunks of it (the restart finishes the killed attempt; unfinished uploads are
 * swept).
 */
class CrashRecoveryTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @BeforeAll
    static void requireJar() {
        assertThat(QuarryProcess.JAR)
                .as("the packaged command line (functions/local)")
                .isRegularFile();
    }

    @Test
    void should_finish_the_killed_upload_with_one_versions_chunks_when_serve_is_killed_mid_put() throws Exception {
        // given a server with version 1 of a document indexed
        Path data = work.resolve("data");
        int port = freePort();
        QuarryProcess serve = serve(data, port);
        String key = "harbour/log.txt";
        assertThat(put(port, key, "The harbour log starts today.").statusCode()).isEqualTo(200);
        String first = QuarryProcess.status(data, key)
                .orElseThrow()
                .path("document")
                .path("version")
                .asText();

        // when a long second version is being indexed, and another upload is still arriving, serve is killed
        Thread upload = new Thread(() -> put(port, key, longLog()));
        upload.start();
        Thread slow = new Thread(() -> putSlowly(port, "harbour/slow.txt"));
        slow.start();
        boolean indexing = QuarryProcess.waitFor(
                () -> QuarryProcess.status(data, key)
                        .filter(s -> s.path("state").asText().equals("PROCESSING")
                                && !s.path("document").path("version").asText().equals(first))
                        .isPresent(),
                120);
        assertThat(indexing)
                .as("the second version started indexing\n" + serve.output())
                .isTrue();
        Thread.sleep(1_000); // some of its chunks may be written
        serve.kill();
        upload.join(10_000);
        slow.interrupt();
        JsonNode killed = QuarryProcess.status(data, key).orElseThrow();
        Map<String, Integer> left = QuarryProcess.chunksByVersion(data, "default", key);
        System.out.println(
                "serve killed mid-PUT: status " + killed.path("state").asText() + ", chunks by version " + left
                        + ", unfinished uploads " + temporaryFiles(data));

        // then a restart finishes it
        QuarryProcess restarted = serve(data, port);
        boolean ended = QuarryProcess.waitFor(
                () -> QuarryProcess.status(data, key)
                        .filter(s -> s.path("state").asText().equals("INDEXED")
                                || s.path("state").asText().equals("FAILED"))
                        .isPresent(),
                420);
        restarted.kill();
        JsonNode status = QuarryProcess.status(data, key).orElseThrow();
        Map<String, Integer> chunks = QuarryProcess.chunksByVersion(data, "default", key);
        System.out.println("after restart: " + status.path("state").asText() + " "
                + status.path("reason").asText() + ", attempts "
                + status.path("attempts").asInt() + ", chunks by version " + chunks);
        assertThat(ended).as(restarted.output()).isTrue();
        assertThat(status.path("state").asText()).isEqualTo("INDEXED");
        assertThat(status.path("document").path("version").asText())
                .isEqualTo(killed.path("document").path("version").asText());
        assertThat(chunks).as("exactly one version's chunks").hasSize(1);
        assertThat(chunks.get(status.path("document").path("version").asText()))
                .isEqualTo(status.path("chunks").asInt());
        assertThat(temporaryFiles(data)).as("unfinished uploads are swept").isZero();
    }

    @Test
    void should_finish_a_split_document_with_one_versions_chunks_when_ingest_is_killed_mid_fan_out() throws Exception {
        // given version 1 of a report indexed, then replaced by a 400-page version split into 200 parts
        Path data = work.resolve("data");
        Path folder = Files.createDirectories(work.resolve("docs"));
        Path report = folder.resolve("report.pdf");
        Files.write(report, HostileDocuments.manyPages(3));
        // keys are paths relative to the ingest root: the work folder, so the report is docs/report.pdf
        List<String> twoPageParts = List.of("-Dquarry.fan-out.pages-per-part=2", "-Dquarry.local.ingest-root=" + work);
        QuarryProcess first = QuarryProcess.start(data, twoPageParts, "ingest", folder.toString());
        assertThat(first.await(180)).as(first.output()).isTrue();
        String key = "docs/report.pdf";
        Files.write(report, HostileDocuments.manyPages(400));

        // when the second version is fanned out and part of its parts are written, ingest is killed
        QuarryProcess second = QuarryProcess.start(data, twoPageParts, "ingest", folder.toString());
        boolean midway = QuarryProcess.waitFor(
                () -> QuarryProcess.status(data, key)
                        .filter(s -> s.path("state").asText().equals("PROCESSING")
                                && s.path("partsDone").asInt() >= 1
                                && s.path("partsDone").asInt()
                                        < s.path("partsTotal").asInt())
                        .isPresent(),
                180);
        second.kill();
        assertThat(midway).as("killed mid fan-out\n" + second.output()).isTrue();
        JsonNode killed = QuarryProcess.status(data, key).orElseThrow();
        System.out.println(
                "ingest killed mid fan-out: " + killed.path("partsDone").asInt() + " of "
                        + killed.path("partsTotal").asInt() + " parts, chunks by version "
                        + QuarryProcess.chunksByVersion(data, "default", key));

        // then running ingest again finishes it
        QuarryProcess third = QuarryProcess.start(data, twoPageParts, "ingest", folder.toString());
        assertThat(third.await(300)).as(third.output()).isTrue();
        JsonNode status = QuarryProcess.status(data, key).orElseThrow();
        Map<String, Integer> chunks = QuarryProcess.chunksByVersion(data, "default", key);
        System.out.println("after rerun: " + status.path("state").asText() + ", "
                + status.path("partsDone").asInt() + " of "
                + status.path("partsTotal").asInt() + " parts, chunks by version " + chunks);
        assertThat(third.process.exitValue()).as(third.output()).isZero();
        assertThat(status.path("state").asText()).isEqualTo("INDEXED");
        assertThat(status.path("document").path("version").asText())
                .isEqualTo(killed.path("document").path("version").asText());
        assertThat(status.path("partsDone").asInt())
                .isEqualTo(status.path("partsTotal").asInt());
        assertThat(chunks).as("exactly one version's chunks").hasSize(1);
        assertThat(chunks.values().iterator().next())
                .isEqualTo(status.path("chunks").asInt());
    }

    private static QuarryProcess serve(Path data, int port) throws Exception {
        QuarryProcess serve = QuarryProcess.start(data, List.of("-Dquarkus.http.port=" + port), "serve");
        boolean up = QuarryProcess.waitFor(() -> health(port), 120);
        assertThat(up).as("serve answered /v1/health\n" + serve.output()).isTrue();
        return serve;
    }

    private static boolean health(int port) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpResponse<String> put(int port, String key, String text) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/documents/" + key))
                            .timeout(Duration.ofMinutes(5))
                            .PUT(HttpRequest.BodyPublishers.ofString(text))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null; // the server was killed under it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void putSlowly(int port, String key) {
        try {
            HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/documents/" + key))
                            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                                private int sent;

                                @Override
                                public int read() throws IOException {
                                    if (sent++ % 8_192 == 0) {
                                        try {
                                            Thread.sleep(200);
                                        } catch (InterruptedException e) {
                                            throw new IOException("stopped", e);
                                        }
                                    }
                                    return sent > 10_000_000 ? -1 : 'x';
                                }
                            }))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            // the server was killed under it
        }
    }

    /** A log of distinct sentences, long enough that embedding it takes a while. */
    private static String longLog() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            log.append("Entry ")
                    .append(i)
                    .append(": the tide at pier ")
                    .append(i % 97)
                    .append(" rose to ")
                    .append(i % 13)
                    .append(" metres while vessel ")
                    .append(i * 7 % 1009)
                    .append(" waited.\n");
        }
        return log.toString();
    }

    private static long temporaryFiles(Path data) throws IOException {
        Path temporary = data.resolve("documents").resolve(".tmp");
        if (!Files.isDirectory(temporary)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(temporary)) {
            return files.count();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
