package dev.quarry.core.model;

/** The document formats Quarry extracts, detected from content (magic bytes), not from file names. */
public enum ContentType {
    PDF("application/pdf"),
    PNG("image/png"),
    JPEG("image/jpeg"),
    TIFF("image/tiff"),
    HTML("text/html"),
    MARKDOWN("text/markdown"),
    TEXT("text/plain"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private final String mimeType;

    ContentType(String mimeType) {
        this.mimeType = mimeType;
    }

    public String mimeType() {
        return mimeType;
    }

    public boolean isImage() {
        return this == PNG || this == JPEG || this == TIFF;
    }
}
