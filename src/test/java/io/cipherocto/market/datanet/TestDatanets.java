package io.cipherocto.market.datanet;

import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Datanets for contribution tests, with the terms a test needs; fresh slug per call. */
final class TestDatanets {

    record Terms(BigInteger bond, long windowSeconds, BigInteger deposit, int slashBps, int rewardBps) {
    }

    private TestDatanets() {
    }

    static String participantId(TestUser user) {
        return Gql.as(user, "{ me { id } }").body("errors", nullValue()).extract().path("data.me.id");
    }

    /** A datanet owned (and curated) by {@code owner}. */
    static UUID create(TestUser owner, String policy, Terms terms) throws Throwable {
        UUID id = UUID.randomUUID();
        UUID ownerId = UUID.fromString(participantId(owner));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Commands.inTransaction(s -> s.createNativeQuery("""
                        INSERT INTO datanet (id, slug, name, description, tags, licence, policy, owner_id, bond,
                                             challenge_window_seconds, challenge_deposit, slash_share_bps,
                                             challenger_reward_bps, created_at, updated_at)
                        VALUES (:id, :slug, :name, 'test data', '{test}', 'CC-BY-4.0', :policy, :owner, :bond, :window,
                                :deposit, :slash, :reward, :now, :now)""")
                .setParameter("id", id).setParameter("slug", "t-" + id).setParameter("name", "Test " + id)
                .setParameter("policy", policy).setParameter("owner", ownerId)
                .setParameter("bond", new java.math.BigDecimal(terms.bond()))
                .setParameter("window", terms.windowSeconds())
                .setParameter("deposit", new java.math.BigDecimal(terms.deposit()))
                .setParameter("slash", terms.slashBps()).setParameter("reward", terms.rewardBps())
                .setParameter("now", now).executeUpdate()
                .chain(() -> s.createNativeQuery("INSERT INTO datanet_curator (datanet_id, participant_id, added_by, "
                                + "added_at) VALUES (:d, :p, :p, :now)")
                        .setParameter("d", id).setParameter("p", ownerId).setParameter("now", now).executeUpdate()));
        return id;
    }

    static void addCurator(UUID datanet, TestUser curator) throws Throwable {
        UUID p = UUID.fromString(participantId(curator));
        Commands.inTransaction(s -> s.createNativeQuery("INSERT INTO datanet_curator (datanet_id, participant_id, "
                        + "added_by, added_at) VALUES (:d, :p, :p, now())")
                .setParameter("d", datanet).setParameter("p", p).executeUpdate());
    }

    static void grant(UUID datanet, TestUser reader, TestUser by) throws Throwable {
        UUID p = UUID.fromString(participantId(reader));
        UUID granter = UUID.fromString(participantId(by));
        Commands.inTransaction(s -> s.createNativeQuery("INSERT INTO datanet_access_grant (id, datanet_id, "
                        + "participant_id, granted_by, granted_at) VALUES (gen_random_uuid(), :d, :p, :g, now())")
                .setParameter("d", datanet).setParameter("p", p).setParameter("g", granter).executeUpdate());
    }

    static void grantPartner(UUID datanet, String partnerId, TestUser by) throws Throwable {
        UUID granter = UUID.fromString(participantId(by));
        Commands.inTransaction(s -> s.createNativeQuery("INSERT INTO datanet_access_grant (id, datanet_id, "
                        + "partner_id, granted_by, granted_at) VALUES (gen_random_uuid(), :d, :p, :g, now())")
                .setParameter("d", datanet).setParameter("p", partnerId).setParameter("g", granter).executeUpdate());
    }
}
