package dev.quarry.local.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.verify.PairModels;
import dev.quarry.cache.verify.VerifierModel;
import dev.quarry.core.port.Embedder;
import dev.quarry.tools.bench.cache.BenchEmbedders;
import dev.quarry.tools.bench.cache.BoostedTrees;
import dev.quarry.tools.bench.cache.CachePair;
import dev.quarry.tools.bench.cache.EmbeddingStore;
import dev.quarry.tools.bench.cache.PairScores;
import dev.quarry.tools.bench.cache.VerifierTraining;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "cache-train",
        mixinStandardHelpOptions = true,
        description = "Train the semantic cache's hit verifier for one query embedder on labelled question pairs"
                + " (whole caches simulated from them, a calibration split held apart), print its precision/recall"
                + " curve and reliability on the calibration split, and write the weights. With --evaluate, measure"
                + " given weights on a pair file instead (in memory, same LSH as the Redis cache).")
public class CacheTrainCommand implements Callable<Integer> {

    @Option(names = "--train", paramLabel = "FILE", description = "Pairs to learn from (JSON array or lines).")
    Path train;

    @Option(
            names = "--embedder",
            defaultValue = "bge-small-en-v1.5-q",
            paramLabel = "ID",
            description = "Query embedder id (default: ${DEFAULT-VALUE}); one of all-minilm-l6-v2[-q],"
                    + " bge-small-en-v1.5[-q][+query-instruction].")
    String embedderId;

    @Option(
            names = "--embeddings",
            paramLabel = "DIR",
            defaultValue = "${java.io.tmpdir}/quarry-cache-embeddings",
            description = "Where question embeddings are kept between runs, outside the repository"
                    + " (default: ${DEFAULT-VALUE}).")
    Path embeddings;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Use only the first N training pairs (to bound embedding time).")
    Integer limit;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the weights (default: print only).")
    Path out;

    @Option(names = "--seed", defaultValue = "18", description = "Split and sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--passes",
            defaultValue = "3",
            description = "Times each split is dealt into caches (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(
            names = "--all-others",
            description = "Keep unrelated non-duplicates too (default: only non-duplicates sharing a subject term).")
    boolean allOthers;

    @Option(
            names = "--min-other-cosine",
            paramLabel = "C",
            description = "Keep only non-duplicates whose two questions are at least this alike (hard ones).")
    Double minOtherCosine;

    @Option(
            names = "--evaluate",
            paramLabel = "FILE",
            description = "Measure --weights (default: the shipped weights) on these pairs as one cache; no training.")
    Path evaluate;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights to evaluate.")
    Path weights;

    @Option(
            names = "--online-rounds",
            paramLabel = "N",
            description = "With --evaluate: also replay the lookups N times with online verification (labels as"
                    + " the oracle) and print hit and error rate per round.")
    Integer onlineRounds;

    @Option(
            names = "--sample-rate",
            defaultValue = "0.05",
            description = "Online verification's sample rate in that replay (default: ${DEFAULT-VALUE}).")
    double sampleRate;

    @Option(
            names = "--trees",
            defaultValue = "800",
            paramLabel = "N",
            description = "At most N boosted trees on top of the logistic regression, fewer when held-out fit"
                    + " caches stop improving; 0 = logistic regression alone (default: ${DEFAULT-VALUE}).")
    int trees;

    @Option(names = "--tree-depth", defaultValue = "6", description = "Depth of each tree (default: ${DEFAULT-VALUE}).")
    int treeDepth;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.05",
            description = "Shrinkage of each tree (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--threads", defaultValue = "0", description = "Embedding threads, 0 = one per core.")
    int threads;

    @Option(
            names = "--pair-model",
            paramLabel = "DIR",
            description = "A pair model whose score of the query and the nearest question becomes the verifier's"
                    + " last feature: a cross-encoder directory (model.onnx, tokenizer.json), ideally one trained on"
                    + " duplicate questions. The weights record its SHA-256 and run only beside it"
                    + " (quarry.cache.verifier.pair-model-dir).")
    Path pairModel;

    @Override
    public Integer call() throws IOException {
        if ((train == null) == (evaluate == null)) {
            System.err.println("give --train FILE to train, or --evaluate FILE to measure weights");
            return 2;
        }
        Path file = train != null ? train : evaluate;
        List<CachePair> pairs = CachePair.load(file);
        if (limit != null && limit < pairs.size()) {
            pairs = pairs.subList(0, limit);
        }
        Embedder embedder = BenchEmbedders.open(embedderId, threads);
        EmbeddingStore store;
        try {
            store = EmbeddingStore.open(embeddings, embedder.id(), embedder.dimension());
            List<String> texts = new ArrayList<>();
            pairs.forEach(p -> {
                texts.add(p.textA());
                texts.add(p.textB());
            });
            store.fill(texts, embedder, 2048, System.out);
        } finally {
            BenchEmbedders.close(embedder);
        }
        VerifierTraining.Options options = new VerifierTraining.Options(
                embedderId,
                0.2,
                1000,
                1000,
                passes,
                0.70,
                1.0,
                seed,
                !allOthers,
                minOtherCosine == null ? Double.NaN : minOtherCosine,
                CacheSettings.defaults(),
                new BoostedTrees.Settings(trees, treeDepth, learningRate, 1.0, 20),
                pairModel == null ? null : new PairScores(PairModels.id(pairModel), PairModels.open(pairModel)));
        if (evaluate != null) {
            VerifierModel model = weights != null
                    ? VerifierModel.read(weights).requireEmbedder(embedderId)
                    : VerifierModel.shipped(embedderId)
                            .orElseThrow(() -> new IllegalArgumentException("no weights shipped for " + embedderId));
            VerifierTraining.evaluate(pairs, store, model, options, System.out);
            if (onlineRounds != null) {
                VerifierTraining.online(pairs, store, model, options, onlineRounds, sampleRate, System.out);
            }
            return 0;
        }
        VerifierModel model = VerifierTraining.train(pairs, store, options, System.out);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            model.write(out);
            System.out.println("weights written to " + out);
        } else {
            System.out.println(
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(model));
        }
        return 0;
    }
}
