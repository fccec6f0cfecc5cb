package io.cipherocto.market.settlement;

import io.cipherocto.market.core.scalar.TokenAmount;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Balances")
@Description("A participant's ledger balances in base units.")
public record Balances(
        @NonNull @Description("Spendable and withdrawable.") TokenAmount available,
        @NonNull @Description("Held for pending withdrawals and purchases.") TokenAmount escrow,
        @NonNull @Description("Locked as bonds.") TokenAmount bonded) {
}
