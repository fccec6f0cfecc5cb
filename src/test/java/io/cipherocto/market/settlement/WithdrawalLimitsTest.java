package io.cipherocto.market.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.Wallets;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/**
 * Withdrawals cost the platform gas, so they have a minimum, a fee shown before committing, and a cap on how many
 * may wait at once. Sixty withdrawal aliases in one document once queued sixty payouts for 60 base units.
 */
@QuarkusTest
@TestProfile(WithdrawalLimitsTest.Limits.class)
class WithdrawalLimitsTest {

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("octo.withdrawal.minimum", "1000", "octo.withdrawal.fee", "7",
                    "octo.withdrawal.max-queued", "2");
        }
    }

    private static final String QUOTE = """
            query($a: TokenAmount!) { withdrawalQuote(amount: $a) { amount fee total minimum belowMinimum maxQueued } }""";
    private static final String WITHDRAW = """
            mutation($a: TokenAmount!) { requestWithdrawal(amount: $a) { id amount fee status } }""";
    private static final String BALANCES = "{ myBalances { available escrow } }";

    @Inject
    LedgerService ledger;

    @Inject
    Pool pool;

    @Test
    void theQuoteShowsFeeTotalAndMinimumBeforeCommitting() {
        Gql.anonymous(QUOTE, "a", "999").body("errors", nullValue())
                .body("data.withdrawalQuote.amount", equalTo("999"))
                .body("data.withdrawalQuote.fee", equalTo("7"))
                .body("data.withdrawalQuote.total", equalTo("1006"))
                .body("data.withdrawalQuote.minimum", equalTo("1000"))
                .body("data.withdrawalQuote.belowMinimum", equalTo(true))
                .body("data.withdrawalQuote.maxQueued", equalTo(2));
        Gql.anonymous(QUOTE, "a", "1000").body("data.withdrawalQuote.belowMinimum", equalTo(false));
    }

    @Test
    void belowTheMinimumIsAValidationErrorAndChangesNothing() throws Throwable {
        TestUser user = fundedUser(BigInteger.valueOf(50_000));
        Gql.as(user, WITHDRAW, "a", "999").body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("amount"));
        Gql.as(user, BALANCES).body("data.myBalances.available", equalTo("50000"));
    }

    @Test
    void sixtyAliasesAreTooComplexAndNothingIsQueued() throws Throwable {
        TestUser user = fundedUser(BigInteger.valueOf(100_000));
        Gql.as(user, "mutation {\n" + aliases(60) + "\n}")
                .body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"));
        Gql.as(user, BALANCES).body("data.myBalances.available", equalTo("100000"))
                .body("data.myBalances.escrow", equalTo("0"));
    }

    @Test
    void aliasesQueueOnlyTheCapAndEachPaysTheFeeToThePlatform() throws Throwable {
        TestUser user = fundedUser(BigInteger.valueOf(100_000));
        BigInteger feesBefore = platformFees();
        JsonPath result = Gql.as(user, "mutation {\n" + aliases(10) + "\n}").extract().jsonPath();

        // Mutation fields run in order; the first refused one (a non-null field) ends the document, so the
        // response carries that refusal and no data — what matters is what was queued.
        List<Map<String, Object>> errors = result.getList("errors");
        assertThat(errors).isNotEmpty().allSatisfy(e -> {
            Map<?, ?> extensions = (Map<?, ?>) e.get("extensions");
            assertThat(extensions.get("code")).isEqualTo("CONFLICT");
            assertThat(extensions.get("reason")).isEqualTo("TOO_MANY_QUEUED_WITHDRAWALS");
            assertThat(extensions.get("limit")).isEqualTo(2);
        });
        Gql.as(user, "{ myWithdrawals(first: 100) { edges { node { amount fee status } } } }")
                .body("data.myWithdrawals.edges.node.fee", equalTo(List.of("7", "7")))
                .body("data.myWithdrawals.edges.node.amount", equalTo(List.of("1000", "1000")));
        Gql.as(user, BALANCES).body("data.myBalances.available", equalTo(String.valueOf(100_000 - 2 * 1_007)))
                .body("data.myBalances.escrow", equalTo("2000"));
        assertThat(platformFees().subtract(feesBefore)).isEqualTo(BigInteger.valueOf(14));
    }

    @Test
    void theFeeCountsTowardsTheFundsNeeded() throws Throwable {
        TestUser user = fundedUser(BigInteger.valueOf(1_000));
        Gql.as(user, WITHDRAW, "a", "1000").body("errors[0].extensions.code", equalTo("INSUFFICIENT_FUNDS"))
                .body("errors[0].extensions.reason", equalTo("BALANCE_TOO_LOW"))
                .body("errors[0].extensions.account", equalTo("AVAILABLE"))
                .body("errors[0].extensions.required", equalTo("1007"))
                .body("errors[0].extensions.available", equalTo("1000"));
        Gql.as(user, BALANCES).body("data.myBalances.available", equalTo("1000"));
    }

    private static String aliases(int count) {
        return IntStream.range(0, count).mapToObj(i -> "w" + i + ": requestWithdrawal(amount: \"1000\") { id fee }")
                .collect(Collectors.joining("\n"));
    }

    /** A fresh user with a linked wallet and {@code funds} credited (as a mirrored deposit would). */
    private TestUser fundedUser(BigInteger funds) throws Throwable {
        TestUser user = TestUsers.create("withdrawer", "consumer");
        Wallets.link(user, Keys.createEcKeyPair());
        UUID me = UUID.fromString(Gql.as(user, "{ me { id } }").extract().path("data.me.id"));
        Commands.inTransaction(s -> ledger.post(s, Posting.deposit(me, funds, "test-deposit:" + UUID.randomUUID())));
        return user;
    }

    private BigInteger platformFees() {
        return pool.preparedQuery("SELECT balance FROM ledger_account WHERE kind = 'PLATFORM_FEE'").execute()
                .map(rows -> rows.iterator().next().getNumeric(0).bigIntegerValue())
                .await().atMost(Duration.ofSeconds(5));
    }
}
