package io.cipherocto.market.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExceptionWhileDataFetching;
import graphql.GraphQLError;
import graphql.execution.ResultPath;
import graphql.language.SourceLocation;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/**
 * Every key the migrated schema enforces (PRIMARY KEY, UNIQUE, EXCLUDE constraints and unique indexes) is either a
 * CONFLICT reason in {@link ConstraintConflict} or deliberately internal-only, so a race on a new table cannot
 * surface as INTERNAL unnoticed.
 */
@QuarkusTest
class ConstraintConflictTest {

    private static final String KEYS = """
            SELECT c.conname AS name FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
             WHERE n.nspname = current_schema() AND c.contype IN ('u', 'p', 'x')
            UNION
            SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
              JOIN pg_namespace n ON n.oid = i.relnamespace
             WHERE n.nspname = current_schema() AND x.indisunique
            """;

    @Inject
    Pool pool;

    @Test
    void everyKeyConstraintIsAConflictReasonOrDeliberatelyInternal() {
        Set<String> declared = StreamSupport.stream(pool.query(KEYS).execute().await().atMost(Duration.ofSeconds(10))
                .spliterator(), false).map(row -> row.getString("name"))
                .filter(name -> !name.startsWith("flyway_")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> mapped = Arrays.stream(ConstraintConflict.values()).map(ConstraintConflict::constraint)
                .collect(Collectors.toSet());

        assertThat(declared).as("the probe sees the schema's keys").contains("wallet_pkey", "participant_pkey");
        Set<String> unlisted = new TreeSet<>(declared);
        unlisted.removeAll(mapped);
        unlisted.removeAll(ConstraintConflict.INTERNAL_ONLY);
        assertThat(unlisted).as("keys with no CONFLICT reason and not listed internal-only in ConstraintConflict")
                .isEmpty();

        Set<String> both = new HashSet<>(mapped);
        both.retainAll(ConstraintConflict.INTERNAL_ONLY);
        assertThat(both).as("a constraint is a reason or internal-only, not both").isEmpty();
        Set<String> stale = new TreeSet<>(mapped);
        stale.addAll(ConstraintConflict.INTERNAL_ONLY);
        stale.removeAll(declared);
        assertThat(stale).as("names in ConstraintConflict that the schema does not declare").isEmpty();
    }

    /** The table as ErrorMapper applies it, to real PostgreSQL failures (each in a transaction rolled back). */
    @Test
    void aRealDuplicateKeyBecomesConflictWithTheTablesReasonAndAServerKeyBecomesInternal() throws Exception {
        UUID participant = UUID.randomUUID();
        String address = "0x" + Keys.getAddress(Keys.createEcKeyPair());
        String insertParticipant = "INSERT INTO participant (id, subject, username) VALUES ($1, $2, 'constraint-test')";
        String insertWallet = "INSERT INTO wallet (address, participant_id) VALUES ($1, $2)";

        Throwable duplicateWallet = failure(insertParticipant, Tuple.of(participant, "s-" + participant),
                insertWallet, Tuple.of(address, participant), insertWallet, Tuple.of(address, participant));
        Map<String, Object> conflict = map(duplicateWallet).getExtensions();
        assertThat(conflict).containsEntry("code", "CONFLICT")
                .containsEntry("reason", ConstraintConflict.WALLET_LINKED_CONCURRENTLY.name())
                .containsEntry("address", address);

        Throwable duplicateId = failure(insertParticipant, Tuple.of(participant, "a-" + participant),
                insertParticipant, Tuple.of(participant, "b-" + participant), null, null);
        GraphQLError internal = map(duplicateId);
        assertThat(internal.getExtensions()).containsEntry("code", "INTERNAL").containsKey("errorId")
                .doesNotContainKey("reason");
        assertThat(internal.getMessage()).doesNotContain("participant_pkey", "duplicate");
    }

    private static GraphQLError map(Throwable failure) {
        return ErrorMapper.map(new ExceptionWhileDataFetching(ResultPath.rootPath(), failure, SourceLocation.EMPTY));
    }

    /** Runs the statements in one transaction that must fail (and so rolls back); the failure. */
    private Throwable failure(String sql1, Tuple args1, String sql2, Tuple args2, String sql3, Tuple args3) {
        try {
            pool.withTransaction(conn -> conn.preparedQuery(sql1).execute(args1)
                    .chain(() -> conn.preparedQuery(sql2).execute(args2))
                    .chain(() -> sql3 == null ? io.smallrye.mutiny.Uni.createFrom().voidItem()
                            : conn.preparedQuery(sql3).execute(args3).replaceWithVoid()))
                    .await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the statements were meant to violate a key");
    }
}
