package io.cipherocto.market.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Query cost as clients see it, with real users and the real policy: the cost model's figures in
 * {@code extensions.cost}, the {@code X-RateLimit-*} headers and {@code rateLimit}; {@code queryCost} pricing a
 * document without running it; budgets that trip (RATE_LIMITED with retryAfterSeconds and Retry-After, or
 * QUERY_TOO_COMPLEX over the per-request maximum) and recover; {@code mySpend} by operation, before and after the
 * batched write.
 */
@QuarkusTest
public class QueryBudgetTest {

    @Inject
    QueryBudgets budgets;

    @Test
    void everyResponseSaysWhatItCostAndWhatIsLeft() {
        TestUser user = TestUsers.create("cost", "consumer");
        // me (1) + wallets, an unpaged list (10 estimated): 11 requested; the user has no wallet: 1 actual
        ExtractableResponse<Response> r = Gql.as(user, "{ me { id wallets { address } } }")
                .body("errors", nullValue())
                .body("extensions.cost.requestedQueryCost", equalTo(11))
                .body("extensions.cost.actualQueryCost", equalTo(1))
                .body("extensions.cost.audience", equalTo("PARTICIPANT"))
                .body("extensions.cost.throttleStatus.maximumAvailable", equalTo(100_000))
                .body("extensions.cost.throttleStatus.restoreRate", equalTo(5_000)).extract();
        int available = r.path("extensions.cost.throttleStatus.currentlyAvailable");
        assertThat(available).isBetween(100_000 - 11, 100_000);
        assertThat(r.header("X-RateLimit-Limit")).isEqualTo("100000");
        assertThat(r.header("X-RateLimit-Cost")).isEqualTo("11");
        assertThat(Long.parseLong(r.header("X-RateLimit-Remaining"))).isBetween(100_000L - 11, 100_000L);
        assertThat(Long.parseLong(r.header("X-RateLimit-Reset"))).isPositive();

        // a page: models (1) + 5 edges + 5 nodes + 5 owners + 5 × 10 datanets = 66
        Gql.as(user, "{ models(first: 5) { edges { node { id owner { id } datanets { id } } } } }")
                .body("extensions.cost.requestedQueryCost", equalTo(66));
        // the page size may come from a variable
        Gql.as(user, "query($n: Int) { models(first: $n) { edges { node { id owner { id } } } } }", "n", 2)
                .body("extensions.cost.requestedQueryCost", equalTo(7));
        // a mutation's root field is a write: octo.graphql.mutation-cost (20) besides its objects (refused or not)
        Gql.as(user, "mutation { cancelJob(id: \"00000000-0000-4000-8000-000000000000\") { id } }")
                .body("extensions.cost.requestedQueryCost", equalTo(21));
        // rateLimit says the same, with this request's cost
        Gql.as(user, "{ rateLimit { audience cost limit remaining restoreRate resetAt maxCostPerRequest replicas } }")
                .body("data.rateLimit.audience", equalTo("PARTICIPANT"))
                .body("data.rateLimit.cost", equalTo(1))
                .body("data.rateLimit.limit", equalTo(100_000))
                .body("data.rateLimit.maxCostPerRequest", equalTo(20_000))
                .body("data.rateLimit.replicas", equalTo(1));
        Gql.anonymous("{ rateLimit { audience limit } }").body("data.rateLimit.audience", equalTo("ANONYMOUS"))
                .body("data.rateLimit.limit", equalTo(50_000));
    }

    @Test
    void aDocumentIsPricedWithoutRunningIt() {
        TestUser user = TestUsers.user("price").roles("consumer").partner("INTEGRATION").create();
        String estimate = "query($d: String!, $v: String, $o: String) { queryCost(document: $d, variables: $v, "
                + "operationName: $o) { operationName operationType requestedQueryCost maxCostPerRequest "
                + "withinMaximum currentlyAvailable affordableNow } }";
        Gql.as(user, estimate, "d", "query Page($n: Int) { models(first: $n) { edges { node { id } } } }",
                        "v", "{\"n\": 30}")
                .body("errors", nullValue())
                .body("data.queryCost.operationName", equalTo("Page"))
                .body("data.queryCost.operationType", equalTo("QUERY"))
                .body("data.queryCost.requestedQueryCost", equalTo(61))
                .body("data.queryCost.maxCostPerRequest", equalTo(40_000))
                .body("data.queryCost.withinMaximum", equalTo(true))
                .body("data.queryCost.affordableNow", equalTo(true));
        // several operations: the one named
        Gql.as(user, estimate, "d", "query A { me { id } } query B { models(first: 3) { edges { node { id } } } }",
                "o", "B").body("data.queryCost.requestedQueryCost", equalTo(7));
        Gql.as(user, estimate, "d", "query A { me { id } } query B { me { id } }")
                .body("errors[0].extensions.field", equalTo("operationName"));
        Gql.as(user, estimate, "d", "{ nope }").body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("document"));
        Gql.as(user, estimate, "d", "{ me { id } }", "v", "[1]")
                .body("errors[0].extensions.field", equalTo("variables"));
    }

    @Test
    void budgetsTripAndRecover() {
        TestUser admin = TestUsers.create("budget-admin", "admin");
        TestUser community = TestUsers.user("budget-c").roles("consumer").partner("COMMUNITY").create();
        JsonPath policy = Gql.as(admin, PartnerAccessTest.POLICY).extract().jsonPath();
        List<Map<String, Object>> lines = PartnerAccessTest.lines(policy);
        List<Map<String, Object>> small = PartnerAccessTest.with(PartnerAccessTest.with(PartnerAccessTest.with(lines,
                2, "bucketSize", 400), 2, "restoreRate", 50), 2, "maxCostPerRequest", 240);
        Gql.as(admin, PartnerAccessTest.UPDATE, "e", small, "r", "budget test", "v",
                policy.getInt("data.accessPolicy.version")).body("errors", nullValue());
        try {
            // 200 objects requested and returned: the bucket of 400 (50 restored a second) holds two of these; the
            // recovery poll (rateLimit, 1 point, every 100 ms) spends less than the restore rate
            StringBuilder hundred = new StringBuilder("query TwoHundred {");
            for (int i = 0; i < 200; i++) {
                hundred.append(" m").append(i).append(": me { id }");
            }
            String document = hundred.append(" }").toString();
            Gql.as(community, document).body("errors", nullValue())
                    .body("extensions.cost.throttleStatus.maximumAvailable", equalTo(400));
            Gql.as(community, document).body("errors", nullValue());
            ExtractableResponse<Response> refused = Gql.as(community, document)
                    .body("data", nullValue())
                    .body("errors[0].extensions.code", equalTo("RATE_LIMITED"))
                    .body("errors[0].extensions.reason", equalTo("QUERY_BUDGET_EXHAUSTED"))
                    .body("errors[0].extensions.requestedQueryCost", equalTo(200))
                    .body("errors[0].extensions.maximumAvailable", equalTo(400)).extract();
            int retryAfter = refused.path("errors[0].extensions.retryAfterSeconds");
            assertThat(retryAfter).isBetween(1, 4);
            assertThat(refused.header("Retry-After")).isEqualTo(Integer.toString(retryAfter));
            assertThat(Long.parseLong(refused.header("X-RateLimit-Remaining"))).isLessThan(200);
            // over the per-request maximum: refused whatever the bucket holds
            Gql.as(community, "{ models(first: 25) { edges { node { datanets { id } } } } }")
                    .body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"))
                    .body("errors[0].extensions.reason", equalTo("QUERY_COST_ABOVE_MAXIMUM"))
                    .body("errors[0].extensions.maxCostPerRequest", equalTo(240));
            // another caller's bucket is its own
            TestUser other = TestUsers.user("budget-o").roles("consumer").partner("COMMUNITY").create();
            Gql.as(other, document).body("errors", nullValue());
            // and it recovers: 50 points a second
            Await.until("the budget recovers", Duration.ofSeconds(30),
                    () -> Gql.as(community, "{ rateLimit { remaining } }").extract()
                            .<Integer>path("data.rateLimit.remaining") >= 200);
            Gql.as(community, document).body("errors", nullValue());
        } finally {
            PartnerAccessTest.restore(admin, lines);
        }
    }

    @Test
    void spendIsBrokenDownByOperation() {
        TestUser user = TestUsers.create("spend", "consumer");
        for (int i = 0; i < 3; i++) {
            Gql.as(user, "query SpendProbe { me { id } }").body("errors", nullValue());
        }
        Gql.as(user, "query SpendPage { models(first: 2) { edges { node { id } } } }").body("errors", nullValue());
        String spend = "{ mySpend(window: LAST_HOUR) { window requests cost operations { operationName requests cost } } }";
        JsonPath before = Gql.as(user, spend).body("errors", nullValue()).extract().jsonPath();
        assertThat(before.getList("data.mySpend.operations.operationName")).contains("SpendProbe", "SpendPage");
        assertThat(requests(before, "SpendProbe")).isEqualTo(3);
        assertThat(cost(before, "SpendProbe")).isEqualTo(3);
        // written in one batch: the same figures from the database, nothing counted twice
        budgets.flush();
        JsonPath after = Gql.as(user, spend).extract().jsonPath();
        assertThat(requests(after, "SpendProbe")).isEqualTo(3);
        assertThat(cost(after, "SpendProbe")).isEqualTo(3);
        assertThat(cost(after, "SpendPage")).isEqualTo(cost(before, "SpendPage"));
        // the mySpend queries are spend too (unnamed): the first one; the second is settled once it has answered
        assertThat(requests(after, "(unnamed)")).isEqualTo(1);
    }

    private static int requests(JsonPath spend, String operation) {
        return spend.getInt("data.mySpend.operations.find { it.operationName == '" + operation + "' }.requests");
    }

    private static int cost(JsonPath spend, String operation) {
        return spend.getInt("data.mySpend.operations.find { it.operationName == '" + operation + "' }.cost");
    }
}
