package io.cipherocto.market.quota;

import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.quarkus.arc.Arc;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Quota test helpers. Buyers are credited with a test-only posting: {@link Posting#deposit} through
 * {@link LedgerService#post}, the very posting a mirrored vault deposit makes, without the chain round trip (seconds
 * per deposit, too slow for hundreds of buyers). One test of the lifecycle funds its buyer through the real chain.
 */
final class Quotas {

    static final String PURCHASE_FIELDS = "id listingId tokens price feeBps usedTokens released fee refunded status "
            + "closeReason idempotencyKey";
    static final String PURCHASE = """
            mutation($l: ID!, $n: String!, $k: String!) { purchaseQuota(listingId: $l, tokens: $n, idempotencyKey: $k) {
              %s } }""".formatted(PURCHASE_FIELDS);
    static final String REPORT = """
            mutation($p: ID!, $n: String!, $k: String!) { reportQuotaUsage(purchaseId: $p, tokensUsed: $n,
              idempotencyKey: $k) { %s } }""".formatted(PURCHASE_FIELDS);
    static final String CANCEL = "mutation($p: ID!) { cancelQuotaPurchase(purchaseId: $p) { " + PURCHASE_FIELDS + " } }";
    static final String CREATE = """
            mutation($i: CreateQuotaListingInput!) { createQuotaListing(input: $i) {
              id provider modelFamily totalTokens remainingTokens pricePerMillion minimumTokens status
              approvalReference seller { id } } }""";
    static final String LISTING = """
            query($id: ID!) { quotaListing(id: $id) { id remainingTokens status
              stats { sold used remaining revenue faceValue recoveryRateBps } } }""";

    private Quotas() {
    }

    static String participantId(TestUser user) {
        return Gql.as(user, "{ me { id } }").body("errors", nullValue()).extract().path("data.me.id");
    }

    /** Credits each participant's available balance (test-only deposit postings, one transaction). */
    static void credit(Map<UUID, BigInteger> amounts) throws Throwable {
        LedgerService ledger = Arc.container().instance(LedgerService.class).get();
        Commands.inTransaction(session -> {
            io.smallrye.mutiny.Uni<Void> work = io.smallrye.mutiny.Uni.createFrom().voidItem();
            for (Map.Entry<UUID, BigInteger> e : amounts.entrySet()) {
                work = work.chain(() -> ledger.post(session, Posting.deposit(e.getKey(), e.getValue(),
                        "test-credit:" + UUID.randomUUID())).replaceWithVoid());
            }
            return work;
        });
    }

    static void credit(UUID participant, BigInteger amount) throws Throwable {
        credit(Map.of(participant, amount));
    }

    /** A listing input with sensible defaults; {@code overrides} replace fields. */
    static Map<String, Object> listing(Object... overrides) {
        Map<String, Object> input = new HashMap<>();
        input.put("provider", "OTHER");
        input.put("modelFamily", "llama-3-70b");
        input.put("totalTokens", "1000000");
        input.put("pricePerMillion", "1000000000000000000");
        input.put("facePricePerMillion", "2000000000000000000");
        input.put("minimumTokens", "1");
        input.put("expiresAt", OffsetDateTime.now().plusDays(30).toString());
        input.put("gatewayReference", "https://gateway.example/quota/" + UUID.randomUUID());
        input.put("approvalReference", "provider-approval-42");
        for (int i = 0; i < overrides.length; i += 2) {
            input.put((String) overrides[i], overrides[i + 1]);
        }
        return input;
    }

    static String createListing(TestUser seller, Object... overrides) {
        return Gql.as(seller, CREATE, "i", listing(overrides)).body("errors", nullValue()).extract()
                .path("data.createQuotaListing.id");
    }

    /** The participant's AVAILABLE and ESCROW balances, straight from the ledger accounts. */
    static BigInteger[] balances(UUID participant) throws Throwable {
        List<Object[]> rows = Commands.inTransaction(s -> s.createNativeQuery(
                        "SELECT kind, balance FROM ledger_account WHERE participant_id = :p", Object[].class)
                .setParameter("p", participant).getResultList());
        BigInteger available = BigInteger.ZERO;
        BigInteger escrow = BigInteger.ZERO;
        for (Object[] r : rows) {
            if ("AVAILABLE".equals(r[0])) {
                available = Rows.bigInteger(r[1]);
            } else if ("ESCROW".equals(r[0])) {
                escrow = Rows.bigInteger(r[1]);
            }
        }
        return new BigInteger[] {available, escrow};
    }

    static BigInteger platformFees() throws Throwable {
        return Commands.inTransaction(s -> s.createNativeQuery(
                        "SELECT balance FROM ledger_account WHERE kind = 'PLATFORM_FEE' AND participant_id IS NULL",
                        Object.class).getSingleResult().map(Rows::bigInteger));
    }

    /** Every ledger transaction sums to zero, and so does the whole ledger. */
    static void assertLedgerBalanced() throws Throwable {
        Object unbalanced = Commands.inTransaction(s -> s.createNativeQuery("""
                SELECT count(*) FROM (SELECT transaction_id FROM ledger_entry GROUP BY transaction_id
                                       HAVING sum(amount) <> 0) t""", Object.class).getSingleResult());
        Object total = Commands.inTransaction(s -> s.createNativeQuery(
                "SELECT COALESCE(sum(amount), 0) FROM ledger_entry", Object.class).getSingleResult());
        org.assertj.core.api.Assertions.assertThat(((Number) unbalanced).longValue()).as("unbalanced transactions")
                .isZero();
        org.assertj.core.api.Assertions.assertThat(Rows.bigInteger(total)).as("ledger total").isZero();
    }
}
