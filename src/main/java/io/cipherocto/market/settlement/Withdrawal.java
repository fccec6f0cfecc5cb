package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.Cursor;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.staking.ChainOutbox;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Withdrawal")
@Description("Funds on their way from the ledger to a linked wallet through the PaymentVault contract.")
public record Withdrawal(
        @NonNull @Id UUID id,
        @NonNull String wallet,
        @NonNull TokenAmount amount,
        @NonNull WithdrawalStatus status,
        @Description("Transaction that paid (or is paying) it.") String txHash,
        @NonNull @Description("bytes32 payout reference: the vault pays each reference once.") String reference,
        @NonNull Integer attempts,
        @Description("Why the last attempt failed; it is retried.") String lastError,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt) {

    public enum WithdrawalStatus {
        /** Debited from available funds, waiting to be sent. */
        QUEUED,
        /** A replica is sending the payout transaction. */
        SENDING,
        /** Mined or in flight; waiting for the mirrored Payout event. */
        SENT,
        /** The Payout event is mirrored: the funds are in the wallet. */
        PAID
    }

    static Withdrawal of(ChainOutbox.Item item) {
        WithdrawalStatus status = switch (item.status()) {
            case "PENDING" -> WithdrawalStatus.QUEUED;
            case "SENDING" -> WithdrawalStatus.SENDING;
            case "SENT" -> WithdrawalStatus.SENT;
            default -> WithdrawalStatus.PAID;
        };
        return new Withdrawal(item.id(), item.account(), TokenAmount.of(item.amount()), status, item.txHash(),
                item.ref(), item.attempts(), item.lastError(), item.createdAt(), item.updatedAt());
    }

    Cursor cursor() {
        return new Cursor(createdAt.toInstant(), id);
    }
}
