package io.cipherocto.market.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.model.TestModels;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Ledgers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Revenue share on partner-sourced sales with real Keycloak users and the real ledger: organisations made by an
 * admin, members buying agent usage and quota, the share exact to the base unit and carved out of the platform fee in
 * the sale's own transaction (every transaction still sums to zero), a COMMUNITY organisation earning nothing, a
 * policy edit changing the next sale's share, buyers outside any organisation attributing nothing.
 */
@QuarkusTest
class RevenueShareTest {

    static final String AGENT = """
            mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }""";
    static final String LIST_AGENT = "mutation($id: ID!) { listAgent(id: $id) { id } }";
    static final String USE = """
            mutation($a: ID!, $c: ID!, $n: Int!, $k: String!) {
              recordAgentUsage(agentId: $a, consumerId: $c, calls: $n, idempotencyKey: $k) { amount commission } }""";
    static final String QUOTA_LISTING = """
            mutation($i: CreateQuotaListingInput!) { createQuotaListing(input: $i) { id } }""";
    static final String PURCHASE = """
            mutation($l: ID!, $n: String!, $k: String!) { purchaseQuota(listingId: $l, tokens: $n, idempotencyKey: $k) {
              id price feeBps } }""";
    static final String REPORT = """
            mutation($p: ID!, $n: String!, $k: String!) { reportQuotaUsage(purchaseId: $p, tokensUsed: $n,
              idempotencyKey: $k) { released fee } }""";
    static final String MINE = "{ myPartnerOrganisation { id revenueShare } }";
    static final String MY_ENTRIES = "{ myPartnerOrganisation { revenueShares(first: 5) { edges { node { share } } } } }";
    static final String ORG = """
            query($id: ID!) { partnerOrganisation(id: $id) { revenueShare
              revenueShares(first: 10) { edges { node { transactionId transactionKind buyerId tier policyVersion
                revenueShareBps platformFee share createdAt } } pageInfo { hasNextPage } } } }""";

    private static final BigInteger OCTO = BigInteger.TEN.pow(18);

    /** An organisation made by {@code admin} at {@code tier}; returns its id and partner id. */
    private static String[] organisation(TestUser admin, String tier) {
        String partnerId = "rs-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> input = new HashMap<>(Map.of("partnerId", partnerId, "name", "Org " + partnerId,
                "website", "https://" + partnerId + ".example", "category", "TECHNOLOGY", "tier", tier));
        String id = Gql.as(admin, PartnerOrganisationTest.CREATE, "i", input).body("errors", nullValue()).extract()
                .path("data.createPartnerOrganisation.id");
        return new String[] {id, partnerId};
    }

    /** A member of the organisation with partner id {@code partnerId}, its token carrying {@code tokenTier}. */
    private static TestUser member(String tokenTier, String partnerId) {
        return TestUsers.user("rs-buyer").roles("consumer").partner(tokenTier, partnerId).create();
    }

    /** An agent listed at {@code price} per call, and the operator that reports its usage. */
    private record Agent(String id, TestUser operator) {
    }

    private static Agent agent(String price) {
        TestUser owner = TestUsers.create("rs-owner", "contributor");
        TestModels.signIn(owner);
        String model = TestModels.publish(owner);
        String id = Gql.as(owner, AGENT, "i", Map.of("name", "Agent " + TestModels.word(), "pricePerCall", price,
                "modelIds", List.of(model))).body("errors", nullValue()).extract().path("data.createAgent.id");
        Gql.as(owner, LIST_AGENT, "id", id).body("errors", nullValue());
        return new Agent(id, TestUsers.create("rs-gateway", "operator"));
    }

    /** Bills {@code calls} calls of {@code agent} to {@code buyer}; returns the commission (the platform fee). */
    private static BigInteger use(Agent agent, String buyer, int calls) {
        return new BigInteger(Gql.as(agent.operator(), USE, "a", agent.id(), "c", buyer, "n", calls, "k",
                        UUID.randomUUID().toString()).body("errors", nullValue()).extract()
                .<String>path("data.recordAgentUsage.commission"));
    }

    private static String funded(TestUser user, BigInteger funds) throws Throwable {
        String id = TestModels.signIn(user);
        Ledgers.credit(UUID.fromString(id), funds);
        return id;
    }

    /** The buyer's partner_revenue_share rows, oldest first: tier, policy version, bps, platform fee, share. */
    private static List<Object[]> shareRows(String buyer) throws Throwable {
        return Commands.inTransaction(s -> s.createNativeQuery("""
                        SELECT tier, policy_version, revenue_share_bps, platform_fee, share, organisation_id,
                               transaction_id
                          FROM partner_revenue_share WHERE buyer_id = :b ORDER BY created_at, transaction_id""",
                Object[].class).setParameter("b", UUID.fromString(buyer)).getResultList());
    }

    /** The organisation's PARTNER_SHARE balance (zero without an account). */
    private static BigInteger partnerAccount(String organisation) throws Throwable {
        List<Object> rows = Commands.inTransaction(s -> s.createNativeQuery("""
                        SELECT balance FROM ledger_account WHERE kind = 'PARTNER_SHARE' AND organisation_id = :o""",
                Object.class).setParameter("o", UUID.fromString(organisation)).getResultList());
        return rows.isEmpty() ? BigInteger.ZERO : Rows.bigInteger(rows.getFirst());
    }

    /** The legs of a ledger transaction as account kind → amount. */
    private static Map<String, BigInteger> legs(Object transaction) throws Throwable {
        List<Object[]> rows = Commands.inTransaction(s -> s.createNativeQuery("""
                        SELECT a.kind, e.amount FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
                         WHERE e.transaction_id = :t""", Object[].class)
                .setParameter("t", transaction).getResultList());
        Map<String, BigInteger> legs = new HashMap<>();
        rows.forEach(r -> legs.merge((String) r[0], Rows.bigInteger(r[1]), BigInteger::add));
        return legs;
    }

    private static BigInteger bps(BigInteger fee, int bps) {
        return fee.multiply(BigInteger.valueOf(bps)).divide(BigInteger.valueOf(10_000));
    }

    @Test
    void aStrategicMembersAgentUsageSharesTheFeeExactlyInTheSameTransaction() throws Throwable {
        TestUser admin = TestUsers.create("rs-admin", "admin");
        String[] org = organisation(admin, "STRATEGIC");
        // the token says COMMUNITY; the organisation's tier (STRATEGIC) decides the rate
        TestUser buyer = member("COMMUNITY", org[1]);
        String buyerId = funded(buyer, OCTO);
        Agent agent = agent("1000003");
        BigInteger feesBefore = Ledgers.platformFees();

        // 1 000 003 × 7 = 7 000 021; commission floor(10 %) = 700 002; share floor(700 002 × 1000 / 10000) = 70 000
        BigInteger fee = use(agent, buyerId, 7);
        assertThat(fee).isEqualTo(BigInteger.valueOf(700_002));
        List<Object[]> rows = shareRows(buyerId);
        assertThat(rows).hasSize(1);
        Object[] row = rows.getFirst();
        assertThat(row[0]).isEqualTo("STRATEGIC");
        assertThat(((Number) row[2]).intValue()).isEqualTo(1000);
        assertThat(Rows.bigInteger(row[3])).isEqualTo(BigInteger.valueOf(700_002));
        assertThat(Rows.bigInteger(row[4])).isEqualTo(BigInteger.valueOf(70_000));
        assertThat(row[5]).isEqualTo(UUID.fromString(org[0]));
        // one transaction: buyer −7 000 021, owner 6 300 019, platform 630 002, partner 70 000
        assertThat(legs(row[6])).containsExactlyInAnyOrderEntriesOf(Map.of("AVAILABLE", BigInteger.valueOf(
                -7_000_021 + 6_300_019), "PLATFORM_FEE", BigInteger.valueOf(630_002), "PARTNER_SHARE",
                BigInteger.valueOf(70_000)));
        assertThat(Ledgers.platformFees().subtract(feesBefore)).isEqualTo(BigInteger.valueOf(630_002));
        assertThat(partnerAccount(org[0])).isEqualTo(BigInteger.valueOf(70_000));
        assertThat(Ledgers.balances(UUID.fromString(buyerId))[0]).isEqualTo(OCTO.subtract(BigInteger.valueOf(
                7_000_021)));

        // a second sale adds up; the member sees its organisation's total, the admin the entries
        BigInteger second = use(agent, buyerId, 1);
        BigInteger total = BigInteger.valueOf(70_000).add(bps(second, 1000));
        assertThat(partnerAccount(org[0])).isEqualTo(total);
        Gql.as(buyer, MINE).body("errors", nullValue()).body("data.myPartnerOrganisation.id", equalTo(org[0]))
                .body("data.myPartnerOrganisation.revenueShare", equalTo(total.toString()));
        Gql.as(buyer, MY_ENTRIES).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        JsonPath seen = Gql.as(admin, ORG, "id", org[0]).body("errors", nullValue()).extract().jsonPath();
        assertThat(seen.getString("data.partnerOrganisation.revenueShare")).isEqualTo(total.toString());
        assertThat(seen.getList("data.partnerOrganisation.revenueShares.edges.node.share"))
                .containsExactly(bps(second, 1000).toString(), "70000");
        assertThat(seen.getString("data.partnerOrganisation.revenueShares.edges[1].node.platformFee"))
                .isEqualTo("700002");
        assertThat(seen.getString("data.partnerOrganisation.revenueShares.edges[1].node.transactionKind"))
                .isEqualTo("AGENT_USAGE");
        assertThat(seen.getString("data.partnerOrganisation.revenueShares.edges[1].node.buyerId")).isEqualTo(buyerId);
        assertThat(seen.getString("data.partnerOrganisation.revenueShares.edges[1].node.tier")).isEqualTo("STRATEGIC");
        assertThat(seen.getInt("data.partnerOrganisation.revenueShares.edges[1].node.revenueShareBps")).isEqualTo(1000);
        // an outsider does not see the organisation, so nor its share
        Gql.as(TestUsers.create("rs-outsider", "consumer"), ORG, "id", org[0]).body("errors", nullValue())
                .body("data.partnerOrganisation", nullValue());
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void aMembersQuotaUsageSharesEachReleasesFee() throws Throwable {
        TestUser admin = TestUsers.create("rs-admin", "admin");
        String[] org = organisation(admin, "STRATEGIC");
        TestUser buyer = member("STRATEGIC", org[1]);
        String buyerId = funded(buyer, OCTO.multiply(BigInteger.TEN));
        TestUser seller = TestUsers.create("rs-seller", "consumer");
        Map<String, Object> listing = new HashMap<>(Map.of("provider", "OTHER", "modelFamily", "llama-3-70b",
                "totalTokens", "1000000", "pricePerMillion", "1000000000000000007", "facePricePerMillion",
                "2000000000000000000", "minimumTokens", "1", "expiresAt", OffsetDateTime.now().plusDays(30).toString(),
                "gatewayReference", "https://gateway.example/quota/" + UUID.randomUUID(), "approvalReference",
                "provider-approval-42"));
        String listingId = Gql.as(seller, QUOTA_LISTING, "i", listing).body("errors", nullValue()).extract()
                .path("data.createQuotaListing.id");
        String purchase = Gql.as(buyer, PURCHASE, "l", listingId, "n", "1000000", "k", "rs-buy")
                .body("errors", nullValue()).extract().path("data.purchaseQuota.id");
        assertThat(shareRows(buyerId)).as("a purchase only escrows: no sale yet").isEmpty();
        BigInteger feesBefore = Ledgers.platformFees();

        BigInteger feeSoFar = BigInteger.ZERO;
        BigInteger shares = BigInteger.ZERO;
        for (String used : new String[] {"333333", "1", "666666"}) {
            JsonPath r = Gql.as(seller, REPORT, "p", purchase, "n", used, "k", "rs-" + used)
                    .body("errors", nullValue()).extract().jsonPath();
            BigInteger fee = new BigInteger(r.getString("data.reportQuotaUsage.fee"));
            shares = shares.add(bps(fee.subtract(feeSoFar), 1000));
            feeSoFar = fee;
        }
        List<Object[]> rows = shareRows(buyerId);
        assertThat(rows).hasSize(3);
        assertThat(rows.stream().map(r -> Rows.bigInteger(r[3])).reduce(BigInteger.ZERO, BigInteger::add))
                .isEqualTo(feeSoFar);
        assertThat(rows.stream().map(r -> Rows.bigInteger(r[4])).reduce(BigInteger.ZERO, BigInteger::add))
                .isEqualTo(shares);
        for (Object[] row : rows) {
            assertThat(Rows.bigInteger(row[4])).isEqualTo(bps(Rows.bigInteger(row[3]), 1000));
            assertThat(legs(row[6]).get("PARTNER_SHARE")).isEqualTo(Rows.bigInteger(row[4]));
        }
        assertThat(shares.signum()).isPositive();
        assertThat(partnerAccount(org[0])).isEqualTo(shares);
        assertThat(Ledgers.platformFees().subtract(feesBefore)).isEqualTo(feeSoFar.subtract(shares));
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void aCommunityMemberEarnsItsOrganisationNothing() throws Throwable {
        TestUser admin = TestUsers.create("rs-admin", "admin");
        String[] org = organisation(admin, "COMMUNITY");
        // the token claims STRATEGIC: the organisation's tier still decides
        TestUser buyer = member("STRATEGIC", org[1]);
        String buyerId = funded(buyer, OCTO);
        Agent agent = agent("1000003");
        BigInteger feesBefore = Ledgers.platformFees();
        BigInteger fee = use(agent, buyerId, 3);

        List<Object[]> rows = shareRows(buyerId);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()[0]).isEqualTo("COMMUNITY");
        assertThat(((Number) rows.getFirst()[2]).intValue()).isZero();
        assertThat(Rows.bigInteger(rows.getFirst()[3])).isEqualTo(fee);
        assertThat(Rows.bigInteger(rows.getFirst()[4])).isZero();
        assertThat(legs(rows.getFirst()[6])).doesNotContainKey("PARTNER_SHARE").containsEntry("PLATFORM_FEE", fee);
        assertThat(Ledgers.platformFees().subtract(feesBefore)).isEqualTo(fee);
        assertThat(partnerAccount(org[0])).isZero();
        Gql.as(buyer, MINE).body("data.myPartnerOrganisation.revenueShare", equalTo("0"));
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void aPolicyEditChangesTheNextSalesShare() throws Throwable {
        TestUser admin = TestUsers.create("rs-admin", "admin");
        JsonPath before = Gql.as(admin, PartnerAccessTest.POLICY).body("errors", nullValue()).extract().jsonPath();
        List<Map<String, Object>> lines = PartnerAccessTest.lines(before);
        int integration = before.<String>getList("data.accessPolicy.entitlements.audience").indexOf("INTEGRATION");
        String[] org = organisation(admin, "INTEGRATION");
        TestUser buyer = member("INTEGRATION", org[1]);
        String buyerId = funded(buyer, OCTO);
        Agent agent = agent("1000003");
        try {
            Gql.as(admin, PartnerAccessTest.UPDATE, "e", PartnerAccessTest.with(lines, integration,
                            "revenueShareBps", 0), "r", "revenue share test: INTEGRATION at 0",
                    "v", before.getInt("data.accessPolicy.version")).body("errors", nullValue());
            BigInteger first = use(agent, buyerId, 2);
            int version = Gql.as(admin, "{ accessPolicy { version } }").extract().path("data.accessPolicy.version");
            Gql.as(admin, PartnerAccessTest.UPDATE, "e", PartnerAccessTest.with(lines, integration,
                    "revenueShareBps", 2500), "r", "revenue share test: INTEGRATION at 25 %", "v", version)
                    .body("errors", nullValue());
            BigInteger second = use(agent, buyerId, 3);

            List<Object[]> rows = shareRows(buyerId);
            assertThat(rows).hasSize(2);
            assertThat(((Number) rows.get(0)[1]).intValue()).isEqualTo(version);
            assertThat(((Number) rows.get(0)[2]).intValue()).isZero();
            assertThat(Rows.bigInteger(rows.get(0)[4])).isZero();
            assertThat(((Number) rows.get(1)[1]).intValue()).isEqualTo(version + 1);
            assertThat(((Number) rows.get(1)[2]).intValue()).isEqualTo(2500);
            // 1 000 003 × 3 = 3 000 009; fee 300 000; share floor(300 000 × 2500 / 10000) = 75 000
            assertThat(second).isEqualTo(BigInteger.valueOf(300_000));
            assertThat(Rows.bigInteger(rows.get(1)[4])).isEqualTo(BigInteger.valueOf(75_000));
            assertThat(first).isPositive();
            assertThat(partnerAccount(org[0])).isEqualTo(BigInteger.valueOf(75_000));
        } finally {
            PartnerAccessTest.restore(admin, lines);
        }
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void concurrentSalesOfOneOrganisationsMembersAllLandExactly() throws Throwable {
        TestUser admin = TestUsers.create("rs-admin", "admin");
        String[] org = organisation(admin, "STRATEGIC");
        int buyers = 6;
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            ids.add(funded(member("STRATEGIC", org[1]), OCTO));
        }
        Agent agent = agent("1000003");
        BigInteger feesBefore = Ledgers.platformFees();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(buyers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(buyers);
        List<java.util.concurrent.Future<BigInteger>> fees = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < buyers; i++) {
                String buyer = ids.get(i);
                int calls = 1 + i * 7;
                fees.add(pool.submit(() -> {
                    start.await();
                    return use(agent, buyer, calls);
                }));
            }
            BigInteger fee = BigInteger.ZERO;
            BigInteger shares = BigInteger.ZERO;
            for (java.util.concurrent.Future<BigInteger> f : fees) {
                BigInteger one = f.get(120, java.util.concurrent.TimeUnit.SECONDS);
                fee = fee.add(one);
                shares = shares.add(bps(one, 1000));
            }
            assertThat(partnerAccount(org[0])).isEqualTo(shares);
            assertThat(Ledgers.platformFees().subtract(feesBefore)).isEqualTo(fee.subtract(shares));
            Gql.as(admin, ORG, "id", org[0]).body("errors", nullValue())
                    .body("data.partnerOrganisation.revenueShare", equalTo(shares.toString()))
                    .body("data.partnerOrganisation.revenueShares.edges.size()", equalTo(buyers));
        } finally {
            pool.shutdownNow();
        }
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void buyersOutsideAnyOrganisationAttributeNothing() throws Throwable {
        // a partner id no organisation has, and no partner id at all
        TestUser stray = TestUsers.user("rs-stray").roles("consumer").partner("STRATEGIC",
                "rs-none-" + UUID.randomUUID().toString().substring(0, 8)).create();
        TestUser plain = TestUsers.create("rs-plain", "consumer");
        Agent agent = agent("1000003");
        for (TestUser buyer : new TestUser[] {stray, plain}) {
            String buyerId = funded(buyer, OCTO);
            BigInteger feesBefore = Ledgers.platformFees();
            BigInteger fee = use(agent, buyerId, 5);
            assertThat(fee).isPositive();
            assertThat(Ledgers.platformFees().subtract(feesBefore)).isEqualTo(fee);
            assertThat(shareRows(buyerId)).isEmpty();
            Gql.as(buyer, MINE).body("errors", nullValue()).body("data.myPartnerOrganisation", nullValue());
        }
        Ledgers.assertLedgerBalanced();
    }
}
