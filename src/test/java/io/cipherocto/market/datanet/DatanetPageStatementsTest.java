package io.cipherocto.market.datanet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A page of datanets with owner, curators (and their participants), terms and contribution counts costs the same
 * number of SQL statements for 5 datanets as for 25: every nested field is batched. Statements are counted by the
 * SQL client's own meter ({@code sql_client_completed_total}); the chain mirror runs statements in the background,
 * so each size is measured several times and the smallest count kept.
 */
@QuarkusTest
class DatanetPageStatementsTest {

    private static final String PAGE = """
            query($first: Int, $filter: DatanetFilter) {
              datanets(first: $first, filter: $filter) {
                edges { node { id name terms { bond } owner { id username }
                  curators { isOwner participant { id } } contributionCounts { total pending } } }
              }
            }""";

    @Test
    void aPageOfTwentyFiveCostsAsManyStatementsAsAPageOfFive() {
        TestUser owner = TestUsers.create("bulkowner", "curator");
        String tag = Datanets.word();
        for (int i = 0; i < 25; i++) {
            Datanets.create(owner, "Bulk " + i, "", List.of(tag), i % 2 == 0 ? "OPEN" : "GATED");
        }
        double probe = completed();
        Gql.anonymous(PAGE, "first", 1, "filter", Map.of("tags", List.of(tag))).body("errors", nullValue());
        assertThat(completed()).as("the probe sees statements").isGreaterThan(probe);

        long five = statements(5, tag);
        long twentyFive = statements(25, tag);
        assertThat(twentyFive).isEqualTo(five);
        assertThat(five).as("page, owners, curators, curators' participants, counts").isLessThanOrEqualTo(5);
    }

    private static long statements(int first, String tag) {
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 6; attempt++) {
            double before = completed();
            List<?> edges = Gql.anonymous(PAGE, "first", first, "filter", Map.of("tags", List.of(tag)))
                    .body("errors", nullValue()).extract().path("data.datanets.edges");
            assertThat(edges).hasSize(first);
            fewest = Math.min(fewest, Math.round(completed() - before));
        }
        return fewest;
    }

    /** The sum of the SQL client's completed-statement counters. */
    private static double completed() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> lines = metrics.lines().filter(l -> l.startsWith("sql_client_completed_total")).toList();
        assertThat(lines).as("sql_client_ metrics: %s", metrics.lines().filter(l -> l.startsWith("sql_client"))
                .toList()).isNotEmpty();
        return lines.stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
