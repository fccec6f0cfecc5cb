package io.cipherocto.market.job;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** Money that moved for a job, as it appears in the job's event feed. */
@Type("JobPayment")
@Description("Money that moved for a job. Ledger movements are FINAL when committed; a slash touches the chain: "
        + "PENDING when asked for, CONFIRMED when the mirrored Slashed event arrives, REVERTED if a reorg removed it.")
public record JobPayment(
        @NonNull Kind kind,
        @NonNull TokenAmount amount,
        @Id @Description("Whose account it moved (the operator for PAYOUT and SLASH, the consumer otherwise).")
        UUID participantId,
        @NonNull Finality finality) {

    @Enum("JobPaymentKind")
    public enum Kind {
        @Description("The budget moved from the consumer's available funds to escrow.") ESCROW,
        @Description("The operator was paid out of escrow (amount net of the fee).") PAYOUT,
        @Description("The platform's fee out of the operator's payment.") FEE,
        @Description("Unspent escrow went back to the consumer.") REFUND,
        @Description("The operator's stake is slashed for repeatedly abandoned leases.") SLASH
    }

    @Enum("PaymentFinality")
    public enum Finality {
        @Description("Asked for; not on chain yet.") PENDING,
        @Description("Mined and mirrored after the confirmation depth.") CONFIRMED,
        @Description("Settled for good (a committed ledger posting).") FINAL,
        @Description("A reorg removed it; it will be sent again.") REVERTED
    }
}
