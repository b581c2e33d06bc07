package dev.quarry.local.bench.cache;

import dev.quarry.cache.bench.CachePair;
import dev.quarry.core.port.Embedder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Embeds every question of the given pair files into the on-disk store: {@code dir embedderId threads files…}. */
final class FillEmbeddings {

    private FillEmbeddings() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String id = args[1];
        int threads = Integer.parseInt(args[2]);
        List<String> texts = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            List<CachePair> pairs = CachePair.load(Path.of(args[i]));
            int limit = Integer.getInteger("limit", Integer.MAX_VALUE);
            for (CachePair p : pairs.subList(0, Math.min(limit, pairs.size()))) {
                texts.add(p.textA());
                texts.add(p.textB());
            }
        }
        Embedder embedder = BenchEmbedders.open(id, threads);
        try {
            EmbeddingStore store = EmbeddingStore.open(dir, id, embedder.dimension());
            store.fill(texts, embedder, 2048, System.out);
            System.out.println(store.size() + " vectors in the store");
        } finally {
            BenchEmbedders.close(embedder);
        }
    }
}
