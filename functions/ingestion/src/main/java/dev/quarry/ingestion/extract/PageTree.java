package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Walks a PDF's page tree without recursion before PDFBox, which recurses through it, does: a tree nested
 * thousands of levels deep (a few hundred kilobytes of file) would otherwise overflow the stack.
 */
final class PageTree {

    private PageTree() {}

    /**
     * @throws QuarryException.Permanent {@code TOO_LARGE} when the tree is deeper than {@code maxDepth}, has
     *     more leaves than {@code maxPages} or far more inner nodes than pages; {@code CORRUPT} without a tree
     */
    static void check(PDDocument document, int maxPages, int maxDepth) {
        COSBase root = document.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.PAGES);
        if (!(root instanceof COSDictionary pages)) {
            throw new QuarryException.Permanent(Reason.CORRUPT, "the PDF has no page tree");
        }
        long maxNodes = 4L * maxPages + 1_000;
        Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(new Node(pages, 1));
        long nodes = 0;
        long leaves = 0;
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (!seen.add(node.dictionary())) {
                continue; // a loop; PDFBox skips repeated nodes as well
            }
            if (++nodes > maxNodes) {
                throw new QuarryException.Permanent(
                        Reason.TOO_LARGE, "the PDF's page tree has more than " + maxNodes + " nodes");
            }
            COSBase kids = node.dictionary().getDictionaryObject(COSName.KIDS);
            if (!(kids instanceof COSArray array)) {
                if (++leaves > maxPages) {
                    throw new QuarryException.Permanent(
                            Reason.TOO_LARGE,
                            "the PDF has more than " + maxPages + " pages, more than quarry.extraction.max-pages ("
                                    + maxPages + ")");
                }
                continue;
            }
            if (node.depth() >= maxDepth) {
                throw new QuarryException.Permanent(
                        Reason.TOO_LARGE,
                        "the PDF's page tree is nested more than " + maxDepth
                                + " levels deep (real documents use a few); it cannot be read safely");
            }
            for (int i = array.size() - 1; i >= 0; i--) {
                if (array.getObject(i) instanceof COSDictionary kid) {
                    todo.push(new Node(kid, node.depth() + 1));
                }
            }
        }
    }

    private record Node(COSDictionary dictionary, int depth) {}
}
