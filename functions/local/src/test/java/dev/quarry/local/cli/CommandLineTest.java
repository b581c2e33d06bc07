package dev.quarry.local.cli;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a person meets it: help on every command, one actionable line and exit 2 for each usual
 * mistake, no stack trace unless {@code --verbose}. In process, so nothing here loads a model (a native tokenizer
 * loads once per JVM, and every launch is a new Quarkus application): documents, {@code status}, {@code delete}
 * and a failing LLM are run on the packaged command line by src/test's QuarryCliEndToEndTest.
 */
@QuarkusMainTest
@TestProfile(CommandLineTest.Fresh.class)
class CommandLineTest {

    /** Its own data directory: nothing here may touch the API tests' documents. */
    public static class Fresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarry.local.data-dir", "target/cli-test");
        }
    }

    private static final List<List<String>> COMMANDS = List.of(
            List.of(),
            List.of("ingest"),
            List.of("ask"),
            List.of("status"),
            List.of("delete"),
            List.of("serve"),
            List.of("eval"),
            List.of("bench"),
            List.of("bench", "query"),
            List.of("bench", "ingest"),
            List.of("bench", "scale"),
            List.of("bench", "load"),
            List.of("bench", "cache"),
            List.of("bench", "cache-train"));

    @Test
    void should_print_help_with_an_example_and_exit_0_when_any_command_is_given_help(QuarkusMainLauncher launcher) {
        for (List<String> command : COMMANDS) {
            for (String flag :
                    command.size() == 1 && command.get(0).equals("ask") ? List.of("--help", "-h") : List.of("--help")) {
                // when
                LaunchResult result = launcher.launch(args(command, flag));

                // then
                assertThat(result.exitCode()).as(command + " " + flag).isZero();
                assertThat(result.getOutput()).as(command + " " + flag).contains("Usage: quarry", "Example:");
                assertThat(result.getOutput()).as(command + " " + flag).doesNotContain("default: null");
                assertNoStackTrace(result);
            }
        }
    }

    @Test
    void should_show_configured_values_as_defaults_when_printing_help(QuarkusMainLauncher launcher) {
        // when
        LaunchResult result = launcher.launch("ask", "--help");

        // then
        assertThat(result.getOutput().replaceAll("\\s+", " "))
                .contains("(default: 0.8, quarry.query.alpha)")
                .contains("(default: 5, quarry.query.top-k)")
                .contains("(default: hybrid, quarry.query.mode)");
    }

    @Test
    void should_print_the_version_when_asked(QuarkusMainLauncher launcher) {
        // when
        LaunchResult result = launcher.launch("--version");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).startsWith("quarry ");
    }

    @Test
    void should_answer_each_usage_mistake_with_one_line_and_exit_2(QuarkusMainLauncher launcher) {
        List<Map.Entry<List<String>, String>> mistakes = List.of(
                Map.entry(List.of("ingest", "no/such/file.pdf"), "no such file or folder: no/such/file.pdf"),
                Map.entry(List.of("ask", ""), "the question is empty"),
                Map.entry(List.of("ask", "   "), "the question is empty"),
                Map.entry(List.of("ask", "--alpha", "2", "kettle"), "--alpha must be within 0..1, was 2.0"),
                Map.entry(List.of("ask", "--top-k", "0", "kettle"), "--top-k must be within 1..50, was 0"),
                Map.entry(List.of("ask", "--top-k", "51", "kettle"), "--top-k must be within 1..50, was 51"),
                Map.entry(
                        List.of("ask", "--top-k", "5", "--candidates", "3", "kettle"),
                        "--candidates must be within 5..200"),
                Map.entry(List.of("ask", "--min-relevance", "3", "kettle"), "--min-relevance must be within -1..1"),
                Map.entry(List.of("ask", "--fusion", "best", "kettle"), "fusion must be 'relative' or 'ranked'"),
                Map.entry(List.of("eval", "--dataset", "no/such/dataset"), "corpus.jsonl is missing"),
                Map.entry(List.of("ask", "--bogus", "kettle"), "Unknown option: '--bogus'"),
                Map.entry(List.of("ingest"), "Missing required parameter"),
                Map.entry(List.of("delete", "a//b.txt"), "not a document key"));
        mistakes.forEach(mistake -> {
            List<String> args = mistake.getKey();
            String message = mistake.getValue();
            // when
            LaunchResult result = launcher.launch(args.toArray(String[]::new));

            // then
            assertThat(result.exitCode()).as(args.toString()).isEqualTo(2);
            assertThat(result.getErrorOutput()).as(args.toString()).contains(message);
            assertThat(result.getErrorOutput().lines().filter(line -> line.startsWith("quarry")))
                    .as(args.toString())
                    .isNotEmpty();
            assertNoStackTrace(result);
        });
    }

    @Test
    void should_print_the_stack_trace_when_verbose(QuarkusMainLauncher launcher) {
        // when
        LaunchResult result = launcher.launch("ask", "--top-k", "0", "kettle", "--verbose");

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("\tat ");
    }

    @Test
    void should_print_usage_and_exit_2_when_no_command_is_named(QuarkusMainLauncher launcher) {
        // when
        LaunchResult result = launcher.launch();

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("Usage: quarry", "ingest", "ask");
    }

    static String[] args(List<String> command, String... more) {
        return java.util.stream.Stream.concat(command.stream(), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    static void assertNoStackTrace(LaunchResult result) {
        assertThat(result.getOutput() + result.getErrorOutput())
                .doesNotContain("\tat ")
                .doesNotContain("Caused by:");
    }
}
