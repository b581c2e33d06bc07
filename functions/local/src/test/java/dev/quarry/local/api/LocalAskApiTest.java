package dev.quarry.local.api;

import dev.quarry.local.LocalConfig;
import dev.quarry.local.cli.CdiCommandFactory;
import dev.quarry.local.cli.QuarryCli;
import dev.quarry.local.serve.LocalAskPaths;
import dev.quarry.local.serve.ServeClient;
import dev.quarry.local.serve.ServeFile;
import dev.quarry.local.serve.ServeRegistration;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code quarry ask} answered by a running {@code quarry serve} (the test's server on its random port, registered
 * as {@code ServeCommand} registers it): the same output and exit status as the command run in process, and no
 * answer at all (so the command runs in process) for a caller without the token or of another build.
 */
@QuarkusTest
class LocalAskApiTest {

    private static final String TIDES = "Tide pools form where rocky shores hold sea water after the tide goes"
            + " out. Barnacles close their plates to keep moisture in during the long dry hours.";

    @TestHTTPResource("/")
    URL server;

    @Inject
    ServeRegistration registration;

    @Inject
    CdiCommandFactory factory;

    @Inject
    LocalConfig config;

    @BeforeEach
    void uploadAndRegister() throws Exception {
        given().body(TIDES).put("/v1/documents/ask/tides.txt").then().statusCode(200);
        registration.register("127.0.0.1", server.getPort());
    }

    @AfterEach
    void unregister() {
        registration.unregister();
    }

    @Test
    void should_print_what_the_in_process_command_prints_when_a_server_is_running() {
        // given
        String[] args = {"ask", "How do barnacles survive low tide?", "--top-k", "2", "--prefix", "ask/"};

        // when
        Output served = served(args);
        Output local = inProcess(args);

        // then
        assertThat(served.exit()).isZero().isEqualTo(local.exit());
        assertThat(served.out()).contains("[1] ask/tides.txt", "Barnacles close their plates");
        // Everything but the last line (the query's milliseconds, and the cache hit the second run finds).
        assertThat(withoutLastLine(served.out())).isEqualTo(withoutLastLine(local.out()));
        assertThat(lastLine(served.out())).startsWith("not reranked");
        assertThat(served.err()).isEqualTo(local.err());
    }

    @Test
    void should_print_the_usage_error_and_exit_2_when_the_forwarded_command_is_given_wrongly() {
        // given
        String[] args = {"ask", "--top-k", "0", "barnacles"};

        // when
        Output served = served(args);
        Output local = inProcess(args);

        // then
        assertThat(served.exit()).isEqualTo(QuarryCli.USAGE).isEqualTo(local.exit());
        assertThat(served.out()).isEmpty();
        assertThat(served.err()).contains("--top-k must be within 1..50, was 0").isEqualTo(local.err());
    }

    @Test
    void should_print_the_json_response_when_asked_for_json() {
        // when
        Output served = served("ask", "barnacles", "--json", "--prefix", "ask/");

        // then
        assertThat(served.exit()).isZero();
        assertThat(served.out()).startsWith("{").contains("\"documentKey\" : \"ask/tides.txt\"");
    }

    @Test
    void should_answer_401_and_run_nothing_when_the_token_is_wrong() {
        given().header(LocalAskPaths.TOKEN_HEADER, "not-the-token")
                .header(LocalAskPaths.BUILD_HEADER, ServeFile.currentBuild())
                .formParam("arg", "ask", "barnacles")
                .post(LocalAskPaths.ASK)
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthenticated"));
    }

    @Test
    void should_answer_409_when_the_caller_runs_another_build() {
        given().header(
                        LocalAskPaths.TOKEN_HEADER,
                        registration.current().orElseThrow().token())
                .header(LocalAskPaths.BUILD_HEADER, "/elsewhere/quarkus-run.jar:1:2")
                .formParam("arg", "ask", "barnacles")
                .post(LocalAskPaths.ASK)
                .then()
                .statusCode(409);
    }

    @Test
    void should_answer_400_when_the_command_is_not_ask() {
        given().header(
                        LocalAskPaths.TOKEN_HEADER,
                        registration.current().orElseThrow().token())
                .header(LocalAskPaths.BUILD_HEADER, ServeFile.currentBuild())
                .formParam("arg", "delete", "ask/tides.txt")
                .post(LocalAskPaths.ASK)
                .then()
                .statusCode(400);
        given().get("/v1/documents/ask/tides.txt").then().statusCode(200).body("state", equalTo("INDEXED"));
    }

    @Test
    void should_not_answer_when_the_note_names_a_server_that_is_not_listening() throws Exception {
        // given: this (live) process's note, but a port nobody listens on
        ServeFile real = registration.current().orElseThrow();
        ServeFile elsewhere = new ServeFile(
                "127.0.0.1",
                freePort(),
                real.pid(),
                real.startedMillis(),
                real.token(),
                real.build(),
                real.config(),
                false);
        elsewhere.write(config.dataDir());
        try {
            // when
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OptionalInt exit = ServeClient.ask(
                    config.dataDir(), new String[] {"ask", "barnacles"}, new PrintStream(out), new PrintStream(out));

            // then
            assertThat(exit).isEmpty();
            assertThat(out.size()).isZero();
        } finally {
            real.write(config.dataDir());
        }
    }

    @Test
    void should_remove_the_note_when_the_server_unregisters() {
        // when
        registration.unregister();

        // then
        assertThat(ServeFile.read(config.dataDir())).isEmpty();
        assertThat(ServeClient.ask(config.dataDir(), new String[] {"ask", "x"}, System.out, System.err))
                .isEmpty();
    }

    private Output served(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OptionalInt exit = ServeClient.ask(
                config.dataDir(),
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as("answered by the server").isPresent();
        return new Output(exit.getAsInt(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Output inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = QuarryCli.create(factory, false);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Output(exit, out.toString(), err.toString());
    }

    private static String withoutLastLine(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(0, lines.size() - 1));
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Output(int exit, String out, String err) {}
}
