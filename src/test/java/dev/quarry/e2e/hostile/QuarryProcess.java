package dev.quarry.e2e.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged {@code quarry} command line run as a child process with a bounded heap, its peak resident
 * memory sampled from {@code /proc/<pid>/status} (VmHWM) while it runs, and its data folder read back
 * afterwards (status file, Lucene index) to check what it left behind.
 */
final class QuarryProcess {

    static final Path JAR = Path.of(System.getProperty("quarry.jar", "missing"));
    private static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    private final Path out;
    private final Path err;
    private volatile long peakKib;
    private final Thread sampler;

    private QuarryProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.sampler = new Thread(this::sample, "vmhwm-" + process.pid());
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** Starts {@code quarry args...} with {@code -Xmx1g} on {@code dataDir}, plus {@code properties}. */
    static QuarryProcess start(Path dataDir, List<String> properties, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-XX:+ExitOnOutOfMemoryError"));
        command.add("-Dquarry.local.data-dir=" + dataDir);
        command.addAll(properties);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dataDir.getParent(), "out-", ".txt");
        Path err = Files.createTempFile(dataDir.getParent(), "err-", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        builder.environment().remove("QUARRY_LOCAL_API_KEY");
        return new QuarryProcess(builder.start(), out, err);
    }

    private void sample() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        while (process.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peakKib = Math.max(peakKib, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
                Thread.sleep(50);
            } catch (IOException | NumberFormatException e) {
                return; // the process ended between the check and the read
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits for the end; false when it did not end in time (it is then killed). */
    boolean await(long seconds) throws InterruptedException {
        boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) {
            kill();
        }
        sampler.join(1_000);
        return ended;
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long peakRssMib() {
        return peakKib / 1024;
    }

    String output() throws IOException {
        return "stdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err);
    }

    /** Waits up to {@code seconds} for {@code condition}; whether it held. */
    static boolean waitFor(BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    /** The recorded statuses in {@code dataDir}, by key (empty when none were written yet). */
    static Map<String, JsonNode> statuses(Path dataDir) {
        Map<String, JsonNode> byKey = new TreeMap<>();
        Path file = dataDir.resolve("status.json");
        if (!Files.exists(file)) {
            return byKey;
        }
        try {
            for (JsonNode status : JSON.readTree(file.toFile()).path("statuses")) {
                byKey.put(status.path("document").path("key").asText(), status);
            }
        } catch (IOException e) {
            return byKey; // being replaced at this moment; the next read sees it
        }
        return byKey;
    }

    static Optional<JsonNode> status(Path dataDir, String key) {
        return Optional.ofNullable(statuses(dataDir).get(key));
    }

    /** Chunks in the Lucene index of {@code dataDir} by version of {@code key} (read with the process stopped). */
    static Map<String, Integer> chunksByVersion(Path dataDir, String tenant, String key) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        try (FSDirectory directory = FSDirectory.open(dataDir.resolve("index"));
                DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            var query = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term("tenant", tenant)), Occur.FILTER)
                    .add(new TermQuery(new Term("key", key)), Occur.FILTER)
                    .build();
            for (var hit : searcher.search(query, 1_000_000).scoreDocs) {
                String version = searcher.storedFields().document(hit.doc).get("version");
                counts.merge(version, 1, Integer::sum);
            }
        }
        return counts;
    }
}
