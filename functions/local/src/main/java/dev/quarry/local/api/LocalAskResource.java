package dev.quarry.local.api;

import dev.quarry.http.Problem;
import dev.quarry.http.UnauthenticatedException;
import dev.quarry.local.cli.CdiCommandFactory;
import dev.quarry.local.cli.QuarryCli;
import dev.quarry.local.serve.LocalAskPaths;
import dev.quarry.local.serve.ServeFile;
import dev.quarry.local.serve.ServeRegistration;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * {@code quarry ask} forwarded by the command line ({@code ServeClient}) to this running {@code quarry serve}: the
 * same command, parsed and run here with this server's warm models and open index, its output and exit status sent
 * back to be printed unchanged. Only for callers holding this server's token (they can read its data directory)
 * and running the same build; runs under the server's query admission like {@code POST /v1/query}.
 */
@Path(LocalAskPaths.ASK)
@Blocking
public class LocalAskResource {

    @Inject
    ServeRegistration registration;

    @Inject
    CdiCommandFactory factory;

    @Inject
    QueryAdmission admission;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response ask(
            @HeaderParam(LocalAskPaths.TOKEN_HEADER) String token,
            @HeaderParam(LocalAskPaths.BUILD_HEADER) String build,
            @FormParam("arg") List<String> args) {
        if (!registration.accepts(token)) {
            throw new UnauthenticatedException(
                    "send the token of " + ServeFile.NAME + " in the " + LocalAskPaths.TOKEN_HEADER + " header");
        }
        if (!ServeFile.currentBuild().equals(build)) {
            return Problem.response(
                    409, "conflict", "Another build", "this server runs another build of quarry: restart it");
        }
        if (args == null || args.isEmpty() || !args.get(0).equals("ask")) {
            throw new IllegalArgumentException("only quarry ask is run here");
        }
        registration.touch();
        String[] argv = args.toArray(String[]::new);
        Output output;
        try {
            output = admission.submit(() -> run(argv)).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        } finally {
            registration.touch();
        }
        return Response.ok(LocalAskPaths.frame(output.out(), output.err()))
                .header(LocalAskPaths.EXIT_HEADER, output.exit())
                .build();
    }

    private Output run(String[] argv) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = QuarryCli.create(factory, QuarryCli.verbose(argv));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(argv);
        cli.getOut().flush();
        cli.getErr().flush();
        return new Output(
                exit,
                out.toString().getBytes(StandardCharsets.UTF_8),
                err.toString().getBytes(StandardCharsets.UTF_8));
    }

    private record Output(int exit, byte[] out, byte[] err) {}
}
