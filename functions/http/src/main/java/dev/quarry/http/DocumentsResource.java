package dev.quarry.http;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentKeys;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.Tenants;
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

    /**
     * The status of one document. The key is the path after {@code /v1/documents/}, decoded: {@code
     * acme/Quarterly%20report.txt} and {@code acme/Quarterly report.txt} name the same document. A key that no
     * document can have ({@link DocumentKeys}) is not found either.
     */
    @GET
    @Path("{key: .+}")
    public DocumentStatus status(@PathParam("key") String key) {
        String caller = tenant.current();
        if (!DocumentKeys.isCanonical(key)) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.NOT_FOUND,
                    "no document '" + Tenants.escaped(key) + "': it is not a document key (a '/'-separated path"
                            + " without empty, '.' or '..' segments)");
        }
        return statuses.get(caller, key)
                .orElseThrow(() -> new QuarryException.Permanent(
                        QuarryException.Reason.NOT_FOUND, "no document '" + Tenants.escaped(key) + "'"));
    }
}
