package io.cipherocto.market.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.page.Cursor;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** myLedger pages newest first through the shared keyset, ties on the timestamp broken by id. */
@QuarkusTest
class LedgerHistoryPageTest {

    private static final String LEDGER = """
            query($first: Int, $after: String) {
              myLedger(first: $first, after: $after) {
                edges { cursor node { id createdAt amount } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    @Inject
    LedgerService ledger;

    @Inject
    Pool pool;

    private TestUser user;
    private UUID me;

    @BeforeEach
    void aFreshUserHasEntriesSomeWrittenInOneTransaction() throws Throwable {
        user = TestUsers.create("ledger", "consumer");
        me = UUID.fromString(Gql.as(user, "{ me { id } }").body("errors", nullValue()).extract().path("data.me.id"));
        String run = UUID.randomUUID().toString();
        Commands.inTransaction(s -> ledger.post(s, Posting.deposit(me, BigInteger.valueOf(5), "test:deposit:1:" + run)));
        Commands.inTransaction(s -> ledger.post(s, Posting.deposit(me, BigInteger.valueOf(7), "test:deposit:2:" + run)));
        // Two entries in one transaction: the same created_at, told apart by id.
        Commands.inTransaction(s -> ledger.post(s, Posting.withdrawalRequested(me, BigInteger.TWO,
                "test:withdrawal:" + run)));
    }

    @Test
    void pagesThroughEveryEntryOnceNewestFirst() {
        List<Map<String, String>> seen = new ArrayList<>();
        String after = null;
        for (int guard = 0; guard < 1000; guard++) {
            JsonPath page = Gql.as(user, LEDGER, "first", 2, "after", after).body("errors", nullValue())
                    .extract().jsonPath();
            seen.addAll(page.getList("data.myLedger.edges.node"));
            if (!page.getBoolean("data.myLedger.pageInfo.hasNextPage")) {
                break;
            }
            after = page.getString("data.myLedger.pageInfo.endCursor");
        }
        int total = await(pool.preparedQuery("""
                SELECT count(*) FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
                 WHERE a.participant_id = $1""").execute(Tuple.of(me)).map(Rows::count));

        assertThat(seen).extracting(e -> e.get("id")).doesNotHaveDuplicates().hasSize(total);
        assertThat(seen).extracting(e -> OffsetDateTime.parse(e.get("createdAt")))
                .isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void aV1CursorStillResumesTheLedger() {
        JsonPath first = Gql.as(user, LEDGER, "first", 3).body("errors", nullValue()).extract().jsonPath();
        Map<String, String> second = first.getMap("data.myLedger.edges[1].node");
        String v1 = new Cursor(OffsetDateTime.parse(second.get("createdAt")).toInstant(),
                UUID.fromString(second.get("id"))).encode();

        Gql.as(user, LEDGER, "first", 1, "after", v1).body("errors", nullValue())
                .body("data.myLedger.edges[0].node.id", equalTo(first.getString("data.myLedger.edges[2].node.id")));
    }

    @Test
    void aParticipantsCursorIsAValidationErrorOnTheLedger() {
        TestUser admin = TestUsers.create("admin", "admin");
        String participantsCursor = Gql.as(admin, "{ participants(first: 1) { pageInfo { endCursor } } }")
                .body("errors", nullValue()).extract().path("data.participants.pageInfo.endCursor");

        Gql.as(user, LEDGER, "after", participantsCursor)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("after"));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }
}
