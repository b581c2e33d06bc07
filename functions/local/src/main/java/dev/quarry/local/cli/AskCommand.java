package dev.quarry.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.QueryResponse;
import dev.quarry.core.model.Citation;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.query.QueryConfig;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.core.query.QueryRequest;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.local.LocalConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(name = "ask", description = "Ask a question: the best passages with document, page, score and snippet.")
public class AskCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "QUESTION")
    String question;

    @Option(names = "--top-k", description = "Passages to show (default: quarry.query.top-k).")
    Integer topK;

    @Option(names = "--candidates", description = "Candidates the reranker sees (default: quarry.query.candidates).")
    Integer candidates;

    @Mixin
    SearchOptions search;

    @Option(names = "--prefix", description = "Only documents whose key starts with this.")
    String prefix;

    @Option(names = "--no-rerank", description = "Keep retrieval order.")
    boolean noRerank;

    @Option(
            names = "--min-relevance",
            description = "Drop passages less relevant than this (reranker probability, else embedding cosine;"
                    + " default: quarry.query.min-relevance, none).")
    Double minRelevance;

    @Option(names = "--tenant", description = "Tenant to ask (default: quarry.local.tenant).")
    String tenant;

    @Option(names = "--json", description = "Print the API's JSON response.")
    boolean json;

    @Inject
    Instance<QueryPipeline> pipeline;

    @Inject
    QueryConfig defaults;

    @Inject
    LocalConfig config;

    @Inject
    ObjectMapper mapper;

    @Override
    public Integer call() throws Exception {
        int k = topK == null ? defaults.topK() : topK;
        QueryRequest request = new QueryRequest(
                tenant == null ? config.tenant() : tenant,
                question,
                k,
                Math.max(k, candidates == null ? defaults.candidates() : candidates),
                search.mode(defaults),
                search.alpha(defaults),
                search.fusion(defaults),
                prefix == null ? SearchFilter.NONE : SearchFilter.keyPrefix(prefix),
                true,
                !noRerank,
                minRelevance != null ? minRelevance : defaults.minRelevance().orElse(null));
        QueryResult result = pipeline.get().query(request);
        if (json) {
            System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(QueryResponse.of(result)));
        } else {
            print(System.out, result, request.minRelevance());
        }
        return 0;
    }

    static void print(PrintStream out, QueryResult result, Double minRelevance) {
        if (result.answer().text() != null) {
            out.println(result.answer().text());
            out.println();
        }
        List<SearchHit> hits = result.hits();
        if (hits.isEmpty() && minRelevance != null) {
            out.printf(
                    "Nothing relevant found: no passage reached the minimum relevance %.2f (--min-relevance).%n",
                    minRelevance);
            return;
        }
        if (hits.isEmpty()) {
            out.println("No passages found. Ingest documents first: ./quarry ingest PATH");
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
