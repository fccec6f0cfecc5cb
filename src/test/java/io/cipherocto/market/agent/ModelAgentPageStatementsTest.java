package io.cipherocto.market.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.cipherocto.market.model.TestModels;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.SqlStatements;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.jboss.logging.Logger;

/**
 * A page of models (with owner, datanets, parent and agents) and a page of agents (with owner and models, and those
 * models' owners and datanets) cost a fixed number of SQL statements, whatever their size: every nested field is
 * loaded for the whole page at once. Counted on a quiet server, as ContributionBatchingTest does.
 */
@QuarkusTest
@TestProfile(SqlStatements.Quiet.class)
public class ModelAgentPageStatementsTest {

    private static final Logger LOG = Logger.getLogger(ModelAgentPageStatementsTest.class);

    static final String MODELS = """
            query($o: ID!, $n: Int!) { models(filter: { owner: $o }, first: $n) { edges { node {
              id name pricePerInference owner { id username } datanets { id name } parent { id version }
              agents { id }
            } } } }""";
    static final String AGENTS = """
            query($o: ID!, $n: Int!) { agents(filter: { owner: $o }, first: $n) { edges { node {
              id name pricePerCall owner { id username } models { id owner { id } datanets { id } parent { id } }
            } } } }""";

    @Test
    void pagesOfModelsAndAgentsCostTheSameStatementsAtAnySize() throws Throwable {
        TestUser owner = TestUsers.create("modeller", "contributor");
        UUID ownerId = UUID.fromString(TestModels.signIn(owner));
        TestUser curator = TestUsers.create("curator", "curator");
        UUID d1 = datanet(curator);
        UUID d2 = datanet(curator);
        seed(ownerId, d1, d2, 60);
        // warm: participant rows, prepared statements
        Gql.anonymous(MODELS, "o", ownerId.toString(), "n", 2).body("errors", nullValue());
        Gql.anonymous(AGENTS, "o", ownerId.toString(), "n", 2).body("errors", nullValue());

        long models5 = SqlStatements.of(() -> Gql.anonymous(MODELS, "o", ownerId.toString(), "n", 5)
                .body("errors", nullValue()).body("data.models.edges.size()", equalTo(5)));
        long models50 = SqlStatements.of(() -> Gql.anonymous(MODELS, "o", ownerId.toString(), "n", 50)
                .body("errors", nullValue()).body("data.models.edges.size()", equalTo(50))
                .body("data.models.edges[49].node.datanets.size()", equalTo(2))
                .body("data.models.edges[49].node.parent.id", notNullValue())
                .body("data.models.edges[49].node.agents.size()", equalTo(2)));
        long agents5 = SqlStatements.of(() -> Gql.anonymous(AGENTS, "o", ownerId.toString(), "n", 5)
                .body("errors", nullValue()).body("data.agents.edges.size()", equalTo(5)));
        long agents50 = SqlStatements.of(() -> Gql.anonymous(AGENTS, "o", ownerId.toString(), "n", 50)
                .body("errors", nullValue()).body("data.agents.edges.size()", equalTo(50))
                .body("data.agents.edges[49].node.models.size()", equalTo(2))
                .body("data.agents.edges[49].node.models[0].datanets.size()", equalTo(2)));
        LOG.infof("statements: models page of 5 = %d, of 50 = %d; agents page of 5 = %d, of 50 = %d",
                models5, models50, agents5, agents50);
        assertThat(models5).isPositive();
        assertThat(models50).isEqualTo(models5);
        assertThat(agents5).isPositive();
        assertThat(agents50).isEqualTo(agents5);
    }

    /**
     * The catalogue page reads its models' owners in its own statement, and a page's datanets (links and rows)
     * take one more: the owner costs nothing on top of the page, the datanets one statement whatever the page.
     */
    @Test
    void aModelsPageBringsItsOwnersAndItsDatanetsInOneStatementEach() throws Throwable {
        TestUser owner = TestUsers.create("modeller", "contributor");
        UUID ownerId = UUID.fromString(TestModels.signIn(owner));
        TestUser curator = TestUsers.create("curator", "curator");
        seed(ownerId, datanet(curator), datanet(curator), 6);
        String bare = "query($o: ID!) { models(filter: { owner: $o }, first: 5) { edges { node { id } } } }";
        String withOwner = """
                query($o: ID!) { models(filter: { owner: $o }, first: 5) { edges { node { id owner { id username } }
                } } }""";
        String withBoth = """
                query($o: ID!) { models(filter: { owner: $o }, first: 5) { edges { node { id owner { id username }
                  datanets { id name slug } } } } }""";
        for (String warm : List.of(bare, withOwner, withBoth)) {
            Gql.anonymous(warm, "o", ownerId.toString()).body("errors", nullValue());
        }
        long page = SqlStatements.of(() -> Gql.anonymous(bare, "o", ownerId.toString()).body("errors", nullValue()));
        long owners = SqlStatements.of(() -> Gql.anonymous(withOwner, "o", ownerId.toString())
                .body("errors", nullValue())
                .body("data.models.edges.node.owner.id", everyItem(equalTo(ownerId.toString())))
                .body("data.models.edges[4].node.owner.username", equalTo(owner.username())));
        long both = SqlStatements.of(() -> Gql.anonymous(withBoth, "o", ownerId.toString())
                .body("errors", nullValue())
                .body("data.models.edges[4].node.datanets.size()", equalTo(2))
                .body("data.models.edges[4].node.datanets[0].slug", startsWith("dn-")));
        LOG.infof("statements: models page = %d, with owners = %d, with owners and datanets = %d", page, owners,
                both);
        assertThat(owners).isEqualTo(page);
        assertThat(both).isEqualTo(page + 1);
    }

    private static UUID datanet(TestUser curator) {
        Map<String, Object> input = Map.of("name", "Training " + TestModels.word(), "slug",
                "dn-" + UUID.randomUUID().toString().substring(0, 13), "licence", "CC0", "policy", "OPEN");
        return UUID.fromString(Gql.as(curator, "mutation($i: CreateDatanetInput!) { createDatanet(input: $i) { id } }",
                "i", input).body("errors", nullValue()).extract().path("data.createDatanet.id"));
    }

    /**
     * {@code n} model versions, each trained on both datanets and fine-tuned from the one before, and {@code n} LISTED
     * agents, agent i built on models i and i+1; written straight to the tables.
     */
    private static void seed(UUID owner, UUID d1, UUID d2, int n) throws Throwable {
        Commands.inTransaction(s -> s.createNativeQuery("""
                        WITH ids AS (
                            SELECT i, gen_random_uuid() AS model_id, gen_random_uuid() AS agent_id
                              FROM generate_series(1, :n) i),
                        models AS (
                            INSERT INTO model (id, owner_id, name, version, base_model, licence, weights_hash,
                                   price_per_inference, parent_id, created_at, updated_at)
                            SELECT c.model_id, :o, 'Seeded', '1.' || c.i, 'llama-3-8b', 'MIT',
                                   encode(sha256(c.model_id::text::bytea), 'hex'), c.i, p.model_id,
                                   now() - c.i * interval '1 second', now()
                              FROM ids c LEFT JOIN ids p ON p.i = c.i + 1 RETURNING id),
                        links AS (
                            INSERT INTO model_datanet (model_id, datanet_id)
                            SELECT model_id, d FROM ids, unnest(ARRAY[CAST(:d1 AS uuid), CAST(:d2 AS uuid)]) d
                             WHERE EXISTS (SELECT 1 FROM models) RETURNING model_id),
                        agents AS (
                            INSERT INTO agent (id, owner_id, name, price_per_call, status, created_at, updated_at)
                            SELECT agent_id, :o, 'Seeded agent', i, 'LISTED', now() - i * interval '1 second', now()
                              FROM ids RETURNING id),
                        agent_links AS (
                            INSERT INTO agent_model (agent_id, model_id, position)
                            SELECT a.agent_id, m.model_id, m.i - a.i + 1 FROM ids a JOIN ids m ON m.i IN (a.i, a.i + 1)
                             WHERE EXISTS (SELECT 1 FROM models) AND EXISTS (SELECT 1 FROM agents) RETURNING agent_id)
                        SELECT (SELECT count(*) FROM models) + (SELECT count(*) FROM links)
                               + (SELECT count(*) FROM agent_links)""")
                .setParameter("n", n).setParameter("o", owner).setParameter("d1", d1).setParameter("d2", d2)
                .getSingleResult());
    }
}
