package dev.quarry.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one benchmark run: settings, machine, a table of rows for people and the same numbers as
 * JSON for tools.
 */
public final class BenchReport {

    private final String name;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public BenchReport(String name, List<String> header) {
        this.name = name;
        this.header = List.copyOf(header);
    }

    public BenchReport setting(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    public BenchReport row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        }
        rows.add(List.of(cells));
        return this;
    }

    /** A named result in the JSON (tables are for people; JSON has everything). */
    public BenchReport result(String key, Object value) {
        results.put(key, value);
        return this;
    }

    public BenchReport note(String note) {
        notes.add(note);
        return this;
    }

    public Map<String, Object> results() {
        return results;
    }

    public List<List<Object>> rows() {
        return rows;
    }

    /** Prints settings, the table and notes. */
    public void print(PrintStream out) {
        out.printf("quarry bench %s (load average %s)%n", name, Machine.loadAverage());
        settings.forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (List<Object> row : rows) {
                widths[c] = Math.max(widths[c], format(row.get(c)).length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < header.size(); c++) {
            line.append(String.format("%-" + (widths[c] + 2) + "s", header.get(c)));
        }
        out.println(line.toString().stripTrailing());
        for (List<Object> row : rows) {
            line.setLength(0);
            for (int c = 0; c < header.size(); c++) {
                String cell = format(row.get(c));
                line.append(
                        c == 0
                                ? String.format("%-" + (widths[c] + 2) + "s", cell)
                                : String.format("%" + widths[c] + "s  ", cell));
            }
            out.println(line.toString().stripTrailing());
        }
        notes.forEach(n -> out.println("  note: " + n));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("benchmark", name);
        map.put("machine", Machine.describe());
        map.put("settings", settings);
        List<Map<String, Object>> table = new ArrayList<>();
        for (List<Object> row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                r.put(header.get(c), row.get(c));
            }
            table.add(r);
        }
        map.put("table", table);
        map.put("results", results);
        map.put("notes", notes);
        return map;
    }

    public void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap());
    }

    private static String format(Object cell) {
        if (cell instanceof Double d) {
            return Math.abs(d) >= 100 ? String.format("%.0f", d) : String.format("%.2f", d);
        }
        return String.valueOf(cell);
    }
}
