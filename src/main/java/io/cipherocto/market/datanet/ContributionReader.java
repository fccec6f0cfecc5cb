package io.cipherocto.market.datanet;

import io.cipherocto.market.core.db.Rows;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/**
 * Who reads contributions, as the read rule needs it: the participant (none when anonymous), their partner
 * organisation, and whether they administer the marketplace. Every contribution query takes these as its first three
 * arguments and applies {@link #VISIBLE}: a GATED datanet's contributions reach only those the datanet admits.
 */
public record ContributionReader(UUID participantId, String partnerId, boolean admin) {

    public static final ContributionReader ANONYMOUS = new ContributionReader(null, null, false);

    /**
     * The read rule over a contribution aliased {@code c}, with the reader as $1 (participant), $2 (partner id),
     * $3 (admin): readable datanet (V10's {@code datanet_readable}), or the contributor themself, or an admin.
     */
    static final String VISIBLE = "(datanet_readable(c.datanet_id, $1, $2) OR c.contributor_id = $1 OR $3)";

    /** The reader's arguments, then the query's own ($4 onwards). */
    Tuple args(Object... more) {
        Object[] all = new Object[3 + more.length];
        all[0] = participantId;
        all[1] = partnerId;
        all[2] = admin;
        System.arraycopy(more, 0, all, 3, more.length);
        return Rows.tuple(all);
    }
}
