package io.cipherocto.market.partner;

import io.smallrye.mutiny.Uni;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The seam through which the partner KPIs read marketplace volume without knowing the ledger: settlement implements
 * it (features depend on partner, never the other way).
 */
public interface TransactionVolume {

    /** Sales volume in a window (base units): all of it, and the part with a member of a partner among its parties. */
    record Volume(BigInteger total, BigInteger partner) {
    }

    /**
     * Volume of the sales recorded in [{@code from}, {@code to}); a sale is partner volume when one of its parties is
     * a participant whose partner_id is among {@code partnerIds}. One statement.
     */
    Uni<Volume> volume(OffsetDateTime from, OffsetDateTime to, List<String> partnerIds);
}
