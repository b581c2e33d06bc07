package dev.quarry.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One synthesized Quarry stack (with cdk-nag applied) and its template, built from empty asset zips. */
final class Synth {

    final QuarryStack stack;
    final Template template;
    /** Unsuppressed cdk-nag errors and warnings as "path: rule message" lines. */
    final List<String> nagErrors;

    final List<String> nagWarnings;

    private Synth(QuarryStack stack, Template template, Annotations annotations) {
        this.stack = stack;
        this.template = template;
        this.nagErrors = describe(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")));
        this.nagWarnings = describe(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")));
    }

    /** Synthesizes with the given context on top of the minimum (Weaviate host, asset zips in {@code dir}). */
    static Synth of(Path dir, Map<String, String> context) {
        Map<String, Object> all = new HashMap<>();
        all.put("quarry:ingestZip", emptyZip(dir.resolve("ingest.zip")).toString());
        all.put("quarry:queryZip", emptyZip(dir.resolve("query.zip")).toString());
        all.put("quarry:modelLayerZip", emptyZip(dir.resolve("layer.zip")).toString());
        all.put("quarry:weaviateHttpHost", "cluster.weaviate.example");
        all.put("quarry:iamTenants", "{\"arn:aws:iam::111122223333:role/acme-reader\": \"acme\"}");
        all.putAll(context);
        App app = new App(AppProps.builder()
                .context(all)
                .outdir(dir.resolve("cdk.out-" + Integer.toHexString(context.hashCode()))
                        .toString())
                .build());
        QuarrySettings settings =
                QuarrySettings.fromContext(key -> app.getNode().tryGetContext(key));
        QuarryStack stack =
                new QuarryStack(app, "QuarryTest", StackProps.builder().build(), settings);
        Aspects.of(app).add(new AwsSolutionsChecks());
        Template template = Template.fromStack(stack);
        return new Synth(stack, template, Annotations.fromStack(stack));
    }

    private static List<String> describe(List<SynthesisMessage> messages) {
        return messages.stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .toList();
    }

    /** An empty but valid zip: the asset only has to exist and hash for synthesis. */
    static Path emptyZip(Path path) {
        if (Files.exists(path)) {
            return path;
        }
        // The end-of-central-directory record alone (22 bytes) is a valid zip with no entries.
        byte[] empty = new byte[22];
        empty[0] = 'P';
        empty[1] = 'K';
        empty[2] = 5;
        empty[3] = 6;
        try {
            Files.write(path, empty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }
}
