package dev.facteur.core.config;

/** One thing wrong with a configuration file: where, which key, and why. */
public record ConfigProblem(String file, int line, String key, String reason) {
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (!key.isEmpty()) {
            b.append(key).append(": ");
        }
        return b.append(reason).toString();
    }
}
