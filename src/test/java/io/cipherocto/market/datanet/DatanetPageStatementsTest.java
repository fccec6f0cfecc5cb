package io.cipherocto.market.datanet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.arc.ClientProxy;
import io.cipherocto.market.identity.ParticipantService;
import java.lang.reflect.Field;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedQuery;
import io.vertx.mutiny.sqlclient.Query;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.inject.Inject;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A page of datanets with owner, curators (and their participants), terms, contribution counts and the caller's access
 * costs the same number of SQL statements for 5 datanets as for 25: every nested field is batched. The page's reads go
 * through the Vert.x {@link Pool} of {@link DatanetService}, {@link DatanetAccessService} and
 * {@link ParticipantService}; for the measured requests each gets a pool that records the statements it is given. (The
 * SQL client's {@code sql_client_completed_total} meter does not count the reactive pool's statements here, and the
 * pool bean is not normal-scoped, so it cannot be mocked.)
 */
@QuarkusTest
class DatanetPageStatementsTest {

    private static final String PAGE = """
            query($first: Int, $filter: DatanetFilter) {
              datanets(first: $first, filter: $filter) {
                edges { node { id name terms { bond } owner { id username }
                  curators { isOwner participant { id } } contributionCounts { total pending }
                  myAccess { canRead canCurate latestRequest { status } } } }
              }
            }""";

    @Inject
    DatanetService datanets;

    @Inject
    ParticipantService participants;

    @Inject
    DatanetAccessService access;

    @Test
    void aPageOfTwentyFiveCostsAsManyStatementsAsAPageOfFive() throws Exception {
        TestUser owner = TestUsers.create("bulkowner", "curator");
        String tag = Datanets.word();
        for (int i = 0; i < 25; i++) {
            Datanets.create(owner, "Bulk " + i, "", List.of(tag), i % 2 == 0 ? "OPEN" : "GATED");
        }
        List<String> statements = new CopyOnWriteArrayList<>();
        Object[] services = {ClientProxy.unwrap(datanets), ClientProxy.unwrap(participants),
                ClientProxy.unwrap(access)};
        Pool original = (Pool) field(services[0]).get(services[0]);
        Pool counting = new Pool(original.getDelegate()) {
            @Override
            public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
                statements.add(sql);
                return super.preparedQuery(sql);
            }

            @Override
            public Query<RowSet<Row>> query(String sql) {
                statements.add(sql);
                return super.query(sql);
            }
        };
        try {
            for (Object service : services) {
                field(service).set(service, counting);
            }
            page(5, tag);
            List<String> five = List.copyOf(statements);
            statements.clear();
            page(25, tag);
            List<String> twentyFive = List.copyOf(statements);

            assertThat(five).as("page, owners, curators, curators' participants, counts, myAccess").hasSize(6);
            assertThat(twentyFive).hasSameSizeAs(five);
        } finally {
            for (Object service : services) {
                field(service).set(service, original);
            }
        }
    }

    private static Field field(Object service) throws NoSuchFieldException {
        Field pool = service.getClass().getDeclaredField("pool");
        pool.setAccessible(true);
        return pool;
    }

    private static void page(int first, String tag) {
        List<?> edges = Gql.anonymous(PAGE, "first", first, "filter", Map.of("tags", List.of(tag)))
                .body("errors", nullValue()).extract().path("data.datanets.edges");
        assertThat(edges).hasSize(first);
    }
}
