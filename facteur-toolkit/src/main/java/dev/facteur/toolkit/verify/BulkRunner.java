package dev.facteur.toolkit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facteur.toolkit.report.JsonRenderer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code facteur verify file}: verifies a list of addresses in batches, appending each result to
 * {@code PREFIX.jsonl} as soon as it is known (the resume state: a second run skips the rows it
 * holds), then writes {@code PREFIX.csv} and {@code PREFIX.json} with one row per input address,
 * in input order, and returns the summary.
 */
public final class BulkRunner {

    /** Addresses handed to the verifier at once; bounds memory on huge files. */
    static final int BATCH = 5_000;
    private static final ObjectMapper JSON = JsonRenderer.mapper();

    /** Where a run stands: rows done (including those resumed from an earlier run) of the total. */
    public record Progress(int done, int total, int resumed) {
    }

    /** Counts per verdict and the coverage (decided / total). */
    public record Summary(int total, Map<Verdict, Integer> counts, int resumed) {
        public Summary {
            counts = Map.copyOf(counts);
        }

        public int decided() {
            return total - counts.getOrDefault(Verdict.UNKNOWN, 0);
        }

        public double coverage() {
            return total == 0 ? 1.0 : (double) decided() / total;
        }

        /** The table printed at the end of a run. */
        public String table() {
            StringBuilder b = new StringBuilder(String.format("%-15s %8s%n", "verdict", "count"));
            for (Verdict v : Verdict.values()) {
                b.append(String.format("%-15s %8d%n", v.name().toLowerCase(Locale.ROOT), counts.getOrDefault(v, 0)));
            }
            b.append(String.format("%-15s %8d%n", "total", total));
            b.append(String.format("coverage: %d/%d decided = %.1f%%%n", decided(), total, 100.0 * coverage()));
            return b.toString();
        }
    }

    private final AddressVerifier verifier;

    public BulkRunner(AddressVerifier verifier) {
        this.verifier = verifier;
    }

    public Summary run(List<String> inputs, Path prefix, Consumer<Progress> progress) throws IOException {
        Path state = sibling(prefix, ".jsonl");
        Map<Integer, JsonNode> done = resume(state, inputs);
        int resumed = done.size();
        AtomicInteger count = new AtomicInteger(resumed);
        progress.accept(new Progress(resumed, inputs.size(), resumed));
        try (Writer w = Files.newBufferedWriter(state, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                if (!done.containsKey(i)) {
                    pending.add(i);
                }
            }
            for (int start = 0; start < pending.size(); start += BATCH) {
                List<Integer> rows = pending.subList(start, Math.min(pending.size(), start + BATCH));
                List<String> batch = rows.stream().map(inputs::get).toList();
                verifier.verifyAll(batch, (k, r) -> {
                    ObjectNode line = JSON.createObjectNode().put("row", rows.get(k)).put("input", inputs.get(rows.get(k)));
                    line.set("result", JSON.valueToTree(r));
                    synchronized (w) {
                        try {
                            w.write(JSON.writeValueAsString(line));
                            w.write('\n');
                            w.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        done.put(rows.get(k), line);
                    }
                    progress.accept(new Progress(count.incrementAndGet(), inputs.size(), resumed));
                });
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return write(prefix, inputs.size(), done, resumed);
    }

    /** Reads the state file; drops a torn last line and refuses a state that belongs to other input. */
    private static Map<Integer, JsonNode> resume(Path state, List<String> inputs) throws IOException {
        Map<Integer, JsonNode> done = new TreeMap<>();
        if (!Files.exists(state)) {
            return done;
        }
        List<String> good = new ArrayList<>();
        for (String line : Files.readAllLines(state, StandardCharsets.UTF_8)) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                continue;
            }
            if (n == null || !n.has("row") || !n.has("result")) {
                continue;
            }
            int row = n.get("row").asInt(-1);
            if (row < 0 || row >= inputs.size() || !inputs.get(row).equals(n.path("input").asText())) {
                throw new IOException("the results in " + state + " belong to another input file; remove it to start afresh");
            }
            done.put(row, n);
            good.add(line);
        }
        Path tmp = sibling(state, ".tmp");
        Files.write(tmp, good, StandardCharsets.UTF_8);
        Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return done;
    }

    private static Summary write(Path prefix, int total, Map<Integer, JsonNode> done, int resumed) throws IOException {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        ArrayNode all = JSON.createArrayNode();
        try (BufferedWriter csv = Files.newBufferedWriter(sibling(prefix, ".csv"), StandardCharsets.UTF_8)) {
            csv.write("input,address,verdict,reason,disposable,role,free_provider,catch_all,evidence\r\n");
            for (int i = 0; i < total; i++) {
                JsonNode line = done.get(i);
                JsonNode r = line.get("result");
                Verdict v = Verdict.valueOf(r.path("verdict").asText().toUpperCase(Locale.ROOT));
                counts.merge(v, 1, Integer::sum);
                all.add(line);
                List<String> evidence = new ArrayList<>();
                r.path("evidence").forEach(e -> evidence.add(describe(e)));
                csv.write(String.join(",", cell(line.path("input").asText()), cell(r.path("address").asText()),
                        r.path("verdict").asText(), r.path("reason").asText(), r.path("disposable").asText(), r.path("role").asText(),
                        r.path("freeProvider").asText(), r.path("catchAll").asText(), cell(String.join(" | ", evidence))));
                csv.write("\r\n");
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(sibling(prefix, ".json").toFile(), all);
        return new Summary(total, counts, resumed);
    }

    private static String describe(JsonNode e) {
        return switch (e.path("kind").asText()) {
            case "dns" -> "DNS " + e.path("name").asText() + " " + e.path("type").asText() + " → " + e.path("answer").asText();
            case "smtp" -> "SMTP " + e.path("host").asText() + " " + (e.path("command").asText().isEmpty() ? "(banner)" : e.path("command").asText())
                    + " → " + e.path("code").asText() + " " + e.path("enhancedStatus").asText() + " " + e.path("text").asText();
            default -> e.path("text").asText();
        };
    }

    /** RFC 4180 §2: quote a field with a comma, quote or line break, doubling quotes; a leading = + - @ is neutralised for spreadsheets. */
    static String cell(String s) {
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static Path sibling(Path prefix, String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }
}
