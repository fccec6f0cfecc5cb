package io.cipherocto.market.datanet;

import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.partner.AccessPolicy;
import io.cipherocto.market.partner.Action;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may read a datanet's contributions, in Java and as SQL. The rule itself lives once, in the SQL function
 * {@code datanet_readable} (V10): OPEN, or a curator, or granted (participant or partner organisation). Around it,
 * admins read everything and a contributor always reads their own. Lists filter with {@link #contributionReadable}
 * in their WHERE clause, so a page never loads rows it then hides.
 *
 * <p>Placeholders are passed in, so the fragments work with the Vert.x client ({@code $2}) and with native queries on
 * a command's session ({@code :reader}); they cast their parameters, so a NULL reader (anonymous) is typed.
 */
@ApplicationScoped
public class DatanetReaders {

    /** Who reads: the participant (null: anonymous), their partner organisation, whether they are an admin. */
    public record Reader(UUID participantId, String partnerId, boolean admin) {

        public static final Reader ANONYMOUS = new Reader(null, null, false);

        /** {@code tuple} with the three values appended, in order. */
        public Tuple appendTo(Tuple tuple) {
            return tuple.addValue(participantId).addValue(partnerId).addValue(admin);
        }
    }

    private final Pool pool;
    private final ParticipantService participants;
    private final AccessPolicy policy;

    DatanetReaders(Pool pool, ParticipantService participants, AccessPolicy policy) {
        this.pool = pool;
        this.participants = participants;
        this.policy = policy;
    }

    /** True when the reader may read the datanet in {@code datanetColumn} (an unknown datanet: false). */
    public static String datanetReadable(String datanetColumn, String reader, String partner, String admin) {
        return "(COALESCE(datanet_readable(" + datanetColumn + ", CAST(" + reader + " AS uuid), CAST(" + partner
                + " AS text)), false) OR CAST(" + admin + " AS boolean))";
    }

    /**
     * True when the reader may read a contribution: its datanet is readable to them, or they made it
     * ({@code contributorColumn}), or they are an admin.
     */
    public static String contributionReadable(String datanetColumn, String contributorColumn, String reader,
            String partner, String admin) {
        return "(" + datanetReadable(datanetColumn, reader, partner, admin) + " OR COALESCE(" + contributorColumn
                + " = CAST(" + reader + " AS uuid), false))";
    }

    /** The reader behind a caller (anonymous when empty); admins through {@link Action#ADMINISTER}. */
    public Uni<Reader> readerOf(Optional<Caller> caller) {
        if (caller.isEmpty()) {
            return Uni.createFrom().item(Reader.ANONYMOUS);
        }
        Caller c = caller.get();
        return participants.participantOf(c).map(p -> readerOf(c, p));
    }

    /** The reader for a caller whose participant is already known (the request's memoised one). */
    public Reader readerOf(Caller caller, Participant participant) {
        return new Reader(participant.id(), caller.partnerId().orElse(null), policy.allows(caller, Action.ADMINISTER));
    }

    /** Whether {@code caller} (null: anonymous) may read the contributions of {@code datanetId}. */
    public Uni<Boolean> canRead(UUID datanetId, Caller caller) {
        return readerOf(Optional.ofNullable(caller)).chain(reader -> canRead(datanetId, reader));
    }

    public Uni<Boolean> canRead(UUID datanetId, Reader reader) {
        return pool.preparedQuery("SELECT " + datanetReadable("$1", "$2", "$3", "$4"))
                .execute(reader.appendTo(Tuple.of(datanetId)))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }
}
