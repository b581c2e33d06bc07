package dev.quarry.e2e.report;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists, at the end of {@code ./mvnw verify}, every test this run skipped and why, read from the surefire reports
 * of all modules (only reports written by this Maven run: it runs inside Maven's JVM, whose start time bounds
 * them). Skipped tests are never silent: a suite that needs Docker or an installed program says so here.
 */
public final class SkippedTests {

    private SkippedTests() {}

    public static void main(String... args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        long since = ManagementFactory.getRuntimeMXBean().getStartTime();
        List<String> skipped = new ArrayList<>();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder parser = factory.newDocumentBuilder();
        for (Path report : reports(root, since)) {
            Document xml = parser.parse(report.toFile());
            NodeList cases = xml.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                NodeList marks = testCase.getElementsByTagName("skipped");
                if (marks.getLength() == 0) {
                    continue;
                }
                String reason = reason((Element) marks.item(0));
                String name = testCase.getAttribute("classname").replaceAll(".*\\.", "") + "."
                        + testCase.getAttribute("name").replaceAll("\\(.*", "");
                skipped.add(name + ": "
                        + (reason.isBlank()
                                ? "(no reason given)"
                                : reason.lines().findFirst().orElse("")));
            }
        }
        System.out.println();
        if (skipped.isEmpty()) {
            System.out.println("Skipped tests: none");
            return;
        }
        System.out.println("Skipped tests (" + skipped.size() + "), with their reasons:");
        skipped.stream().sorted().forEach(s -> System.out.println("  " + s));
    }

    /**
     * The skip's reason: the {@code message} attribute, else (an aborted assumption, as some reporters write it)
     * the first line of the element's text without its exception class and "Assumption failed: " prefix.
     */
    static String reason(Element skipped) {
        String message = skipped.getAttribute("message");
        if (!message.isBlank()) {
            return message;
        }
        String text = skipped.getTextContent().lines().findFirst().orElse("").strip();
        return text.replaceFirst("^[\\w.$]+(Exception|Error):\\s*", "").replaceFirst("^Assumption failed:\\s*", "");
    }

    private static List<Path> reports(Path root, long since) throws IOException {
        try (Stream<Path> files = Files.walk(root, 6)) {
            return files.filter(p -> p.getFileName().toString().startsWith("TEST-")
                            && p.getFileName().toString().endsWith(".xml")
                            && p.getParent() != null
                            && p.getParent().getFileName().toString().equals("surefire-reports")
                            && modifiedSince(p, since))
                    .sorted()
                    .toList();
        }
    }

    private static boolean modifiedSince(Path file, long millis) {
        try {
            return Files.getLastModifiedTime(file).toMillis() >= millis;
        } catch (IOException e) {
            return false;
        }
    }
}
