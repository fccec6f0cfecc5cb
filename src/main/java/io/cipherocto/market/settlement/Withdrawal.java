package io.cipherocto.market.settlement;

import io.cipherocto.market.chain.ChainOutbox;
import io.cipherocto.market.core.page.Cursor;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.vertx.mutiny.sqlclient.Row;
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
        @NonNull EvmAddress wallet,
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
        PAID;

        /**
         * PAID only when settlement recorded the mirrored Payout; before that, the payout's progress on chain.
         * Exhaustive on purpose: a state the outbox gains later must be placed here, never shown as PAID.
         */
        static WithdrawalStatus of(WithdrawalEntity.Status own, ChainOutbox.Status payout) {
            if (own == WithdrawalEntity.Status.PAID) {
                return PAID;
            }
            return switch (payout) {
                case PENDING -> QUEUED;
                case SENDING -> SENDING;
                case SENT, DONE -> SENT;
            };
        }
    }

    /** A row of {@link WithdrawalService#COLUMNS} and the payout's progress (null if the outbox has no row). */
    static Withdrawal of(Row w, ChainOutbox.Progress payout) {
        WithdrawalEntity.Status own = WithdrawalEntity.Status.valueOf(w.getString("status"));
        OffsetDateTime updated = w.getOffsetDateTime("updated_at");
        if (payout != null && payout.updatedAt().isAfter(updated)) {
            updated = payout.updatedAt();
        }
        WithdrawalStatus status = payout != null ? WithdrawalStatus.of(own, payout.status())
                : own == WithdrawalEntity.Status.PAID ? WithdrawalStatus.PAID : WithdrawalStatus.QUEUED;
        return new Withdrawal(w.getUUID("id"), EvmAddress.of(w.getString("wallet")),
                TokenAmount.of(w.getNumeric("amount").bigIntegerValue()), status,
                payout == null ? null : payout.txHash(), w.getString("payout_reference"),
                payout == null ? 0 : payout.attempts(), payout == null ? null : payout.lastError(),
                w.getOffsetDateTime("created_at"), updated);
    }

    Cursor cursor() {
        return new Cursor(createdAt.toInstant(), id);
    }
}
