package dev.quarry.core.model;

/** How the text of a page was obtained. */
public enum PageSource {
    /** The document's own text (PDF text layer, HTML, DOCX, plain text). */
    TEXT_LAYER,
    /** Optical character recognition of a rendered page or an image. */
    OCR
}
