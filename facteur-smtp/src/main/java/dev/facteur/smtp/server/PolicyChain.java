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
        for (PolicyStage stage : stages) {
            Verdict v = ask.apply(stage);
            switch (v) {
                case Verdict.Continue c -> headers.addAll(c.prependHeaders());
                case Verdict.Accept a -> {
                    headers.addAll(a.prependHeaders());
                    return new Verdict.Accept(headers);
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
        return new Verdict.Accept(headers);
    }
}
