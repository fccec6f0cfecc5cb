package io.cipherocto.market.settlement;

import io.cipherocto.market.chain.ChainError;
import io.cipherocto.market.chain.ChainOutbox;
import io.cipherocto.market.core.db.Rows;
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
        @NonNull @Description("Paid out to the wallet.") TokenAmount amount,
        @NonNull @Description("Kept by the platform for the payout's gas (taken besides amount).") TokenAmount fee,
        @NonNull WithdrawalStatus status,
        @Description("Transaction that paid (or is paying) it.") String txHash,
        @NonNull @Description("bytes32 payout reference: the vault pays each reference once.") String reference,
        @NonNull Integer attempts,
        @Description("Why the last attempt to send the payout failed; it is retried.") ChainError lastError,
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
         * A withdrawal settlement has not yet seen paid, by its payout's progress on chain. PAID is never derived
         * from the outbox: only the mirrored Payout makes a withdrawal paid. Exhaustive on purpose: a state the
         * outbox gains later must be placed here.
         */
        static WithdrawalStatus inFlight(ChainOutbox.Status payout) {
            return switch (payout) {
                case PENDING -> QUEUED;
                case SENDING -> SENDING;
                case SENT, DONE -> SENT;
            };
        }
    }

    /** A row of {@link WithdrawalService#COLUMNS}, as settlement knows it (QUEUED or PAID, no payout progress yet). */
    static Withdrawal of(Row w) {
        WithdrawalStatus status = WithdrawalEntity.Status.valueOf(w.getString("status")) == WithdrawalEntity.Status.PAID
                ? WithdrawalStatus.PAID : WithdrawalStatus.QUEUED;
        return new Withdrawal(w.getUUID("id"), EvmAddress.of(w.getString("wallet")),
                TokenAmount.of(Rows.bigInteger(w, "amount")), TokenAmount.of(Rows.bigInteger(w, "fee")), status, null, w.getString("payout_reference"), 0, null,
                w.getOffsetDateTime("created_at"), w.getOffsetDateTime("updated_at"));
    }

    /** The same withdrawal with its payout's progress on chain (none if the outbox has no row for it). */
    Withdrawal with(ChainOutbox.Progress payout) {
        if (payout == null) {
            return this;
        }
        WithdrawalStatus shown = status == WithdrawalStatus.PAID ? WithdrawalStatus.PAID
                : WithdrawalStatus.inFlight(payout.status());
        OffsetDateTime updated = payout.updatedAt().isAfter(updatedAt) ? payout.updatedAt() : updatedAt;
        return new Withdrawal(id, wallet, amount, fee, shown, payout.txHash(), reference, payout.attempts(),
                payout.lastError(), createdAt, updated);
    }
}
