package io.cipherocto.market.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.model.TestModels;
import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Agents through the API: DRAFT → LISTED ⇄ DELISTED by the owner only, and usage billed by an operator (the agent's
 * gateway) — consumer charged, owner paid less the commission (10 %, rounded down), platform fee credited, exact to
 * the base unit; the same idempotency key never charging twice; bad input and insufficient funds writing nothing.
 */
@QuarkusTest
public class AgentUsageTest {

    static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    static final String CREATE = """
            mutation($i: CreateAgentInput!) { createAgent(input: $i) {
              id name status pricePerCall owner { id } models { id } } }""";
    static final String UPDATE = """
            mutation($i: UpdateAgentInput!) { updateAgent(input: $i) { id name pricePerCall models { id } } }""";
    static final String LIST = "mutation($id: ID!) { listAgent(id: $id) { id status } }";
    static final String DELIST = "mutation($id: ID!) { delistAgent(id: $id) { id status } }";
    static final String USE = """
            mutation($a: ID!, $c: ID!, $n: Int!, $k: String!) {
              recordAgentUsage(agentId: $a, consumerId: $c, calls: $n, idempotencyKey: $k) {
                id calls pricePerCall amount commissionBps commission ownerShare idempotencyKey
                agent { id } consumer { id } } }""";
    static final String USAGE = """
            query($a: ID!) { agentUsage(agentId: $a, first: 50) { edges { node { id amount consumer { id } } } } }""";
    static final String AVAILABLE = "{ myBalances { available } }";

    @Inject
    LedgerService ledger;

    @Inject
    Pool pool;

    @Test
    void usageIsBilledExactlyOnceAndSplitWithThePlatform() throws Throwable {
        Parties p = parties("19", BigInteger.valueOf(1_000));
        BigInteger feesBefore = platformFees();
        JsonPath usage = use(p, 3, "req-1").body("errors", nullValue()).extract().jsonPath();
        // 19 × 3 = 57; commission floor(57 × 1000 / 10000) = 5; owner 52
        assertThat(usage.getString("data.recordAgentUsage.amount")).isEqualTo("57");
        assertThat(usage.getString("data.recordAgentUsage.commission")).isEqualTo("5");
        assertThat(usage.getString("data.recordAgentUsage.ownerShare")).isEqualTo("52");
        assertThat(usage.getInt("data.recordAgentUsage.commissionBps")).isEqualTo(1000);
        assertThat(usage.getString("data.recordAgentUsage.consumer.id")).isEqualTo(p.consumerId);
        assertThat(available(p.consumer)).isEqualTo(BigInteger.valueOf(1_000 - 57));
        assertThat(available(p.owner)).isEqualTo(BigInteger.valueOf(52));
        assertThat(platformFees().subtract(feesBefore)).isEqualTo(BigInteger.valueOf(5));

        // the same key and request again: the same record, no second charge
        use(p, 3, "req-1").body("errors", nullValue())
                .body("data.recordAgentUsage.id", equalTo(usage.getString("data.recordAgentUsage.id")));
        // the same key for another request: refused, nothing billed
        use(p, 4, "req-1").body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertThat(available(p.consumer)).isEqualTo(BigInteger.valueOf(1_000 - 57));
        assertThat(platformFees().subtract(feesBefore)).isEqualTo(BigInteger.valueOf(5));

        Gql.as(p.owner, USAGE, "a", p.agent).body("data.agentUsage.edges.size()", equalTo(1))
                .body("data.agentUsage.edges[0].node.amount", equalTo("57"));
        Gql.as(p.consumer, USAGE, "a", p.agent).body("errors[0].extensions.reason", equalTo("NOT_AGENT_OWNER"));
    }

    @Test
    void insufficientFundsNameRequiredAndAvailableAndWriteNothing() throws Throwable {
        Parties p = parties("400", BigInteger.valueOf(1_000));
        use(p, 3, "too-much").body("errors[0].extensions.code", equalTo("INSUFFICIENT_FUNDS"))
                .body("errors[0].extensions.reason", equalTo("BALANCE_TOO_LOW"))
                .body("errors[0].extensions.required", equalTo("1200"))
                .body("errors[0].extensions.available", equalTo("1000"));
        assertThat(available(p.consumer)).isEqualTo(BigInteger.valueOf(1_000));
        Gql.as(p.owner, USAGE, "a", p.agent).body("data.agentUsage.edges.size()", equalTo(0));
        // the key was not used up: a smaller request under it goes through
        use(p, 2, "too-much").body("errors", nullValue()).body("data.recordAgentUsage.amount", equalTo("800"));
    }

    @Test
    void awkwardAmountsStayExactToTheBaseUnit() throws Throwable {
        // one base unit: the 10 % commission rounds down to nothing, the owner gets it all
        Parties tiny = parties("1", BigInteger.ONE);
        BigInteger feesBefore = platformFees();
        use(tiny, 1, "one").body("errors", nullValue()).body("data.recordAgentUsage.commission", equalTo("0"))
                .body("data.recordAgentUsage.ownerShare", equalTo("1"));
        assertThat(available(tiny.consumer)).isZero();
        assertThat(available(tiny.owner)).isEqualTo(BigInteger.ONE);
        assertThat(platformFees()).isEqualTo(feesBefore);

        // 2^255 per call: one call fits a TokenAmount, two do not (VALIDATION, nothing written)
        BigInteger big = BigInteger.TWO.pow(255);
        Parties rich = parties(big.toString(), big);
        use(rich, 2, "two").body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("calls"));
        BigInteger commission = big.divide(BigInteger.TEN);
        use(rich, 1, "one").body("errors", nullValue()).body("data.recordAgentUsage.amount", equalTo(big.toString()))
                .body("data.recordAgentUsage.commission", equalTo(commission.toString()))
                .body("data.recordAgentUsage.ownerShare", equalTo(big.subtract(commission).toString()));
        assertThat(available(rich.consumer)).isZero();
        assertThat(available(rich.owner)).isEqualTo(big.subtract(commission));
    }

    @Test
    void badReportsAreRefusedWithTheirFieldAndBillNothing() throws Throwable {
        Parties p = parties("5", BigInteger.valueOf(100));
        for (int calls : new int[] {0, -1, 1_000_000_001}) {
            use(p, calls, "bad-" + calls).body("errors[0].extensions.code", equalTo("VALIDATION"))
                    .body("errors[0].extensions.field", equalTo("calls"));
        }
        Gql.as(p.operator, USE, "a", p.agent, "c", p.consumerId, "n", 1, "k", "")
                .body("errors[0].extensions.field", equalTo("idempotencyKey"));
        Gql.as(p.operator, USE, "a", p.agent, "c", TestModels.signIn(p.owner), "n", 1, "k", "self")
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("consumerId"));
        Gql.as(p.operator, USE, "a", p.agent, "c", UUID.randomUUID().toString(), "n", 1, "k", "nobody")
                .body("errors[0].extensions.field", equalTo("consumerId"));
        Gql.as(p.operator, USE, "a", UUID.randomUUID().toString(), "c", p.consumerId, "n", 1, "k", "no-agent")
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        // only operators report usage
        Gql.as(p.consumer, USE, "a", p.agent, "c", p.consumerId, "n", 1, "k", "mine")
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.action", equalTo("REPORT_USAGE"));
        assertThat(available(p.consumer)).isEqualTo(BigInteger.valueOf(100));
        Gql.as(p.owner, USAGE, "a", p.agent).body("data.agentUsage.edges.size()", equalTo(0));

        // prices: at least one base unit, at most 2^256-1
        String model = TestModels.publish(p.owner);
        for (String price : List.of("0", MAX.add(BigInteger.ONE).toString(), "-3")) {
            Gql.as(p.owner, CREATE, "i", Map.of("name", "Bad", "pricePerCall", price, "modelIds", List.of(model)))
                    .body("errors[0].extensions.code", equalTo("VALIDATION"));
        }
        Gql.as(p.owner, CREATE, "i", Map.of("name", "No models", "pricePerCall", "1", "modelIds", List.of()))
                .body("errors[0].extensions.field", equalTo("input.modelIds"));
        Gql.as(p.owner, CREATE, "i", Map.of("name", "Unknown", "pricePerCall", "1",
                "modelIds", List.of(UUID.randomUUID().toString()))).body("errors[0].extensions.field",
                equalTo("input.modelIds"));
    }

    @Test
    void onlyTheOwnerListsAndOnlyListedAgentsAcceptUsage() throws Throwable {
        TestUser owner = TestUsers.create("agent-owner", "contributor");
        TestUser operator = TestUsers.create("gateway", "operator");
        TestUser consumer = TestUsers.create("consumer", "consumer");
        String consumerId = TestModels.signIn(consumer);
        credit(consumerId, BigInteger.valueOf(100));
        String model = TestModels.publish(owner);
        JsonPath made = Gql.as(owner, CREATE, "i", Map.of("name", "Helper " + TestModels.word(), "pricePerCall", "3",
                "modelIds", List.of(model))).body("errors", nullValue()).extract().jsonPath();
        String agent = made.getString("data.createAgent.id");
        assertThat(made.getString("data.createAgent.status")).isEqualTo("DRAFT");
        assertThat(made.getList("data.createAgent.models.id")).containsExactly(model);
        Parties p = new Parties(owner, operator, consumer, consumerId, agent);

        use(p, 1, "draft").body("errors[0].extensions.reason", equalTo("AGENT_NOT_LISTED"))
                .body("errors[0].extensions.status", equalTo("DRAFT"));
        Gql.as(owner, DELIST, "id", agent).body("errors[0].extensions.reason", equalTo("ILLEGAL_AGENT_TRANSITION"));
        Gql.as(consumer, LIST, "id", agent).body("errors[0].extensions.reason", equalTo("NOT_AGENT_OWNER"));
        // a new price, the models kept; then a price of nothing is refused
        Gql.as(owner, UPDATE, "i", Map.of("id", agent, "pricePerCall", "2")).body("errors", nullValue())
                .body("data.updateAgent.pricePerCall", equalTo("2"))
                .body("data.updateAgent.models.id", equalTo(List.of(model)));
        Gql.as(owner, UPDATE, "i", Map.of("id", agent, "pricePerCall", "0"))
                .body("errors[0].extensions.field", equalTo("input.pricePerCall"));
        Gql.as(consumer, UPDATE, "i", Map.of("id", agent, "name", "Mine now"))
                .body("errors[0].extensions.reason", equalTo("NOT_AGENT_OWNER"));
        Gql.as(owner, LIST, "id", agent).body("data.listAgent.status", equalTo("LISTED"));
        Gql.as(owner, LIST, "id", agent).body("errors[0].extensions.reason", equalTo("ILLEGAL_AGENT_TRANSITION"));
        Gql.anonymous("query($m: ID!) { model(id: $m) { agents { id } } }", "m", model)
                .body("data.model.agents.id", equalTo(List.of(agent)));
        use(p, 1, "listed").body("errors", nullValue());

        Gql.as(owner, DELIST, "id", agent).body("data.delistAgent.status", equalTo("DELISTED"));
        use(p, 1, "delisted").body("errors[0].extensions.reason", equalTo("AGENT_NOT_LISTED"));
        // a replay of a usage billed while listed still returns its record
        use(p, 1, "listed").body("errors", nullValue());
        Gql.anonymous("query($m: ID!) { model(id: $m) { agents { id } } }", "m", model)
                .body("data.model.agents.size()", equalTo(0));
        Gql.as(owner, "{ myAgents { totalCount edges { node { id status } } } }")
                .body("data.myAgents.totalCount", equalTo(1))
                .body("data.myAgents.edges[0].node.status", equalTo("DELISTED"));
        assertThat(available(consumer)).isEqualTo(BigInteger.valueOf(98));
    }

    @Test
    void concurrentReportsWithOneKeyChargeOnce() throws Throwable {
        Parties p = parties("10", BigInteger.valueOf(1_000));
        // warm: the operator's token and the prepared statements, so the reports below really overlap
        use(p, 1, "warm").body("errors", nullValue());
        int n = 8;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<String> report = () -> {
                    start.await();
                    return use(p, 5, "race").body("errors", nullValue()).extract().path("data.recordAgentUsage.id");
                };
                answers.add(threads.submit(report));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> answer : answers) {
                ids.add(answer.get());
            }
            assertThat(ids).hasSize(n).allMatch(ids.getFirst()::equals);
        } finally {
            threads.shutdown();
        }
        assertThat(available(p.consumer)).isEqualTo(BigInteger.valueOf(1_000 - 10 - 50));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    record Parties(TestUser owner, TestUser operator, TestUser consumer, String consumerId, String agent) {
    }

    /** A LISTED agent at {@code price} per call on a fresh model, an operator, and a consumer holding {@code funds}. */
    private Parties parties(String price, BigInteger funds) throws Throwable {
        TestUser owner = TestUsers.create("agent-owner", "contributor");
        TestUser operator = TestUsers.create("gateway", "operator");
        TestUser consumer = TestUsers.create("consumer", "consumer");
        String consumerId = TestModels.signIn(consumer);
        TestModels.signIn(owner);
        credit(consumerId, funds);
        String model = TestModels.publish(owner);
        String agent = Gql.as(owner, CREATE, "i", Map.of("name", "Agent " + TestModels.word(), "pricePerCall", price,
                "modelIds", List.of(model))).body("errors", nullValue()).extract().path("data.createAgent.id");
        Gql.as(owner, LIST, "id", agent).body("errors", nullValue());
        return new Parties(owner, operator, consumer, consumerId, agent);
    }

    private static io.restassured.response.ValidatableResponse use(Parties p, int calls, String key) {
        return Gql.as(p.operator, USE, "a", p.agent, "c", p.consumerId, "n", calls, "k", key);
    }

    /** Credits the participant's available funds as a mirrored vault deposit would. */
    private void credit(String participant, BigInteger amount) throws Throwable {
        Commands.inTransaction(s -> ledger.post(s, Posting.deposit(UUID.fromString(participant), amount,
                "test-deposit:" + UUID.randomUUID())));
    }

    private static BigInteger available(TestUser user) {
        return new BigInteger(Gql.as(user, AVAILABLE).body("errors", nullValue()).extract()
                .<String>path("data.myBalances.available"));
    }

    private BigInteger platformFees() {
        return pool.preparedQuery("SELECT balance FROM ledger_account WHERE kind = 'PLATFORM_FEE'").execute()
                .map(rows -> rows.iterator().next().getNumeric(0).bigIntegerValue())
                .await().atMost(Duration.ofSeconds(5));
    }
}
