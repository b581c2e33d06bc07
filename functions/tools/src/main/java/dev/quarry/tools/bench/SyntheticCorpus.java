package dev.quarry.tools.bench;

import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic synthetic corpus for benchmarks: English words drawn with a Zipf distribution, document
 * lengths log-normal around a median of {@value #MEDIAN_WORDS} words (clamped to 40..4,000), split into
 * chunks of {@value #CHUNK_WORDS} words (about 128 word pieces, the chunker's default), so a document has
 * several chunks. The same seed and index always give the same document.
 *
 * <p>Vectors are <b>synthetic</b> when asked for with {@link #syntheticVector}: a mixture of {@value
 * #TOPICS} random topic directions plus Gaussian noise, L2-normalised, so that chunks of one document and of
 * one topic are close (cosine about 0.5) and unrelated chunks nearly orthogonal — the clustered shape of
 * sentence embeddings, without the cost of the real model (about 100 chunks/s on 2 cores). They are right
 * for measuring the index (HNSW build, size, search latency), not for measuring retrieval quality.
 */
public final class SyntheticCorpus {

    static final int MEDIAN_WORDS = 450;
    static final int CHUNK_WORDS = 95;
    static final int TOPICS = 256;
    static final int DIMENSION = 384;

    private static final String[] WORDS =
            ("the of and to in a is that for it as was with be by on not he this are or his"
                            + " from at which but have an they you were her she there been one all we their has would when"
                            + " if more will who other no some so what its into time only than new could these two may first"
                            + " then do any like my now over such our man me even most made after also did many before must"
                            + " through back years where much your way well down should because each just those people how"
                            + " too little state good very make world still own see men work long here get both between life"
                            + " being under never day same another know while last might us great old year off come since"
                            + " against go came right used take three water system during river city power ocean harbour"
                            + " company report market energy design network storage index search query document page model"
                            + " record policy customer service contract invoice payment account tax law court patient doctor"
                            + " hospital treatment study research data analysis result method process product engine"
                            + " battery voltage circuit sensor signal frequency bridge railway station airport flight route"
                            + " shipping container cargo warehouse inventory supplier price cost budget revenue profit loss"
                            + " school student teacher course lecture exam library museum history war king queen empire"
                            + " church village mountain forest island coast weather storm rain snow summer winter season"
                            + " species animal plant forest soil crop farm harvest food bread cheese wine coffee tea kitchen"
                            + " recipe oven temperature pressure speed distance weight height depth volume surface light"
                            + " sound color music film book novel author poem language word letter number table chart")
                    .split(" ");

    private final long seed;
    private final float[][] topics;

    public SyntheticCorpus(long seed) {
        this.seed = seed;
        Random random = new Random(mix(seed, -1));
        this.topics = new float[TOPICS][];
        for (int t = 0; t < TOPICS; t++) {
            topics[t] = gaussian(random, 1.0f);
            normalise(topics[t]);
        }
    }

    /** The reference of document {@code n}. */
    public DocumentRef ref(String tenant, int n) {
        return new DocumentRef(tenant, "synthetic/doc-" + n + ".txt", "v1");
    }

    /** The full text of document {@code n}: paragraphs of sentences. */
    public String text(int n) {
        Random random = random(n);
        int words = wordCount(random);
        return words(random, words);
    }

    /** Document {@code n} split into chunks of {@value #CHUNK_WORDS} words (the last may be shorter). */
    public List<String> chunkTexts(int n) {
        String[] words = text(n).split(" ");
        List<String> chunks = new ArrayList<>();
        for (int from = 0; from < words.length; from += CHUNK_WORDS) {
            chunks.add(String.join(
                    " ", java.util.Arrays.copyOfRange(words, from, Math.min(words.length, from + CHUNK_WORDS))));
        }
        return chunks;
    }

    /** Document {@code n} as chunks with synthetic vectors, ready to upsert. */
    public List<EmbeddedChunk> embeddedChunks(String tenant, int n) {
        DocumentRef ref = ref(tenant, n);
        List<String> texts = chunkTexts(n);
        List<EmbeddedChunk> chunks = new ArrayList<>(texts.size());
        for (int position = 0; position < texts.size(); position++) {
            chunks.add(new EmbeddedChunk(chunk(ref, position, texts.get(position)), syntheticVector(n, position)));
        }
        return chunks;
    }

    /** A chunk of {@code ref} (plain text, one page per chunk for simplicity). */
    public static Chunk chunk(DocumentRef ref, int position, String text) {
        return new Chunk(Chunk.idFor(ref, position), ref, ContentType.TEXT, 1, 1, position, List.of(), text);
    }

    /** The synthetic vector of chunk {@code position} of document {@code n}: its topic plus noise. */
    public float[] syntheticVector(int n, int position) {
        Random docRandom = random(n);
        int topic = Math.floorMod(docRandom.nextInt(), TOPICS);
        float[] docOffset = gaussian(docRandom, 0.045f);
        Random chunkRandom = new Random(mix(mix(seed, n), position));
        float[] vector = gaussian(chunkRandom, 0.045f);
        for (int d = 0; d < DIMENSION; d++) {
            vector[d] += topics[topic][d] + docOffset[d];
        }
        normalise(vector);
        return vector;
    }

    /** A query vector near document {@code n}'s topic, as a query about it would be. */
    public float[] queryVector(int n, int q) {
        return syntheticVector(n, 10_000 + q);
    }

    /** A question of a few words taken from document {@code n}. */
    public String query(int n, int q) {
        String[] words = text(n).split(" ");
        Random random = new Random(mix(mix(seed, n), -2 - q));
        int start = random.nextInt(Math.max(1, words.length - 8));
        StringBuilder query = new StringBuilder("what about");
        for (int i = start; i < Math.min(words.length, start + 6); i++) {
            query.append(' ').append(words[i].replaceAll("[^a-z]", ""));
        }
        return query.toString().strip();
    }

    private Random random(int n) {
        return new Random(mix(seed, n));
    }

    /**
     * SplitMix64's finaliser over {@code seed} and {@code n}: {@link Random}s seeded with neighbouring numbers
     * start with strongly correlated values (measured: document lengths drifted with the document number), so
     * each document's seed is scrambled first.
     */
    static long mix(long seed, long n) {
        long z = seed * 0x9E3779B97F4A7C15L + n;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int wordCount(Random random) {
        double lognormal = Math.exp(Math.log(MEDIAN_WORDS) + 0.8 * random.nextGaussian());
        return (int) Math.max(40, Math.min(4_000, lognormal));
    }

    /** {@code count} Zipf-distributed words in sentences of 8..24 words. */
    static String words(Random random, int count) {
        StringBuilder text = new StringBuilder(count * 7);
        int sentence = 0;
        int sentenceLength = 8 + random.nextInt(17);
        for (int i = 0; i < count; i++) {
            String word = WORDS[zipf(random)];
            if (sentence == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            text.append(word);
            sentence++;
            if (sentence == sentenceLength || i == count - 1) {
                text.append('.');
                sentence = 0;
                sentenceLength = 8 + random.nextInt(17);
            }
            if (i < count - 1) {
                text.append(' ');
            }
        }
        return text.toString();
    }

    /** A word rank with probability proportional to 1/(rank+2.7) (Zipf-Mandelbrot), by inverse CDF. */
    private static int zipf(Random random) {
        double total = Math.log((WORDS.length + 2.7) / 2.7);
        double u = random.nextDouble() * total;
        int rank = (int) (2.7 * Math.exp(u) - 2.7);
        return Math.min(WORDS.length - 1, Math.max(0, rank));
    }

    private static float[] gaussian(Random random, float sigma) {
        float[] v = new float[DIMENSION];
        for (int d = 0; d < DIMENSION; d++) {
            v[d] = (float) (random.nextGaussian() * sigma);
        }
        return v;
    }

    private static void normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < v.length; d++) {
            v[d] *= inv;
        }
    }
}
