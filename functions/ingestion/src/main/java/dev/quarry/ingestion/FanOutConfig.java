package dev.quarry.ingestion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long documents are split into page-range parts that are processed in parallel ({@code quarry.fan-out.*}). */
@ConfigMapping(prefix = "quarry.fan-out")
public interface FanOutConfig {

    /**
     * A PDF or TIFF with more pages than this is split into parts of this many pages, each its own queue
     * message, so that no invocation has to OCR a 500-page scan alone. Size it so that one part (OCR at
     * about 0.5-2.5 s a page on one core) stays well inside the function timeout.
     */
    @WithDefault("25")
    int pagesPerPart();
}
