package io.cipherocto.market.datanet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.SqlStatements;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jboss.logging.Logger;

/**
 * A page of datanets with owner, curators (and their participants), terms, contribution counts and the caller's access
 * costs the same number of SQL statements for 5 datanets as for 25: every nested field is batched. Counted on a quiet
 * server ({@link SqlStatements}).
 */
@QuarkusTest
@TestProfile(SqlStatements.Quiet.class)
class DatanetPageStatementsTest {

    private static final Logger LOG = Logger.getLogger(DatanetPageStatementsTest.class);

    private static final String PAGE = """
            query($first: Int, $filter: DatanetFilter) {
              datanets(first: $first, filter: $filter) {
                edges { node { id name terms { bond } owner { id username }
                  curators { isOwner participant { id } } contributionCounts { total pending }
                  myAccess { canRead canCurate latestRequest { status } } } }
              }
            }""";

    @Test
    void aPageOfTwentyFiveCostsAsManyStatementsAsAPageOfFive() {
        TestUser owner = TestUsers.create("bulkowner", "curator");
        String tag = Datanets.word();
        for (int i = 0; i < 25; i++) {
            Datanets.create(owner, "Bulk " + i, "", List.of(tag), i % 2 == 0 ? "OPEN" : "GATED");
        }
        page(2, tag);
        long five = SqlStatements.of(() -> page(5, tag));
        long twentyFive = SqlStatements.of(() -> page(25, tag));
        LOG.infof("statements: page of 5 = %d, page of 25 = %d", five, twentyFive);
        assertThat(five).as("page, owners, curators, curators' participants, counts, myAccess").isPositive();
        assertThat(twentyFive).isEqualTo(five);
    }

    private static void page(int first, String tag) {
        List<?> edges = Gql.anonymous(PAGE, "first", first, "filter", Map.of("tags", List.of(tag)))
                .body("errors", nullValue()).extract().path("data.datanets.edges");
        assertThat(edges).hasSize(first);
    }
}
