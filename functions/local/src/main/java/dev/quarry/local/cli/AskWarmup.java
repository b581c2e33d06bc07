package dev.quarry.local.cli;

import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.models.embed.OnnxRuntimeEnvironment;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Loads the embedding model of a {@code quarry ask} in the background while the rest of the command starts, so
 * the two overlap on a machine with more than one core instead of following each other: ONNX Runtime's and the
 * tokenizer's native libraries from {@link QuarryMain#main} on (while Quarkus boots), the model itself (the
 * embedder bean) as soon as the container runs (while picocli parses and the index opens). The command asks for
 * the same bean and waits only for what is left; a failure here is the command's to report (it creates the bean
 * again and fails the same way), so this thread says nothing.
 */
@ApplicationScoped
public class AskWarmup {

    /** Native libraries: independent of the configuration, so they start before Quarkus. */
    static void startNativeLibraries() {
        start("quarry-warmup-native", () -> {
            OnnxRuntimeEnvironment.get();
            ai.djl.huggingface.tokenizers.jni.LibUtils.checkStatus();
        });
    }

    void onStart(@Observes StartupEvent event) {
        if (QuarryMain.asking()) {
            start(
                    "quarry-warmup-embedder",
                    () -> Arc.container().instance(OnnxEmbedder.class).get());
        }
    }

    private static void start(String name, Runnable work) {
        Thread thread = new Thread(
                () -> {
                    try {
                        work.run();
                    } catch (Throwable ignored) { // reported by the command when it needs the same thing
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
    }
}
