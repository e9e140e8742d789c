package dev.facteur.imap.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImapCommandParserTest {

    private static Command parse(String s) throws SyntaxException {
        return ImapCommandParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void loginTakesAtomsQuotedStringsAndLiterals() throws Exception {
        assertThat(parse("a LOGIN alice \"p a\\\"ss\"")).isEqualTo(new Command.Login("a", "alice", "p a\"ss"));
        assertThat(parse("a LOGIN {5}\r\nalice {3+}\r\npwd")).isEqualTo(new Command.Login("a", "alice", "pwd"));
    }

    @Test
    void tildeInsideAnAtomIsAnAtomCharNotALiteral8() throws Exception {
        assertThat(parse("a SELECT ~foo")).isEqualTo(new Command.Select("a", "~foo", false, false, Optional.empty()));
        assertThat(parse("a LOGIN ~alice p~w")).isEqualTo(new Command.Login("a", "~alice", "p~w"));
        assertThat(parse("a LOGIN ~{5}\r\nalice pwd")).isEqualTo(new Command.Login("a", "alice", "pwd"));
    }

    @Test
    void uidFetchWithSectionsPartialsAndModifiers() throws Exception {
        Command.Fetch f = (Command.Fetch) parse(
                "x UID FETCH 1:*,7 (FLAGS BODY.PEEK[HEADER.FIELDS (Subject From)] BODY[1.2.MIME]<0.100> BINARY.SIZE[1]) (CHANGEDSINCE 12 VANISHED)");
        assertThat(f.uid()).isTrue();
        assertThat(f.set().ranges()).containsExactly(new SequenceSet.Range(1, SequenceSet.STAR), new SequenceSet.Range(7, 7));
        assertThat(f.items()).containsExactly(new FetchItem.Flags(),
                new FetchItem.BodySection(new Section(List.of(), Section.Text.HEADER_FIELDS, List.of("SUBJECT", "FROM")), true, Optional.empty()),
                new FetchItem.BodySection(new Section(List.of(1, 2), Section.Text.MIME, List.of()), false, Optional.of(new FetchItem.Partial(0, 100))),
                new FetchItem.BinarySize(List.of(1)));
        assertThat(f.changedSince()).isEqualTo(OptionalLong.of(12));
        assertThat(f.vanished()).isTrue();
    }

    @Test
    void fetchMacrosExpand() throws Exception {
        Command.Fetch f = (Command.Fetch) parse("x FETCH 1 FULL");
        assertThat(f.items()).hasSize(5).contains(new FetchItem.BodyStructure(false));
        assertThatThrownBy(() -> parse("x FETCH 1 (FLAGS ALL)")).isInstanceOf(SyntaxException.class);
    }

    @Test
    void searchKeysNestWithOrNotAndParentheses() throws Exception {
        Command.Search s = (Command.Search) parse("s SEARCH RETURN (MIN COUNT) CHARSET UTF-8 OR (FROM \"bob\" SEEN) NOT 2:4 SINCE 1-Feb-2024");
        assertThat(s.returns()).contains(Set.of("MIN", "COUNT"));
        assertThat(s.charset()).contains("UTF-8");
        assertThat(s.key()).isEqualTo(new SearchKey.And(List.of(
                new SearchKey.Or(new SearchKey.And(List.of(new SearchKey.Header("FROM", "bob"), new SearchKey.Flag("\\Seen", true))),
                        new SearchKey.Not(new SearchKey.Sequence(SequenceSet.of(2, 4), false))),
                new SearchKey.Date(SearchKey.DateField.INTERNAL, SearchKey.DateOp.SINCE, java.time.LocalDate.of(2024, 2, 1)))));
    }

    @Test
    void storeWithUnchangedSinceAndSilent() throws Exception {
        assertThat(parse("s STORE $ (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Deleted $Junk)")).isEqualTo(new Command.Store("s", false,
                SequenceSet.saved(), Command.StoreMode.ADD, true, List.of("\\Deleted", "$Junk"), OptionalLong.of(5)));
    }

    @Test
    void multiAppendWithFlagsDatesAndBinaryLiterals() throws Exception {
        Command.Append a = (Command.Append) parse("a APPEND Sent (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {2}\r\nhi ~{3}\r\nb\0c");
        assertThat(a.messages()).hasSize(2);
        assertThat(a.messages().get(0).flags()).containsExactly("\\Seen");
        assertThat(a.messages().get(0).internalDate()).isPresent();
        assertThat(a.messages().get(1).binary()).isTrue();
        assertThat(a.messages().get(1).content()).containsExactly('b', 0, 'c');
    }

    @Test
    void listExtendedWithSelectionPatternsAndReturnStatus() throws Exception {
        Command.ListMailboxes l = (Command.ListMailboxes) parse(
                "l LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (INBOX \"Sent/%\") RETURN (CHILDREN STATUS (MESSAGES UIDNEXT))");
        assertThat(l.selection()).containsExactlyInAnyOrder("SUBSCRIBED", "RECURSIVEMATCH");
        assertThat(l.patterns()).containsExactly("INBOX", "Sent/%");
        assertThat(l.returns()).contains("CHILDREN", "STATUS");
        assertThat(l.statusItems()).containsExactly("MESSAGES", "UIDNEXT");
    }

    @Test
    void listExtendedRefusesRecursiveMatchAloneOrWithRemoteAndUnknownReturnOptions() {
        for (String bad : List.of("l LIST (RECURSIVEMATCH) \"\" \"\"", "l LIST (RECURSIVEMATCH REMOTE) \"\" \"\"",
                "l LIST (IMAPTEST) \"\" \"\"", "l LIST \"\" \"\" RETURN (IMAPTEST)")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(SyntaxException.class);
        }
    }

    @Test
    void selectWithQresyncParameters() throws Exception {
        Command.Select s = (Command.Select) parse("s SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))");
        assertThat(s.qresync()).isPresent();
        assertThat(s.qresync().get().modSeq()).isEqualTo(20050715194045000L);
        assertThat(s.qresync().get().knownUids().get().ranges()).hasSize(3);
    }

    @Test
    void syntaxErrorsCarryTheTagAndPosition() {
        assertThatThrownBy(() -> parse("t1 FETCH 1 (FLAGS"))
                .isInstanceOfSatisfying(SyntaxException.class, e -> {
                    assertThat(e.tag()).isEqualTo("t1");
                    assertThat(e.position()).isEqualTo(17);
                });
        assertThatThrownBy(() -> parse("+bad NOOP")).isInstanceOfSatisfying(SyntaxException.class, e -> assertThat(e.tag()).isNull());
    }

    @Test
    void badSequenceSetsAreRefused() {
        for (String bad : List.of("x FETCH 0 FLAGS", "x FETCH 1: FLAGS", "x FETCH ,1 FLAGS", "x FETCH 99999999999 FLAGS",
                "x FETCH 1:2:3 FLAGS", "x FETCH a FLAGS")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(SyntaxException.class);
        }
    }

    @Test
    void deepParenthesesAreRefused() {
        String deep = "x SEARCH " + "(".repeat(100) + "ALL" + ")".repeat(100);
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(SyntaxException.class).hasMessageContaining("nested");
    }

    @Test
    void literalShorterThanAnnouncedIsRefused() {
        assertThatThrownBy(() -> parse("a LOGIN {10}\r\nab")).isInstanceOf(SyntaxException.class);
    }

    @Test
    void unknownCommandIsASyntaxError() {
        assertThatThrownBy(() -> parse("a FROBNICATE")).isInstanceOfSatisfying(SyntaxException.class,
                e -> assertThat(e.tag()).isEqualTo("a"));
    }

    @Test
    void authenticateWithInitialResponse() throws Exception {
        assertThat(parse("a AUTHENTICATE plain AGFsaWNlAHNlY3JldA==")).isEqualTo(
                new Command.Authenticate("a", "PLAIN", Optional.of("AGFsaWNlAHNlY3JldA==")));
        assertThat(parse("a AUTHENTICATE PLAIN =")).isEqualTo(new Command.Authenticate("a", "PLAIN", Optional.of("=")));
    }

    @Test
    void sortAndThread() throws Exception {
        Command.Sort s = (Command.Sort) parse("s UID SORT (REVERSE DATE SUBJECT) UTF-8 ALL");
        assertThat(s.criteria()).containsExactly(new Command.SortCriterion("DATE", true), new Command.SortCriterion("SUBJECT", false));
        Command.Thread t = (Command.Thread) parse("t THREAD REFERENCES UTF-8 SINCE 5-MAR-2000");
        assertThat(t.algorithm()).isEqualTo("REFERENCES");
    }

    @Test
    void errorMessagesNeverContainLineBreaks() {
        for (String bad : List.of("a APPEND INBOX {3+} {3+}\r\nabc", "a LOGIN {3}x", "a LOGIN {3}\rabc", "a FETCH 1 BODY[HEADER.FIELDS (\r\n)]")) {
            assertThatThrownBy(() -> parse(bad)).isInstanceOfSatisfying(SyntaxException.class,
                    e -> assertThat(e.getMessage()).doesNotContain("\r", "\n"));
        }
    }

    @Test
    void appendAcceptsTheUtf8DataExtension() throws Exception {
        Command.Append a = (Command.Append) parse("a APPEND INBOX UTF8 (~{4}\r\nSé\n)");
        assertThat(a.messages().getFirst().content()).hasSize(4);
    }
}
