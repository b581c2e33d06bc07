package dev.quarry.weaviate;

import org.testcontainers.weaviate.WeaviateContainer;

/**
 * One Weaviate container shared by the Testcontainers suites of this module, started on first use. The image
 * comes from the environment variable {@code WEAVIATE_IMAGE}, pinned by default.
 */
final class WeaviateServer {

    /** The image used when {@code WEAVIATE_IMAGE} is unset. */
    static final String DEFAULT_IMAGE = "semitechnologies/weaviate:1.36.2";

    private static WeaviateContainer container;

    private WeaviateServer() {}

    static synchronized WeaviateSettings settings() {
        if (container == null) {
            String image = System.getenv().getOrDefault("WEAVIATE_IMAGE", DEFAULT_IMAGE);
            container = new WeaviateContainer(image);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        }
        return WeaviateSettings.local(container.getHttpPort(), container.getGrpcPort());
    }
}
