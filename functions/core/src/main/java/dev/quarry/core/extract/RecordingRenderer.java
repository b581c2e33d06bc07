package dev.quarry.core.extract;

import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PDFRenderer} that keeps what PDFBox would only log while drawing a page: an image (or form) it could
 * not draw, e.g. a JBIG2 or JPEG 2000 image without a decoder or with a broken stream, renders as nothing and
 * PDFBox carries on. The problems of the last rendered page become that page's reason when it yields no text.
 */
final class RecordingRenderer extends PDFRenderer {

    private final List<String> problems = new ArrayList<>();

    RecordingRenderer(PDDocument document) {
        super(document);
    }

    /** Forgets the problems of the previous page; call before rendering a page. */
    void startPage() {
        problems.clear();
    }

    /** What could not be drawn on the last rendered page, one message each. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
        return new PageDrawer(parameters) {
            @Override
            protected void operatorException(Operator operator, List<COSBase> operands, IOException e)
                    throws IOException {
                if (operator.getName().equals("Do") || operator.getName().equals("BI")) {
                    problems.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                super.operatorException(operator, operands, e);
            }
        };
    }
}
