package dev.quarry.api;

import dev.quarry.core.QuarryException;
import dev.quarry.core.pipeline.DocumentStatus;
import dev.quarry.core.port.DocumentStatusStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Ingestion status of the caller's documents: {@code GET /v1/documents} and {@code GET /v1/documents/{key}}. */
@Path("/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DocumentsResource {

    @Inject
    DocumentStatusStore statuses;

    @Inject
    RequestTenant tenant;

    @GET
    public List<DocumentStatus> list() {
        return statuses.list(tenant.current());
    }

    @GET
    @Path("{key: .+}")
    public DocumentStatus status(@PathParam("key") String key) {
        return statuses.get(tenant.current(), key)
                .orElseThrow(() ->
                        new QuarryException.Permanent(QuarryException.Reason.NOT_FOUND, "no document '" + key + "'"));
    }
}
