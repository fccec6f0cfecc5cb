package io.cipherocto.market.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.core.db.Conditions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The visibility rule has two renderings: {@link ListingView#model} and its kin (the caller's flags as parameters, for
 * statements written once) and {@link ListingView#visibleModels} and its kin (the flags written in, for the catalogues'
 * pages, which PostgreSQL then plans once). On real rows, both select the same models, agents and quota listings for
 * 60 kinds of caller.
 */
@QuarkusTest
class ListingViewRenderingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Test
    void bothRenderingsSelectTheSameListingsForEveryCaller() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String partnerA = "pa-" + run;
        String partnerB = "pb-" + run;
        // owners: one in partner organisation A, one in none; a bystander in organisation B
        UUID ownerA = participant("owner-a-" + run, partnerA);
        UUID ownerNone = participant("owner-n-" + run, null);
        participant("other-b-" + run, partnerB);
        List<UUID> models = new ArrayList<>();
        List<UUID> quotas = new ArrayList<>();
        for (UUID owner : List.of(ownerA, ownerNone)) {
            for (boolean partnerOnly : List.of(false, true)) {
                for (boolean early : List.of(false, true)) {
                    models.add(model(owner, early, partnerOnly));
                }
                quotas.add(quota(owner, partnerOnly));
            }
        }
        // agents on: A's plain model; A's plain and early ones; the unaffiliated owner's partner-only one; A's
        // partner-only one
        List<UUID> agents = List.of(agent(ownerA, models.get(0)), agent(ownerA, models.get(0), models.get(1)),
                agent(ownerNone, models.get(6)), agent(ownerA, models.get(2)));

        Map<String, Set<UUID>> seenBy = new HashMap<>();
        for (boolean early : List.of(false, true)) {
            for (boolean admin : List.of(false, true)) {
                for (String subject : Arrays.asList(null, "owner-a-" + run, "other-b-" + run, "owner-n-" + run,
                        "nobody-" + run)) {
                    for (String partner : Arrays.asList(null, partnerA, partnerB)) {
                        ListingView view = new ListingView(early, admin, subject, partner);
                        Set<UUID> seen = new HashSet<>();
                        seen.addAll(same(view, "model m", models, ListingView.model("m", 2),
                                where -> view.visibleModels("m", where)));
                        seen.addAll(same(view, "agent a", agents, ListingView.agent("a", 2),
                                where -> view.visibleAgents("a", where)));
                        seen.addAll(same(view, "quota_listing l", quotas, ListingView.quota("l", 2),
                                where -> view.visibleQuotas("l", where)));
                        seenBy.put(view.toString(), seen);
                    }
                }
            }
        }
        // the callers differ: the comparisons above were not between empty (or full) sets only. Anonymous: A's and
        // the other owner's plain model and quota listing, the agent on A's plain model.
        assertThat(seenBy.get(new ListingView(false, false, null, null).toString()))
                .containsExactlyInAnyOrder(models.get(0), models.get(4), quotas.get(0), quotas.get(2), agents.get(0));
        assertThat(seenBy.get(new ListingView(false, true, null, null).toString())).hasSize(8 + 4 + 4);
        assertThat(seenBy.get(new ListingView(true, false, null, partnerA).toString()))
                .containsExactlyInAnyOrder(models.get(0), models.get(1), models.get(2), models.get(3), models.get(4),
                        models.get(5), quotas.get(0), quotas.get(1), quotas.get(2), agents.get(0), agents.get(1),
                        agents.get(3));
        assertThat(new HashSet<>(seenBy.values())).hasSizeGreaterThan(6);
    }

    /** What {@code view} sees of {@code ids} in {@code table}, the same by both renderings. */
    private Set<UUID> same(ListingView view, String table, List<UUID> ids, String byParameters,
            UnaryOperator<Conditions> written) {
        UUID[] array = ids.toArray(UUID[]::new);
        String alias = table.substring(table.indexOf(' ') + 1);
        Set<UUID> expected = ids(pool.preparedQuery("SELECT " + alias + ".id FROM " + table + " WHERE " + alias
                + ".id = ANY ($1) AND " + byParameters).execute(view.append(Tuple.of(array))).await().atMost(WAIT));
        Conditions where = written.apply(Conditions.over(Tuple.of(array)).and(alias + ".id = ANY ($1)"));
        Set<UUID> actual = ids(pool.preparedQuery("SELECT " + alias + ".id FROM " + table + " WHERE " + where)
                .execute(where.args()).await().atMost(WAIT));
        assertThat(actual).as("%s in %s: %s", view, table, where).isEqualTo(expected);
        return actual;
    }

    private UUID participant(String subject, String partnerId) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO participant (id, subject, username, partner_id) VALUES ($1, $2, $2, $3)")
                .execute(Tuple.of(id, subject, partnerId)).await().atMost(WAIT);
        return id;
    }

    private UUID model(UUID owner, boolean early, boolean partnerOnly) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO model (id, owner_id, name, version, base_model, licence, weights_hash, price_per_inference,
                                   early_access, partner_only, created_at, updated_at)
                VALUES ($1, $2, 'Rendering', 'v' || replace($1::text, '-', ''), 'llama-3-8b', 'MIT', encode(sha256($1::text::bytea), 'hex'), 1,
                        $3, $4, now(), now())""")
                .execute(Tuple.of(id, owner, early, partnerOnly)).await().atMost(WAIT);
        return id;
    }

    private UUID agent(UUID owner, UUID... models) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO agent (id, owner_id, name, price_per_call, status, created_at, updated_at) "
                + "VALUES ($1, $2, 'Rendering agent', 1, 'LISTED', now(), now())").execute(Tuple.of(id, owner))
                .await().atMost(WAIT);
        for (int i = 0; i < models.length; i++) {
            pool.preparedQuery("INSERT INTO agent_model (agent_id, model_id, position) VALUES ($1, $2, $3)")
                    .execute(Tuple.of(id, models[i], i + 1)).await().atMost(WAIT);
        }
        return id;
    }

    private UUID quota(UUID seller, boolean partnerOnly) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO quota_listing (id, seller_id, provider, model_family, total_tokens, remaining_tokens,
                                           price_per_million, face_price_per_million, minimum_tokens, expires_at,
                                           gateway_reference, status, partner_only, created_at, updated_at)
                VALUES ($1, $2, 'OTHER', 'rendering', 1000, 1000, 1, 1, 1, now() + interval '1 day', 'gw', 'LISTED', $3,
                        now(), now())""").execute(Tuple.of(id, seller, partnerOnly)).await().atMost(WAIT);
        return id;
    }

    private static Set<UUID> ids(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        Set<UUID> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.getUUID(0)));
        return ids;
    }
}
