package dev.quarry.local.bench.cache;

import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.bench.CachePair;
import dev.quarry.cache.verify.VerifierModel;
import dev.quarry.local.bench.cache.CacheSimulation.Lookup;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Iteration harness: {@code train|dump|eval embDir embedderId file [weights]}. */
final class TrainMain {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        String id = args[2];
        List<CachePair> pairs = CachePair.load(Path.of(args[3]));
        EmbeddingStore store = EmbeddingStore.open(dir, id, 384);
        if (Boolean.getBoolean("partial")) {
            pairs = pairs.stream().filter(p -> store.get(p.textA()) != null && store.get(p.textB()) != null).toList();
            System.out.println("partial: " + pairs.size() + " pairs embedded");
        }
        VerifierTraining.Options o = new VerifierTraining.Options(
                id, 0.2, 1000, 1000, Integer.parseInt(System.getProperty("passes", "2")), 0.70, 1.0, 18L, Boolean.getBoolean("hard"),
                CacheSettings.defaults());
        if (mode.equals("train")) {
            VerifierModel m = VerifierTraining.train(pairs, store, o, System.out);
            m.write(Path.of(args[4]));
        } else if (mode.equals("paircos")) {
            int[][] hist = new int[2][20];
            for (CachePair p : pairs) {
                double c = dev.quarry.cache.Lsh.cosine(store.get(p.textA()), store.get(p.textB()));
                hist[p.label()][Math.max(0, Math.min(19, (int) (c * 20)))]++;
            }
            for (int b = 0; b < 20; b++) {
                System.out.printf("%.2f %6d %6d%n", b / 20.0, hist[0][b], hist[1][b]);
            }
        } else if (mode.equals("dump")) {
            List<List<CachePair>> sides = PairSplits.split(pairs, 0.2, 18L);
            for (int s = 0; s < 2; s++) {
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(args[4] + s + ".csv")))) {
                    int c = 0;
                    for (List<Lookup> cache : VerifierTraining.simulate(sides.get(s), store, o, 19L + s)) {
                        for (Lookup l : cache) {
                            double[] f = l.candidate() == null || l.exact() ? null : VerifierTraining.features(l);
                            w.printf("%d,%d,%d,%d,%s%n", c, l.exact() ? 1 : 0, l.duplicate() ? 1 : 0, l.right() ? 1 : 0,
                                    f == null ? "" : java.util.Arrays.toString(f).replaceAll("[\\[\\] ]", ""));
                        }
                        c++;
                    }
                }
            }
        } else {
            VerifierModel m = VerifierModel.read(Path.of(args[4]));
            List<List<Lookup>> caches = List.of(CacheSimulation.run(pairs, store, o.settings()));
            VerifierTraining.print(VerifierTraining.curve(caches, m), VerifierTraining.reliability(caches, m), System.out);
        }
    }
}
