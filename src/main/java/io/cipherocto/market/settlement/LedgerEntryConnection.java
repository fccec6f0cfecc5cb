package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.PageRequest;
import java.util.List;
import org.eclipse.microprofile.graphql.Type;

/** A page of the caller's ledger entries, newest first. */
@Type("LedgerEntryConnection")
public class LedgerEntryConnection extends Connection<LedgerEntry, LedgerEntryEdge> {

    LedgerEntryConnection(List<LedgerEntry> rows, PageRequest page) {
        super(rows, page, LedgerEntry::cursor, LedgerEntryEdge::new);
    }
}
