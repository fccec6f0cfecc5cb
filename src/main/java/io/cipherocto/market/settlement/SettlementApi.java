package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.identity.CurrentCaller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** GraphQL surface of the settlement ledger: the caller's balances, history and withdrawals. */
@GraphQLApi
public class SettlementApi {

    @Inject
    CurrentCaller current;

    @Inject
    LedgerService ledger;

    @Inject
    WithdrawalService withdrawals;

    @Query
    @Authenticated
    @Description("The caller's ledger balances.")
    public Uni<@NonNull Balances> myBalances() {
        return current.participant()
                .flatMap(me -> ledger.balancesOf(me.id()))
                .map(b -> new Balances(TokenAmount.of(b.get(AccountKind.AVAILABLE)),
                        TokenAmount.of(b.get(AccountKind.ESCROW)), TokenAmount.of(b.get(AccountKind.BONDED))));
    }

    @Mutation
    @Authenticated
    @Description("Moves `amount` plus the withdrawal fee from available funds into a payout to a linked wallet "
            + "(the newest when `wallet` is omitted); see withdrawalQuote for the fee and the minimum. The payout is "
            + "sent on chain and retried until mined; watch myWithdrawals.")
    public Uni<@NonNull Withdrawal> requestWithdrawal(@NonNull @Name("amount") TokenAmount amount,
            @Name("wallet") EvmAddress wallet) {
        return current.participant().chain(me -> withdrawals.request(me.id(), amount, wallet));
    }

    @Query
    @NonNull
    @Description("What withdrawing `amount` would cost (fee, total taken, minimum), before requesting it.")
    public WithdrawalQuote withdrawalQuote(@NonNull @Name("amount") TokenAmount amount) {
        return withdrawals.quote(amount);
    }

    @Query
    @Authenticated
    @Description("The caller's withdrawals and their payout status, newest first.")
    public Uni<@NonNull WithdrawalConnection> myWithdrawals(@Name("first") Integer first, @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return current.participant()
                .chain(me -> withdrawals.page(me.id(), page))
                .map(WithdrawalConnection::new);
    }

    @Query
    @Authenticated
    @Description("The caller's ledger entries, newest first.")
    public Uni<@NonNull LedgerEntryConnection> myLedger(@Name("first") Integer first, @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return current.participant()
                .flatMap(me -> ledger.history(me.id(), page))
                .map(LedgerEntryConnection::new);
    }
}
