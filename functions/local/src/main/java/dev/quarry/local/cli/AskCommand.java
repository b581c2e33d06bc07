package dev.quarry.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.QuarryException;
import dev.quarry.core.model.Citation;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.query.InvalidQueryException;
import dev.quarry.core.query.QueryConfig;
import dev.quarry.core.query.QueryParameters;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.core.query.QueryRequest;
import dev.quarry.core.query.QueryRequests;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.search.SearchMode;
import dev.quarry.http.QueryResponse;
import dev.quarry.local.LocalConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "ask",
        description = "Ask a question: the best passages with document, page, relevance and snippet (and an"
                + " answer with citations when an LLM is configured, quarry.answer.provider).",
        footer = {"", "Example:", "  ./quarry ask \"How do I descale the kettle?\" --top-k 3"})
public class AskCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "QUESTION", description = "The question, in quotes.")
    String question;

    @Option(
            names = "--top-k",
            paramLabel = "N",
            descriptionKey = "quarry.query.top-k",
            description = "Passages to show (default: ${DEFAULT-VALUE}, quarry.query.top-k).")
    Integer topK;

    @Option(
            names = "--candidates",
            paramLabel = "N",
            descriptionKey = "quarry.query.candidates",
            description = "Passages hybrid search hands to the reranker, which keeps the best --top-k; more finds"
                    + " more but reranks slower (default: ${DEFAULT-VALUE}, quarry.query.candidates).")
    Integer candidates;

    @Option(
            names = "--mode",
            paramLabel = "bm25|vector|hybrid",
            descriptionKey = "quarry.query.mode",
            description = "Keywords only, vectors only, or both fused (default: ${DEFAULT-VALUE}, quarry.query.mode).")
    SearchMode mode;

    @Mixin
    SearchOptions search;

    @Option(
            names = "--prefix",
            paramLabel = "KEY_PREFIX",
            description = "Only documents whose key starts with this (e.g. samples/manuals/).")
    String prefix;

    @Option(names = "--no-rerank", description = "Keep the hybrid-search order (skips the cross-encoder).")
    boolean noRerank;

    @Option(
            names = "--min-relevance",
            paramLabel = "-1..1",
            description = "Drop passages less relevant than this (reranker probability, else embedding cosine;"
                    + " default: quarry.query.min-relevance, unset: keep all).")
    Double minRelevance;

    @Option(
            names = "--tenant",
            descriptionKey = "quarry.local.tenant",
            description = "Tenant whose documents are searched (default: ${DEFAULT-VALUE}, quarry.local.tenant).")
    String tenant;

    @Option(names = "--json", description = "Print the HTTP API's JSON response instead.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Inject
    Instance<QueryPipeline> pipeline;

    @Inject
    QueryConfig defaults;

    @Inject
    LocalConfig config;

    /** Only {@code --json} needs it: looked up then, so a plain {@code ask} does not build one. */
    @Inject
    Instance<ObjectMapper> mapper;

    @Override
    public Integer call() throws Exception {
        QueryRequest request = request();
        QueryResult result;
        String missing = null;
        try {
            result = pipeline.get().query(request);
        } catch (QuarryException e) {
            if (!request.answer()) {
                throw e;
            }
            // The passages do not need the LLM: show them, and say why there is no answer.
            result = pipeline.get().query(withoutAnswer(request));
            missing = e.getMessage() + rootCause(e);
        }
        // picocli's writers (System.out and System.err on the command line; the caller's when quarry serve runs a
        // forwarded ask).
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(mapper.get().writerWithDefaultPrettyPrinter().writeValueAsString(QueryResponse.of(result)));
        } else {
            print(out, result, request);
        }
        out.flush();
        if (missing != null) {
            spec.commandLine()
                    .getErr()
                    .println("quarry ask: no answer, only passages: " + missing
                            + " (check quarry.answer.* and quarkus.langchain4j.* settings, or set"
                            + " QUARRY_ANSWER_PROVIDER=none)");
            spec.commandLine().getErr().flush();
            return QuarryCli.FAILURE;
        }
        return 0;
    }

    /** The request these options make: {@link QueryRequests}' defaults and bounds, the same as the HTTP API's. */
    private QueryRequest request() {
        CommandLine cli = spec.commandLine();
        if (question == null || question.isBlank()) {
            throw new ParameterException(
                    cli, "the question is empty: ask something, e.g. ./quarry ask \"How do I descale the kettle?\"");
        }
        var given = new QueryParameters(
                question,
                topK,
                candidates,
                mode,
                search.alpha,
                search.fusion,
                prefix,
                null,
                null,
                null,
                true,
                !noRerank,
                minRelevance);
        try {
            return QueryRequests.of(tenant == null ? config.tenant() : tenant, given, defaults);
        } catch (InvalidQueryException e) {
            throw new ParameterException(cli, option(e.parameter()) + " " + e.rule());
        } catch (IllegalArgumentException | QuarryException e) {
            throw new ParameterException(cli, e.getMessage());
        }
    }

    /** The command-line name of an HTTP API parameter: {@code topK} is {@code --top-k}. */
    static String option(String parameter) {
        return switch (parameter) {
            case "query" -> "the question";
            case "filters.keyPrefix" -> "--prefix";
            default -> "--" + parameter.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
        };
    }

    /** {@code " (ConnectException: Connection refused)"}: what lies under a failure, or nothing. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /**
     * Why a search returned no passage, as far as the request tells: a keyword search finds nothing when no
     * passage holds a word of the question, a prefix can match no document, a minimum relevance can drop every
     * passage; only a vector or hybrid search over the whole tenant comes back empty because nothing is indexed.
     */
    static String nothingFound(QueryRequest request) {
        String status = "./quarry status lists what is indexed";
        if (request.minRelevance() != null) {
            return String.format(
                    Locale.ROOT,
                    "Nothing relevant found: no passage reached the minimum relevance %.2f (--min-relevance).",
                    request.minRelevance());
        }
        var prefix = request.filter().keyPrefix();
        if (prefix.isPresent()) {
            return "No passages found in documents whose key starts with \"" + prefix.get() + "\" (--prefix): " + status
                    + ".";
        }
        if (request.mode() == SearchMode.BM25) {
            return "No passages found: no indexed passage holds a word of the question (keyword search, --mode bm25);"
                    + " try other words or --mode hybrid, and " + status + ".";
        }
        return "No passages found: nothing is indexed for tenant " + request.tenant()
                + " yet. Ingest documents first: ./quarry ingest PATH";
    }

    private static QueryRequest withoutAnswer(QueryRequest r) {
        return new QueryRequest(
                r.tenant(),
                r.query(),
                r.topK(),
                r.candidates(),
                r.mode(),
                r.alpha(),
                r.fusion(),
                r.filter(),
                false,
                r.rerank(),
                r.minRelevance());
    }

    static void print(PrintWriter out, QueryResult result, QueryRequest request) {
        if (result.answer().text() != null) {
            out.println(result.answer().text());
            out.println();
        }
        List<SearchHit> hits = result.hits();
        if (hits.isEmpty()) {
            out.println(nothingFound(request));
            return;
        }
        for (int i = 0; i < hits.size(); i++) {
            SearchHit hit = hits.get(i);
            var chunk = hit.chunk();
            String pages = chunk.firstPage() == chunk.lastPage()
                    ? "p. " + chunk.firstPage()
                    : "pp. " + chunk.firstPage() + "-" + chunk.lastPage();
            String relevance = hit.relevance() == null ? "" : String.format("  relevance %.3f", hit.relevance());
            String rerank = hit.rerankScore() == null ? "" : " (reranker)";
            out.printf(
                    "[%d] %s  %s%s%s  score %.4f%n",
                    i + 1, chunk.document().key(), pages, relevance, rerank, hit.score());
            if (!chunk.headingPath().isEmpty()) {
                out.printf("    %s%n", String.join(" > ", chunk.headingPath()));
            }
            out.printf("    %s%n%n", Citation.snippet(chunk.text()));
        }
        out.printf(
                "%s; %s; %.0f ms%n",
                result.reranked() ? "reranked" : "not reranked (" + result.rerankNote() + ")",
                "cache " + result.cache().name().toLowerCase(),
                result.timings().totalMs());
    }
}
