package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

/** A page of the caller's ledger entries, newest first. */
@Type("LedgerEntryConnection")
public class LedgerEntryConnection extends Connection<LedgerEntry, LedgerEntryEdge> {

    LedgerEntryConnection(Page<LedgerEntry> page) {
        super(page, LedgerEntryEdge::new);
    }
}
