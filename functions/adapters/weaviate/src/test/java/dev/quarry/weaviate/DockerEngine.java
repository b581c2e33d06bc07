package dev.quarry.weaviate;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a Testcontainers suite only where a Docker engine answers, and otherwise reports it skipped with the
 * reason. A {@code docker} command without an engine (as on the build machine) must not hang or fail the
 * build, so the cheap check comes first: no {@code DOCKER_HOST} and no engine socket means no engine,
 * without asking Testcontainers to probe.
 */
public final class DockerEngine implements ExecutionCondition {

    private static final Path[] SOCKETS = {
        Path.of("/var/run/docker.sock"),
        Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"),
        Path.of(System.getProperty("user.home"), ".testcontainers.properties")
    };

    private static volatile ConditionEvaluationResult result;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (result == null) {
            result = evaluate();
        }
        return result;
    }

    private static ConditionEvaluationResult evaluate() {
        String dockerHost = System.getenv("DOCKER_HOST");
        boolean candidate = dockerHost != null && !dockerHost.isBlank();
        for (Path socket : SOCKETS) {
            candidate |= Files.exists(socket);
        }
        if (!candidate) {
            return ConditionEvaluationResult.disabled(
                    "no Docker engine: DOCKER_HOST is unset and no engine socket exists (/var/run/docker.sock);"
                            + " the Weaviate Testcontainers suite runs where Docker does");
        }
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
        } catch (RuntimeException e) {
            return ConditionEvaluationResult.disabled("no usable Docker engine: " + e.getMessage());
        }
        return ConditionEvaluationResult.disabled("no usable Docker engine: Testcontainers found none");
    }
}
