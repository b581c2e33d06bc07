package dev.quarry.infra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CDK CLI is pinned by package.json + package-lock.json, and the lockfile names no registry host. */
class CliPinTest {

    @Test
    void should_pin_the_cdk_cli_exactly_and_keep_registry_urls_out_of_the_lockfile() throws IOException {
        String manifest = Files.readString(Path.of("package.json"));
        String lock = Files.readString(Path.of("package-lock.json"));

        assertThat(manifest).containsPattern("\"aws-cdk\": \"\\d+\\.\\d+\\.\\d+\"");
        assertThat(lock).contains("\"node_modules/aws-cdk\"").contains("\"integrity\"");
        assertThat(lock).doesNotContain("\"resolved\"").doesNotContainPattern("https?://");
        assertThat(Files.readString(Path.of(".npmrc"))).contains("omit-lockfile-registry-resolved=true");
    }

    @Test
    void should_run_the_java_app_from_cdk_json() throws IOException {
        assertThat(Files.readString(Path.of("cdk.json"))).contains("exec:java");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<mainClass>dev.quarry.infra.QuarryApp</mainClass>");
    }
}
