package dev.quarry.local.api;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentKeys;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.http.BoundedBody;
import dev.quarry.http.Problem;
import dev.quarry.http.RequestTenant;
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
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code quarry serve} only: uploads into the document store ({@code PUT /v1/documents/{key}}, indexed before
 * the call returns) and deletion. In AWS, documents arrive through the S3 bucket instead. The read side
 * ({@code GET}) is the shared {@link dev.quarry.http.DocumentsResource}.
 *
 * <p>An upload answers its own outcome: 200 with the status when indexed, 422 problem+json with the typed
 * reason when the document failed (the status is recorded either way), 4xx for a key outside the documented
 * form or one clashing with a stored document. A client that goes away mid-upload is logged in one line.
 */
@Path("/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class UploadsResource {

    private static final Logger LOG = Logger.getLogger(UploadsResource.class);

    @Inject
    LocalIngestor ingestor;

    @Inject
    RequestTenant tenant;

    @Inject
    UploadLimits limits;

    @Inject
    LocalConfig config;

    /**
     * Streams the body into the document store, as an upload to S3 would, and indexes it. The body is bounded by
     * {@code quarry.local.max-upload-bytes} as it is read, whatever {@code Content-Length} says: past it the upload
     * fails with 413 problem+json; a body that arrives slower than {@code quarry.local.min-upload-rate} is cut off.
     */
    @PUT
    @Path("{key: .+}")
    @Consumes(MediaType.WILDCARD)
    public Response upload(@PathParam("key") String key, @Context HttpHeaders headers, InputStream body)
            throws InterruptedException {
        DocumentKeys.canonical(key);
        long limit = config.maxUploadBytes();
        BoundedBody bounded = new BoundedBody(limits.guard(body), limit, "the upload (quarry.local.max-upload-bytes)");
        if (headers.getLength() > limit) {
            throw bounded.tooLarge();
        }
        DocumentStatus status;
        try {
            status = ingestor.ingest(tenant.current(), List.of(new LocalIngestor.Upload(key, () -> bounded)), s -> {})
                    .get(0);
        } catch (RuntimeException e) {
            if (bounded.exceeded()) {
                throw bounded.tooLarge();
            }
            if (e instanceof QuarryException.Permanent p && p.reason() == QuarryException.Reason.INVALID_REQUEST) {
                LOG.infof("upload of %s aborted: %s", key, e.getMessage());
            }
            throw e;
        }
        if (bounded.exceeded()) {
            throw bounded.tooLarge();
        }
        if (status.state() == DocumentStatus.State.FAILED) {
            return failed(status);
        }
        return Response.ok(status).build();
    }

    @DELETE
    @Path("{key: .+}")
    public DocumentStatus delete(@PathParam("key") String key) {
        return ingestor.delete(tenant.current(), DocumentKeys.canonical(key));
    }

    /** 422 problem+json naming the typed reason, with the recorded status. */
    private static Response failed(DocumentStatus status) {
        String kind = status.reason() == null
                ? "ingest-failed"
                : status.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problem.type(kind));
        problem.put("title", "Document not indexed");
        problem.put("status", 422);
        problem.put("detail", status.message());
        problem.put("reason", status.reason() == null ? null : status.reason().name());
        problem.put("document", status);
        return Response.status(422).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
