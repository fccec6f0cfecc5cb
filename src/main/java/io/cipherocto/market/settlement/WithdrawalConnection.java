package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import java.util.List;
import org.eclipse.microprofile.graphql.Type;

/** A page of the caller's withdrawals, newest first. */
@Type("WithdrawalConnection")
public class WithdrawalConnection extends Connection<Withdrawal, WithdrawalEdge> {

    WithdrawalConnection(Page<Withdrawal> page) {
        super(page, WithdrawalEdge::new);
    }
}
