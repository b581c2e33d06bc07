package dev.quarry.local.api;

import dev.quarry.core.QuarryException;
import dev.quarry.core.pipeline.DocumentStatus;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.local.LocalConfig;
import dev.quarry.local.LocalIngestor;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.util.List;

/**
 * Document status ({@code GET /v1/documents/{key}}) and, locally, uploads into the document store
 * ({@code PUT /v1/documents/{key}}, indexed before the call returns) and deletion.
 */
@Path("/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DocumentsResource {

    @Inject
    DocumentStatusStore statuses;

    @Inject
    LocalIngestor ingestor;

    @Inject
    LocalConfig config;

    @GET
    public List<DocumentStatus> list() {
        return statuses.list(config.tenant());
    }

    @GET
    @Path("{key: .+}")
    public DocumentStatus status(@PathParam("key") String key) {
        return statuses.get(config.tenant(), key)
                .orElseThrow(() ->
                        new QuarryException.Permanent(QuarryException.Reason.NOT_FOUND, "no document '" + key + "'"));
    }

    @PUT
    @Path("{key: .+}")
    @Consumes(MediaType.WILDCARD)
    public DocumentStatus upload(@PathParam("key") String key, InputStream body) throws InterruptedException {
        // The body streams straight into the document store, as an upload to S3 would.
        return ingestor.ingest(config.tenant(), List.of(new LocalIngestor.Upload(key, () -> body)), s -> {})
                .get(0);
    }

    @DELETE
    @Path("{key: .+}")
    public DocumentStatus delete(@PathParam("key") String key) {
        return ingestor.delete(config.tenant(), key);
    }
}
