package dev.quarry.local.api;

import dev.quarry.api.RequestTenant;
import dev.quarry.core.pipeline.DocumentStatus;
import dev.quarry.local.LocalIngestor;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.util.List;

/**
 * {@code quarry serve} only: uploads into the document store ({@code PUT /v1/documents/{key}}, indexed before
 * the call returns) and deletion. In AWS, documents arrive through the S3 bucket instead. The read side
 * ({@code GET}) is the shared {@link dev.quarry.api.DocumentsResource}.
 */
@Path("/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class UploadsResource {

    @Inject
    LocalIngestor ingestor;

    @Inject
    RequestTenant tenant;

    @PUT
    @Path("{key: .+}")
    @Consumes(MediaType.WILDCARD)
    public DocumentStatus upload(@PathParam("key") String key, InputStream body) throws InterruptedException {
        // The body streams straight into the document store, as an upload to S3 would.
        return ingestor.ingest(tenant.current(), List.of(new LocalIngestor.Upload(key, () -> body)), s -> {})
                .get(0);
    }

    @DELETE
    @Path("{key: .+}")
    public DocumentStatus delete(@PathParam("key") String key) {
        return ingestor.delete(tenant.current(), key);
    }
}
