package io.cipherocto.market.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random deposit / transfer / withdraw sequences against the real ledger: after every step the entries of
 * every transaction sum to zero, no participant balance is negative, balances equal the sum of their
 * entries, and the ledger agrees with a simple model (refusing exactly the overdrafts the model refuses).
 */
class LedgerPropertiesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PARTICIPANTS = 3;

    sealed interface Op permits Deposit, Transfer, Withdraw {
    }

    record Deposit(int who, BigInteger amount) implements Op {
    }

    record Transfer(int from, int to, BigInteger amount) implements Op {
    }

    /** A withdrawal request, optionally followed by its payout. */
    record Withdraw(int who, BigInteger amount, boolean paid) implements Op {
    }

    private final Pool pool = LedgerDatabase.pool();
    private final LedgerService ledger = new LedgerService(pool, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            new io.cipherocto.market.partner.PartnerAttribution());

    @Property(tries = 40)
    void invariantsHoldAfterEveryStep(@ForAll("operations") List<Op> operations) {
        List<UUID> people = new ArrayList<>();
        Map<UUID, Map<AccountKind, BigInteger>> model = new HashMap<>();
        for (int i = 0; i < PARTICIPANTS; i++) {
            UUID id = LedgerDatabase.newParticipant();
            people.add(id);
            model.put(id, new HashMap<>(Map.of(AccountKind.AVAILABLE, BigInteger.ZERO, AccountKind.ESCROW,
                    BigInteger.ZERO, AccountKind.BONDED, BigInteger.ZERO)));
        }
        for (Op op : operations) {
            apply(op, people, model);
            assertDatabaseInvariants();
            for (UUID id : people) {
                assertThat(ledger.balancesOf(id).await().atMost(WAIT)).isEqualTo(model.get(id));
            }
        }
    }

    private void apply(Op op, List<UUID> people, Map<UUID, Map<AccountKind, BigInteger>> model) {
        String ref = "prop-" + UUID.randomUUID();
        switch (op) {
            case Deposit d -> {
                post(Posting.deposit(people.get(d.who()), d.amount(), ref), true);
                add(model, people.get(d.who()), AccountKind.AVAILABLE, d.amount());
            }
            case Transfer t -> {
                UUID from = people.get(t.from());
                UUID to = people.get(t.to());
                boolean ok = model.get(from).get(AccountKind.AVAILABLE).compareTo(t.amount()) >= 0;
                post(Posting.transfer(from, to, t.amount(), ref), ok);
                if (ok) {
                    add(model, from, AccountKind.AVAILABLE, t.amount().negate());
                    add(model, to, AccountKind.AVAILABLE, t.amount());
                }
            }
            case Withdraw w -> {
                UUID who = people.get(w.who());
                boolean ok = model.get(who).get(AccountKind.AVAILABLE).compareTo(w.amount()) >= 0;
                post(Posting.withdrawalRequested(who, w.amount(), ref), ok);
                if (ok) {
                    add(model, who, AccountKind.AVAILABLE, w.amount().negate());
                    add(model, who, AccountKind.ESCROW, w.amount());
                    if (w.paid()) {
                        post(Posting.withdrawalPaid(who, w.amount(), ref + "-paid"), true);
                        add(model, who, AccountKind.ESCROW, w.amount().negate());
                    }
                }
            }
        }
    }

    private void post(Posting posting, boolean expectAccepted) {
        try {
            LedgerDatabase.post(ledger, posting).await().atMost(WAIT);
            if (!expectAccepted) {
                fail("accepted an overdraft: " + posting);
            }
        } catch (OctoException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
            if (expectAccepted) {
                fail("refused a covered posting: " + posting);
            }
        }
    }

    private void assertDatabaseInvariants() {
        long unbalanced = count("""
                SELECT count(*) FROM (SELECT transaction_id FROM ledger_entry
                GROUP BY transaction_id HAVING sum(amount) <> 0) t""");
        long negative = count("SELECT count(*) FROM ledger_account WHERE balance < 0 AND NOT may_go_negative");
        long drifted = count("""
                SELECT count(*) FROM ledger_account a
                 WHERE a.balance <> (SELECT coalesce(sum(e.amount), 0) FROM ledger_entry e WHERE e.account_id = a.id)""");
        long total = count("SELECT CASE WHEN sum(balance) = 0 THEN 0 ELSE 1 END FROM ledger_account");
        assertThat(unbalanced).as("unbalanced transactions").isZero();
        assertThat(negative).as("negative participant balances").isZero();
        assertThat(drifted).as("balances differing from their entries").isZero();
        assertThat(total).as("all accounts together sum to zero").isZero();
    }

    private long count(String sql) {
        var rows = pool.query(sql).execute().await().atMost(WAIT);
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    private static void add(Map<UUID, Map<AccountKind, BigInteger>> model, UUID who, AccountKind kind, BigInteger by) {
        model.get(who).merge(kind, by, BigInteger::add);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> who = Arbitraries.integers().between(0, PARTICIPANTS - 1);
        // small amounts make overdrafts frequent; huge ones exercise NUMERIC(78,0) beyond long
        Arbitrary<BigInteger> amount = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(100)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(18), BigInteger.TEN.pow(30)));
        Arbitrary<Op> deposit = Combinators.combine(who, amount).as((a, b) -> (Op) new Deposit(a, b));
        Arbitrary<Op> transfer = Combinators.combine(who, who, amount).as((a, b, c) -> (Op) new Transfer(a, b, c))
                .filter(op -> ((Transfer) op).from() != ((Transfer) op).to());
        Arbitrary<Op> withdraw = Combinators.combine(who, amount, Arbitraries.of(true, false)).as((a, b, c) -> (Op) new Withdraw(a, b, c));
        return Arbitraries.oneOf(deposit, transfer, withdraw).list().ofMinSize(1).ofMaxSize(25);
    }
}
