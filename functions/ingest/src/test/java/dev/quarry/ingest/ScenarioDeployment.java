package dev.quarry.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.ingestion.IngestPipeline;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The ingest service of the scenario suite: the production {@link IngestService} over the function's own pipeline,
 * parser and outcome log, rebuilt when a scenario names another deployment ({@code "config": {"documentPrefix":
 * "docs/"}}), the way a stack deployed with {@code -c quarry:documentPrefix=docs/} configures its function. The
 * Lambda path in front of it (mock event server, Funqy, {@link IngestFunction}) is the real one.
 */
@Alternative
@Priority(1)
@Singleton
public class ScenarioDeployment extends IngestService {

    /** The deployment choices a scenario may name; empty ones keep the function's configuration. */
    record Config(Optional<String> documentPrefix, Optional<Integer> tenantSegment, Optional<String> defaultTenant) {
        static final Config DEFAULT = new Config(Optional.empty(), Optional.empty(), Optional.empty());
    }

    private final IngestPipeline pipeline;
    private final S3EventParser parser;
    private final OutcomeLog outcomes;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile IngestService current;

    @Inject
    ScenarioDeployment(
            IngestPipeline pipeline,
            S3EventParser parser,
            TenantResolver tenants,
            OutcomeLog outcomes,
            IngestConfig config,
            ObjectMapper json,
            Clock clock) {
        super(pipeline, parser, tenants, outcomes, config, json, () -> null, clock);
        this.pipeline = pipeline;
        this.parser = parser;
        this.outcomes = outcomes;
        this.config = config;
        this.json = json;
        this.clock = clock;
        deploy(Config.DEFAULT);
    }

    /** Configures the function as a deployment with these choices would. */
    void deploy(Config choices) {
        Objects.requireNonNull(choices, "choices must not be null");
        TenantResolver tenants = new TenantResolver(
                choices.documentPrefix().orElse(config.documentPrefix().orElse("")),
                choices.tenantSegment().orElse(config.tenantSegment()),
                choices.defaultTenant().orElse(config.defaultTenant()));
        current = new IngestService(pipeline, parser, tenants, outcomes, config, json, () -> null, clock);
    }

    @Override
    public Disposition handle(String messageId, String body) {
        return current.handle(messageId, body);
    }

    @Override
    public Disposition handle(String messageId, String body, int receiveCount) {
        return current.handle(messageId, body, receiveCount);
    }
}
