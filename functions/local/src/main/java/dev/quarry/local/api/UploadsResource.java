package dev.quarry.local.api;

import dev.quarry.api.BoundedBody;
import dev.quarry.api.RequestTenant;
import dev.quarry.core.pipeline.DocumentStatus;
import dev.quarry.local.LocalConfig;
import dev.quarry.local.LocalIngestor;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
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

    @Inject
    LocalConfig config;

    /**
     * Streams the body into the document store, as an upload to S3 would, and indexes it. The body is bounded by
     * {@code quarry.local.max-upload-bytes} as it is read, whatever {@code Content-Length} says: past it the upload
     * fails with 413 problem+json.
     */
    @PUT
    @Path("{key: .+}")
    @Consumes(MediaType.WILDCARD)
    public DocumentStatus upload(@PathParam("key") String key, @Context HttpHeaders headers, InputStream body)
            throws InterruptedException {
        long limit = config.maxUploadBytes();
        BoundedBody bounded = new BoundedBody(body, limit, "the upload (quarry.local.max-upload-bytes)");
        if (headers.getLength() > limit) {
            throw bounded.tooLarge();
        }
        try {
            return ingestor.ingest(tenant.current(), List.of(new LocalIngestor.Upload(key, () -> bounded)), s -> {})
                    .get(0);
        } catch (RuntimeException e) {
            if (bounded.exceeded()) {
                throw bounded.tooLarge();
            }
            throw e;
        }
    }

    @DELETE
    @Path("{key: .+}")
    public DocumentStatus delete(@PathParam("key") String key) {
        return ingestor.delete(tenant.current(), key);
    }
}
