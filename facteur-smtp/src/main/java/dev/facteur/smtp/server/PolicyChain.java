package dev.facteur.smtp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs the stages in order until one accepts, refuses or disconnects; collects added headers. */
public record PolicyChain(List<PolicyStage> stages) {
    public static final PolicyChain EMPTY = new PolicyChain(List.of());

    public PolicyChain {
        stages = List.copyOf(stages);
    }

    /** Returns Accept (with all headers) when every stage continues or one accepts; else the refusal. */
    public Verdict evaluate(Function<PolicyStage, Verdict> ask) {
        List<String> headers = new ArrayList<>();
        Verdict.Folder folder = Verdict.Folder.INBOX;
        for (PolicyStage stage : stages) {
            Verdict v = ask.apply(stage);
            switch (v) {
                case Verdict.Continue c -> {
                    headers.addAll(c.prependHeaders());
                    folder = junkWins(folder, c.folder());
                }
                case Verdict.Accept a -> {
                    headers.addAll(a.prependHeaders());
                    return new Verdict.Accept(headers, junkWins(folder, a.folder()));
                }
                case Verdict.Reject r -> {
                    return r;
                }
                case Verdict.TempFail t -> {
                    return t;
                }
                case Verdict.Disconnect d -> {
                    return d;
                }
            }
        }
        return new Verdict.Accept(headers, folder);
    }

    /** Any stage asking for Junk files the message there; a later refusal still wins. */
    private static Verdict.Folder junkWins(Verdict.Folder a, Verdict.Folder b) {
        return a == Verdict.Folder.JUNK || b == Verdict.Folder.JUNK ? Verdict.Folder.JUNK : Verdict.Folder.INBOX;
    }

    /** The message as the stages want it stored (each may remove what it must, e.g. forged fields). */
    public byte[] sanitise(SessionInfo session, byte[] message) {
        byte[] m = message;
        for (PolicyStage stage : stages) {
            m = stage.sanitise(session, m);
        }
        return m;
    }
}
