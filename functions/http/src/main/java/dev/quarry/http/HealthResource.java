package dev.quarry.http;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * {@code GET /v1/health}: the process is up and serving. Answered on the event loop, so it stays responsive
 * when every worker thread is busy (slow uploads, long queries).
 */
@Path("/v1/health")
public class HealthResource {

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> health() {
        return Map.of("status", "up");
    }
}
