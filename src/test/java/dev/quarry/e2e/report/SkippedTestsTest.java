package dev.quarry.e2e.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SkippedTestsTest {

    @Test
    void should_read_the_reason_from_the_message_attribute_when_there_is_one() throws Exception {
        assertThat(SkippedTests.reason(skipped("<skipped message=\"needs Docker\"/>")))
                .isEqualTo("needs Docker");
    }

    @Test
    void should_read_the_reason_from_the_text_when_an_aborted_assumption_has_no_message_attribute() throws Exception {
        Element skipped = skipped("<skipped type=\"org.opentest4j.TestAbortedException\"><![CDATA["
                + "org.opentest4j.TestAbortedException: Assumption failed: FT.* not available on this redis-server\n"
                + "\tat org.junit.jupiter.api.Assumptions.throwAssumptionFailed(Assumptions.java:340)\n]]></skipped>");

        assertThat(SkippedTests.reason(skipped)).isEqualTo("FT.* not available on this redis-server");
    }

    @Test
    void should_give_an_empty_reason_when_neither_attribute_nor_text_says_anything() throws Exception {
        assertThat(SkippedTests.reason(skipped("<skipped/>"))).isEmpty();
    }

    private static Element skipped(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }
}
