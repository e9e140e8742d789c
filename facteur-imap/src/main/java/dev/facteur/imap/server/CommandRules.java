package dev.facteur.imap.server;

import dev.facteur.imap.proto.Command;

/** Which commands each state accepts (RFC 9051 §6), declared once for the whole server. */
final class CommandRules {

    enum Needs { ANY, NOT_AUTHENTICATED, AUTHENTICATED, SELECTED }

    private CommandRules() {}

    static Needs needs(Command c) {
        return switch (c) {
            case Command.Capability x -> Needs.ANY;
            case Command.Noop x -> Needs.ANY;
            case Command.Logout x -> Needs.ANY;
            case Command.Id x -> Needs.ANY;
            case Command.StartTls x -> Needs.NOT_AUTHENTICATED;
            case Command.Login x -> Needs.NOT_AUTHENTICATED;
            case Command.Authenticate x -> Needs.NOT_AUTHENTICATED;
            case Command.Enable x -> Needs.AUTHENTICATED;
            case Command.Select x -> Needs.AUTHENTICATED;
            case Command.Create x -> Needs.AUTHENTICATED;
            case Command.Delete x -> Needs.AUTHENTICATED;
            case Command.Rename x -> Needs.AUTHENTICATED;
            case Command.Subscribe x -> Needs.AUTHENTICATED;
            case Command.ListMailboxes x -> Needs.AUTHENTICATED;
            case Command.Namespace x -> Needs.AUTHENTICATED;
            case Command.Status x -> Needs.AUTHENTICATED;
            case Command.Append x -> Needs.AUTHENTICATED;
            case Command.Idle x -> Needs.AUTHENTICATED;
            case Command.GetQuota x -> Needs.AUTHENTICATED;
            case Command.GetQuotaRoot x -> Needs.AUTHENTICATED;
            case Command.SetQuota x -> Needs.AUTHENTICATED;
            case Command.Compress x -> Needs.AUTHENTICATED;
            case Command.Close x -> Needs.SELECTED;
            case Command.Unselect x -> Needs.SELECTED;
            case Command.Expunge x -> Needs.SELECTED;
            case Command.Search x -> Needs.SELECTED;
            case Command.Fetch x -> Needs.SELECTED;
            case Command.Store x -> Needs.SELECTED;
            case Command.Copy x -> Needs.SELECTED;
            case Command.Sort x -> Needs.SELECTED;
            case Command.Thread x -> Needs.SELECTED;
        };
    }

    /** True if the command may run in the state; AUTHENTICATED commands also run when selected. */
    static boolean allowed(Command c, SessionState state) {
        return switch (needs(c)) {
            case ANY -> true;
            case NOT_AUTHENTICATED -> state instanceof SessionState.NotAuthenticated;
            case AUTHENTICATED -> state instanceof SessionState.Authenticated || state instanceof SessionState.Selected;
            case SELECTED -> state instanceof SessionState.Selected;
        };
    }

    /**
     * RFC 9051 §7.5.1: no EXPUNGE while answering FETCH, STORE or SEARCH (or their UID forms
     * here, to keep sequence numbers stable for pipelined commands), nor SORT and THREAD.
     */
    static boolean mayReportExpunges(Command c) {
        return !(c instanceof Command.Fetch || c instanceof Command.Store || c instanceof Command.Search
                || c instanceof Command.Sort || c instanceof Command.Thread);
    }
}
