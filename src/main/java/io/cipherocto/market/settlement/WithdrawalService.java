package io.cipherocto.market.settlement;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.evm.EvmAddress;
import io.cipherocto.market.core.page.Cursor;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.identity.IdentityService;
import io.cipherocto.market.identity.Wallet;
import io.cipherocto.market.staking.Chain;
import io.cipherocto.market.staking.ChainOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Withdrawals: the ledger debit and the queued payout commit together, so a request is either fully queued
 * or not at all; the outbox then gets it mined, even across restarts and node outages.
 */
@ApplicationScoped
public class WithdrawalService {

    private final Pool pool;
    private final LedgerService ledger;
    private final ChainOutbox outbox;
    private final IdentityService identity;
    private final Chain chain;

    WithdrawalService(Pool pool, LedgerService ledger, ChainOutbox outbox, IdentityService identity, Chain chain) {
        this.pool = pool;
        this.ledger = ledger;
        this.outbox = outbox;
        this.identity = identity;
        this.chain = chain;
    }

    /** Withdraws to {@code rawWallet}, or to the most recently linked wallet when none is named. */
    public Uni<Withdrawal> request(UUID participantId, TokenAmount amount, String rawWallet) {
        if (amount.value().signum() == 0) {
            throw OctoException.validation("amount", "must be positive");
        }
        String named = rawWallet == null ? null : EvmAddress.normalize("wallet", rawWallet);
        if (!chain.enabled()) {
            throw new OctoException(ErrorCode.UNAVAILABLE, "no chain is configured on this server",
                    Map.of("dependency", "chain"));
        }
        return identity.walletsOf(List.of(participantId)).map(List::getFirst).chain(wallets -> {
            String to = chooseWallet(wallets, named);
            UUID id = UUID.randomUUID();
            return pool.withTransaction(conn -> ledger
                    .post(conn, Posting.withdrawalRequested(participantId, amount.value(), "withdrawal:" + id))
                    .chain(() -> outbox.enqueuePayout(conn, id, participantId, to, amount.value())))
                    .map(Withdrawal::of);
        });
    }

    public Uni<List<Withdrawal>> page(UUID participantId, PageRequest page) {
        Cursor after = page.after();
        return outbox.ofParticipant(participantId,
                        after == null ? null : OffsetDateTime.ofInstant(after.sortKey(), ZoneOffset.UTC),
                        after == null ? null : after.id(), page.fetchSize())
                .map(items -> items.stream().map(Withdrawal::of).toList());
    }

    private static String chooseWallet(List<Wallet> wallets, String named) {
        if (wallets.isEmpty()) {
            throw OctoException.validation("wallet", "link a wallet first (walletChallenge, linkWallet)");
        }
        if (named == null) {
            return wallets.getLast().address();
        }
        return wallets.stream().map(Wallet::address).filter(named::equals).findFirst()
                .orElseThrow(() -> OctoException.validation("wallet", "not one of your linked wallets"));
    }
}
