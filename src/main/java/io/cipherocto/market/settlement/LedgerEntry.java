package io.cipherocto.market.settlement;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("LedgerEntry")
@Description("One movement on one of the caller's accounts.")
public record LedgerEntry(
        @NonNull @Id UUID id,
        @NonNull AccountKind account,
        @NonNull Direction direction,
        @NonNull TokenAmount amount,
        @NonNull TransactionKind transactionKind,
        @NonNull @Id UUID transactionId,
        @NonNull OffsetDateTime createdAt) {

    @Enum("LedgerDirection")
    public enum Direction { CREDIT, DEBIT }
}
