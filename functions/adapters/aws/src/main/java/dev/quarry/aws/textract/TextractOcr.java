package dev.quarry.aws.textract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.port.OcrEngine;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.TextractClientBuilder;
import software.amazon.awssdk.services.textract.model.BadDocumentException;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.BlockType;
import software.amazon.awssdk.services.textract.model.DetectDocumentTextResponse;
import software.amazon.awssdk.services.textract.model.DocumentTooLargeException;
import software.amazon.awssdk.services.textract.model.InternalServerErrorException;
import software.amazon.awssdk.services.textract.model.InvalidParameterException;
import software.amazon.awssdk.services.textract.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.textract.model.Relationship;
import software.amazon.awssdk.services.textract.model.RelationshipType;
import software.amazon.awssdk.services.textract.model.ThrottlingException;
import software.amazon.awssdk.services.textract.model.UnsupportedDocumentException;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Recognises page images with Amazon Textract's synchronous {@code DetectDocumentText}: the cloud OCR of the
 * ingest Lambda, whose runtime has no Tesseract binary. The page goes as PNG bytes; images beyond Textract's
 * synchronous limits (10 MB, 10,000 px per side) are scaled down first. The text is the page's LINE blocks in
 * reading order (the order of the PAGE block's children), one per line; WORD blocks repeat the lines and are
 * ignored.
 *
 * <p>Throttling and server errors are {@link QuarryException.Transient} (after the SDK's own retries), so the
 * SQS message comes back later; a document Textract rejects is {@link QuarryException.Permanent} with
 * {@link Reason#OCR_FAILED}.
 */
public final class TextractOcr implements OcrEngine, AutoCloseable {

    /** Textract's synchronous operations accept at most 10 MB of document bytes. */
    static final int MAX_BYTES = 10 * 1024 * 1024;

    /** And at most 10,000 pixels on either side. */
    public static final int MAX_SIDE = 10_000;

    /** Textract rejects images smaller than this on a side; scaling never goes below it. */
    private static final int MIN_SIDE = 50;

    private static final int MAX_SCALING_STEPS = 4;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(120);

    private final TextractClient client;
    private final int maxBytes;

    public TextractOcr(TextractClient client, int maxBytes) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public TextractOcr(TextractClient client) {
        this(client, MAX_BYTES);
    }

    /**
     * An engine on the URL-connection HTTP client, on the default endpoint of the region or on {@code endpoint}
     * (tests, VPC endpoints with a custom name). Region and credentials come from the SDK's default chains (on
     * Lambda: {@code AWS_REGION} and the function role).
     */
    public static TextractOcr create(Optional<URI> endpoint) {
        TextractClientBuilder builder = TextractClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .build())
                .overrideConfiguration(o -> o.apiCallTimeout(API_CALL_TIMEOUT));
        endpoint.ifPresent(builder::endpointOverride);
        try {
            return new TextractOcr(builder.build());
        } catch (SdkException e) {
            // No region found, typically: the message says which settings the SDK looked at.
            throw new IllegalStateException("Cannot create the Textract client: " + e.getMessage(), e);
        }
    }

    @Override
    public String recognize(BufferedImage page) {
        Objects.requireNonNull(page, "page must not be null");
        byte[] png = encodeWithinLimits(page);
        DetectDocumentTextResponse response;
        try {
            response = client.detectDocumentText(r -> r.document(d -> d.bytes(SdkBytes.fromByteArrayUnsafe(png))));
        } catch (ThrottlingException | ProvisionedThroughputExceededException | InternalServerErrorException e) {
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "Textract is busy or failing: " + message(e), e);
        } catch (InvalidParameterException
                | UnsupportedDocumentException
                | BadDocumentException
                | DocumentTooLargeException e) {
            throw new QuarryException.Permanent(
                    Reason.OCR_FAILED, "Textract rejected the page image: " + message(e), e);
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new QuarryException.Transient(Reason.UNAVAILABLE, "Textract failed: " + message(e), e);
            }
            // Access denied, an expired token, a region without Textract …: retrying the message cannot help.
            throw new QuarryException.Permanent(
                    Reason.OCR_FAILED,
                    "Textract refused the call: " + message(e)
                            + " (check the function role allows textract:DetectDocumentText in its region)",
                    e);
        } catch (SdkClientException e) {
            throw new QuarryException.Transient(
                    Reason.UNAVAILABLE, "Textract could not be reached: " + e.getMessage(), e);
        }
        return lines(response.blocks());
    }

    /** The LINE blocks' text, in the order the PAGE block lists its children, else in response order. */
    static String lines(List<Block> blocks) {
        Map<String, Block> lines = new LinkedHashMap<>();
        List<String> pageOrder = new ArrayList<>();
        for (Block block : blocks) {
            if (block.blockType() == BlockType.LINE && block.text() != null) {
                lines.put(block.id() == null ? "#" + lines.size() : block.id(), block);
            } else if (block.blockType() == BlockType.PAGE) {
                for (Relationship relationship : block.relationships()) {
                    if (relationship.type() == RelationshipType.CHILD) {
                        pageOrder.addAll(relationship.ids());
                    }
                }
            }
        }
        List<String> text = new ArrayList<>(lines.size());
        for (String id : pageOrder) {
            Block line = lines.remove(id);
            if (line != null) {
                text.add(line.text());
            }
        }
        lines.values().forEach(line -> text.add(line.text()));
        return String.join("\n", text);
    }

    /** PNG bytes of the page, scaled down until they fit Textract's synchronous limits. */
    private byte[] encodeWithinLimits(BufferedImage page) {
        BufferedImage image = page;
        int longest = Math.max(page.getWidth(), page.getHeight());
        if (longest > MAX_SIDE) {
            image = scale(image, (double) MAX_SIDE / longest);
        }
        byte[] png = png(image);
        for (int step = 0; png.length > maxBytes && step < MAX_SCALING_STEPS; step++) {
            // PNG size grows roughly with the pixel count: shrink both sides by the square root, with a margin.
            double factor = Math.sqrt((double) maxBytes / png.length) * 0.9;
            if (Math.min(image.getWidth(), image.getHeight()) * factor < MIN_SIDE) {
                break;
            }
            image = scale(image, factor);
            png = png(image);
        }
        if (png.length > maxBytes) {
            throw new QuarryException.Permanent(
                    Reason.OCR_FAILED,
                    "the page image is " + png.length + " bytes as PNG even at " + image.getWidth() + "x"
                            + image.getHeight() + " px; Textract's synchronous limit is " + maxBytes
                            + " bytes (a page this noisy cannot be read at a legible size)");
        }
        return png;
    }

    private static BufferedImage scale(BufferedImage image, double factor) {
        int width = Math.max(1, (int) Math.floor(image.getWidth() * factor));
        int height = Math.max(1, (int) Math.floor(image.getHeight() * factor));
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getType() == BufferedImage.TYPE_BYTE_BINARY) {
            type = BufferedImage.TYPE_BYTE_GRAY;
        }
        BufferedImage scaled = new BufferedImage(width, height, type);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }

    /** The page as PNG ({@link OcrEngine#png}). */
    private static byte[] png(BufferedImage image) {
        try {
            return OcrEngine.png(image);
        } catch (IOException e) {
            throw new QuarryException.Permanent(
                    Reason.OCR_FAILED, "could not encode the page as PNG: " + e.getMessage(), e);
        }
    }

    private static String message(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String text = e.awsErrorDetails() == null
                ? e.getMessage()
                : e.awsErrorDetails().errorMessage();
        return (code == null ? "" : code + ": ") + text + " (HTTP " + e.statusCode() + ")";
    }

    @Override
    public void close() {
        client.close();
    }
}
