package dev.facteur.toolkit.cli;

import dev.facteur.toolkit.analyze.AuthResult;
import dev.facteur.toolkit.analyze.Hop;
import dev.facteur.toolkit.analyze.MessageAnalysis;
import dev.facteur.toolkit.report.Printable;
import dev.facteur.toolkit.report.TextRenderer;

/** The text form of a {@link MessageAnalysis}: the path, the results then and now, the findings. */
public final class MessageText {

    private MessageText() {
    }

    public static String render(MessageAnalysis a, boolean colour) {
        StringBuilder b = new StringBuilder("PATH (first hop first)\n");
        for (Hop h : a.hops()) {
            b.append(String.format("  %2d  %-30s → %-30s %-15s %-8s %s%s%n", h.number(), Printable.of(h.from(), 30), Printable.of(h.by(), 30),
                    h.ip(), Printable.of(h.protocol(), 8), h.time(), h.delayKnown() ? "  (+" + h.delaySeconds() + " s)" : ""));
        }
        b.append("\nAUTHENTICATION\n");
        for (AuthResult r : a.recorded()) {
            b.append("  recorded by ").append(Printable.of(r.authservId(), 60)).append(": ").append(r.method()).append('=').append(r.result())
                    .append(' ').append(Printable.of(r.detail(), 120)).append('\n');
        }
        for (AuthResult r : a.now()) {
            b.append("  now: ").append(r.method()).append('=').append(r.result()).append(' ').append(Printable.of(r.detail(), 160)).append('\n');
        }
        b.append('\n').append(new TextRenderer(colour).render(a.report()));
        return b.toString();
    }
}
