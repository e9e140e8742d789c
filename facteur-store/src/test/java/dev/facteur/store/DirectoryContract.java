package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Domains, accounts, aliases, quotas and recipient resolution, for every backend. */
public interface DirectoryContract extends StoreContract {

    private Directory dir() {
        return store().directory();
    }

    private static EmailAddress addr(String s) {
        return EmailAddress.parse(s);
    }

    @Test
    default void addedDomainsAreListedAndFound() {
        dir().addDomain(Domain.of("b.test"));
        dir().addDomain(Domain.of("A.test"));
        assertThat(dir().domains()).extracting(DomainRecord::domain)
                .containsExactly(Domain.of("a.test"), Domain.of("b.test"));
        assertThat(dir().findDomain(Domain.of("a.TEST"))).isPresent();
        assertThat(dir().findDomain(Domain.of("c.test"))).isEmpty();
    }

    @Test
    default void addingADomainTwiceIsAConflict() {
        dir().addDomain(Domain.of("a.test"));
        assertThatThrownBy(() -> dir().addDomain(Domain.of("a.test")))
                .isInstanceOf(ConflictException.class).hasMessage("domain a.test already exists");
    }

    @Test
    default void aDomainWithAccountsOrAliasesCannotBeRemoved() {
        account("alice@a.test");
        assertThatThrownBy(() -> dir().removeDomain(Domain.of("a.test")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("still has 1 account");
        dir().removeAccount(addr("alice@a.test"));
        dir().addAlias(AliasSource.parse("@a.test"), addr("x@elsewhere.test"));
        assertThatThrownBy(() -> dir().removeDomain(Domain.of("a.test")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("alias");
        dir().removeAlias(AliasSource.parse("@a.test"), Optional.empty());
        dir().removeDomain(Domain.of("a.test"));
        assertThat(dir().domains()).isEmpty();
    }

    @Test
    default void anAccountNeedsItsDomainAndLeavesNothingWhenRefused() {
        assertThatThrownBy(() -> dir().addAccount(addr("bob@nowhere.test"), "h"))
                .isInstanceOf(ConflictException.class).hasMessage("unknown domain nowhere.test");
        assertThat(dir().accounts(Optional.empty())).isEmpty();
    }

    @Test
    default void aNewAccountHasTheSpecialUseMailboxesSubscribed() {
        Account a = account("alice@a.test");
        List<Mailbox> boxes = store().mailboxes().list(a.id());
        assertThat(boxes).extracting(Mailbox::name)
                .containsExactlyInAnyOrder("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
        assertThat(boxes).allMatch(Mailbox::subscribed);
        assertThat(store().mailboxes().find(a.id(), "Sent").orElseThrow().specialUse()).contains(SpecialUse.SENT);
        assertThat(store().mailboxes().find(a.id(), "Junk").orElseThrow().specialUse()).contains(SpecialUse.JUNK);
        assertThat(inbox(a).specialUse()).isEmpty();
    }

    @Test
    default void aDuplicateAccountIsAConflictAndTheFirstIsUntouched() {
        Account a = account("alice@a.test");
        assertThatThrownBy(() -> dir().addAccount(addr("ALICE@a.test"), "other"))
                .isInstanceOf(ConflictException.class).hasMessage("account ALICE@a.test already exists");
        assertThat(store().mailboxes().list(a.id())).hasSize(6);
        assertThat(dir().findAccount(a.id()).orElseThrow().passwordHash()).isEqualTo("$argon2id$test");
    }

    @Test
    default void accountsAreFoundCaseInsensitivelyAndByDomain() {
        Account a = account("Alice@a.test");
        account("bob@b.test");
        assertThat(dir().findAccount(addr("alice@A.TEST"))).map(Account::id).contains(a.id());
        assertThat(dir().findAccount(a.id())).map(Account::address).contains(addr("Alice@a.test"));
        assertThat(dir().accounts(Optional.of(Domain.of("b.test")))).extracting(x -> x.address().toString())
                .containsExactly("bob@b.test");
        assertThat(dir().accounts(Optional.empty())).hasSize(2);
    }

    @Test
    default void passwordAndQuotaCanBeChanged() {
        Account a = account("alice@a.test");
        dir().setPassword(a.address(), "new-hash");
        dir().setQuota(a.address(), 1234);
        Account after = dir().findAccount(a.id()).orElseThrow();
        assertThat(after.passwordHash()).isEqualTo("new-hash");
        assertThat(after.quotaBytes()).isEqualTo(1234);
        assertThatThrownBy(() -> dir().setPassword(addr("nobody@a.test"), "x"))
                .isInstanceOf(ConflictException.class).hasMessage("unknown account nobody@a.test");
    }

    @Test
    default void aDisabledAccountIsKeptAndFlagged() {
        Account a = account("alice@a.test");
        dir().setDisabled(a.address(), true);
        assertThat(dir().findAccount(a.id()).orElseThrow().disabled()).isTrue();
        Resolution.Deliver d = (Resolution.Deliver) dir().resolve(a.address()).orElseThrow();
        assertThat(d.local().getFirst().account().disabled()).isTrue();
        dir().setDisabled(a.address(), false);
        assertThat(dir().findAccount(a.id()).orElseThrow().disabled()).isFalse();
    }

    @Test
    default void usageIsTheSumOfMessageSizes() {
        Account a = account("alice@a.test");
        append(inbox(a), "12345");
        append(store().mailboxes().find(a.id(), "Sent").orElseThrow(), "123");
        assertThat(dir().usage(a.id())).isEqualTo(8);
    }

    @Test
    default void removingAnAccountRemovesItsMailboxesAndAliasesToIt() {
        Account a = account("alice@a.test");
        account("bob@a.test");
        append(inbox(a), "hello");
        dir().addAlias(AliasSource.parse("team@a.test"), addr("alice@a.test"));
        dir().addAlias(AliasSource.parse("team@a.test"), addr("bob@a.test"));
        dir().addAlias(AliasSource.parse("solo@a.test"), addr("alice@a.test"));
        dir().removeAccount(a.address());
        assertThat(dir().findAccount(a.address())).isEmpty();
        assertThat(store().mailboxes().list(a.id())).isEmpty();
        assertThat(dir().aliases(Optional.empty())).containsExactly(
                new Alias(AliasSource.parse("team@a.test"), List.of(addr("bob@a.test"))));
    }

    @Test
    default void anAliasCollectsSeveralTargetsAndRefusesDuplicates() {
        domain("a.test");
        dir().addAlias(AliasSource.parse("list@a.test"), addr("x@far.test"));
        Alias alias = dir().addAlias(AliasSource.parse("list@a.test"), addr("y@far.test"));
        assertThat(alias.targets()).containsExactly(addr("x@far.test"), addr("y@far.test"));
        assertThatThrownBy(() -> dir().addAlias(AliasSource.parse("List@a.test"), addr("X@far.test")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already points to");
        dir().removeAlias(AliasSource.parse("list@a.test"), Optional.of(addr("x@far.test")));
        assertThat(dir().aliases(Optional.of(Domain.of("a.test"))))
                .containsExactly(new Alias(AliasSource.parse("list@a.test"), List.of(addr("y@far.test"))));
        assertThatThrownBy(() -> dir().removeAlias(AliasSource.parse("none@a.test"), Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("no alias none@a.test");
    }

    @Test
    default void anAliasNeedsALocalDomainAndCannotShadowAnAccount() {
        account("alice@a.test");
        assertThatThrownBy(() -> dir().addAlias(AliasSource.parse("x@other.test"), addr("alice@a.test")))
                .isInstanceOf(ConflictException.class).hasMessage("unknown domain other.test");
        assertThatThrownBy(() -> dir().addAlias(AliasSource.parse("alice@a.test"), addr("x@far.test")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("is an account");
    }

    @Test
    default void resolveFindsTheExactAccountFirst() {
        Account a = account("alice@a.test");
        dir().addAlias(AliasSource.parse("@a.test"), addr("catch@far.test"));
        assertThat(dir().resolve(addr("ALICE@a.test"))).contains(
                new Resolution.Deliver(List.of(new Resolution.LocalTarget(a, Optional.empty())), List.of()));
    }

    @Test
    default void resolveExpandsAnAliasToAccountsAndExternalAddresses() {
        Account a = account("alice@a.test");
        Account b = account("bob@a.test");
        dir().addAlias(AliasSource.parse("team@a.test"), addr("alice@a.test"));
        dir().addAlias(AliasSource.parse("team@a.test"), addr("bob@a.test"));
        dir().addAlias(AliasSource.parse("team@a.test"), addr("carol@far.test"));
        Resolution.Deliver d = (Resolution.Deliver) dir().resolve(addr("team@a.test")).orElseThrow();
        assertThat(d.local()).extracting(t -> t.account().id()).containsExactly(a.id(), b.id());
        assertThat(d.external()).containsExactly(addr("carol@far.test"));
    }

    @Test
    default void resolveFollowsAliasChainsAndStopsAtCycles() {
        Account a = account("alice@a.test");
        dir().addAlias(AliasSource.parse("one@a.test"), addr("two@a.test"));
        dir().addAlias(AliasSource.parse("two@a.test"), addr("one@a.test"));
        dir().addAlias(AliasSource.parse("two@a.test"), addr("alice@a.test"));
        Resolution.Deliver d = (Resolution.Deliver) dir().resolve(addr("one@a.test")).orElseThrow();
        assertThat(d.local()).extracting(t -> t.account().id()).containsExactly(a.id());
    }

    @Test
    default void resolveStripsASubAddressTagAndKeepsIt() {
        Account a = account("alice@a.test");
        // RFC 5233: user+detail@domain delivers to user with the detail kept.
        assertThat(dir().resolve(addr("alice+lists@a.test"))).contains(new Resolution.Deliver(
                List.of(new Resolution.LocalTarget(a, Optional.of("lists"))), List.of()));
        assertThat(dir().resolve(addr("alice+@a.test"))).contains(new Resolution.Deliver(
                List.of(new Resolution.LocalTarget(a, Optional.empty())), List.of()));
    }

    @Test
    default void anExactAddressWithAPlusWinsOverSubAddressing() {
        account("alice@a.test");
        Account special = account("alice+vip@a.test");
        Resolution.Deliver d = (Resolution.Deliver) dir().resolve(addr("alice+vip@a.test")).orElseThrow();
        assertThat(d.local()).extracting(t -> t.account().id()).containsExactly(special.id());
    }

    @Test
    default void resolveFallsBackToTheCatchAll() {
        Account a = account("alice@a.test");
        dir().addAlias(AliasSource.parse("@a.test"), addr("alice@a.test"));
        Resolution.Deliver d = (Resolution.Deliver) dir().resolve(addr("anyone@a.test")).orElseThrow();
        assertThat(d.local()).extracting(t -> t.account().id()).containsExactly(a.id());
    }

    @Test
    default void resolveSaysUnknownForALocalDomainAndNothingForOthers() {
        account("alice@a.test");
        assertThat(dir().resolve(addr("bob@a.test"))).contains(new Resolution.Unknown());
        assertThat(dir().resolve(addr("bob+tag@a.test"))).contains(new Resolution.Unknown());
        assertThat(dir().resolve(addr("alice@elsewhere.test"))).isEmpty();
    }
}
