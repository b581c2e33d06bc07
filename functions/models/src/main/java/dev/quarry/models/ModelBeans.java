package dev.quarry.models;

import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordConfig;
import dev.quarry.models.embed.EmbeddingConfig;
import dev.quarry.models.embed.OnnxEmbedder;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The model beans every Quarkus application shares: the in-process embedder ({@code quarry.embedding.*}) and the
 * signature an index records of what built it (embedder fingerprint and keyword analyzer), so an index adapter
 * needs no model classes. Created on first use, so a command that needs no model loads none. The cross-encoder
 * is wired by each application (the query Lambda loads it at startup from the model layer).
 */
public class ModelBeans {

    @Produces
    @Singleton
    OnnxEmbedder embedder(EmbeddingConfig config) {
        return new OnnxEmbedder(config.toOptions());
    }

    void closeEmbedder(@Disposes OnnxEmbedder embedder) {
        embedder.close();
    }

    @Produces
    @Singleton
    IndexSignature indexSignature(EmbeddingConfig embedding, KeywordConfig keyword) {
        return new IndexSignature(embedding.toOptions().fingerprint(), keyword.analyzer());
    }
}
