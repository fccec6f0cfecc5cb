package io.cipherocto.market.settlement;

import io.cipherocto.market.core.scalar.TokenAmount;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("WithdrawalQuote")
@Description("What a withdrawal of `amount` would cost, before committing to it.")
public record WithdrawalQuote(
        @NonNull @Description("Paid out to the wallet.") TokenAmount amount,
        @NonNull @Description("Kept by the platform for the payout's gas.") TokenAmount fee,
        @NonNull @Description("Taken from available funds: amount + fee.") TokenAmount total,
        @NonNull @Description("Smallest amount that may be withdrawn.") TokenAmount minimum,
        @NonNull @Description("True when amount is below the minimum: requestWithdrawal would refuse it.")
        Boolean belowMinimum,
        @NonNull @Description("Most withdrawals one participant may have on their way at once.") Integer maxQueued) {
}
