package io.cipherocto.market.core.page;

import io.cipherocto.market.core.error.OctoException;
import org.eclipse.microprofile.config.ConfigProvider;

/** A validated {@code first}/{@code after} pair: every connection argument goes through here. */
public record PageRequest(int first, Cursor after) {

    public static final int DEFAULT_SIZE = 20;

    /** Validates a connection's arguments against {@code octo.graphql.max-page-size}. */
    public static PageRequest of(Integer first, String after) {
        return of(first, after, MaxSize.VALUE);
    }

    static PageRequest of(Integer first, String after, int maxSize) {
        int size = first == null ? Math.min(DEFAULT_SIZE, maxSize) : first;
        if (size < 1 || size > maxSize) {
            throw OctoException.validation("first", "must be between 1 and " + maxSize);
        }
        return new PageRequest(size, after == null || after.isEmpty() ? null : Cursor.decode(after, "after"));
    }

    /** Rows to fetch: one more than asked, to learn whether a next page exists without counting. */
    public int fetchSize() {
        return first + 1;
    }

    // Read on first use and kept: the limit is fixed for the server's life, and every list passes here.
    private static final class MaxSize {
        static final int VALUE = ConfigProvider.getConfig().getValue("octo.graphql.max-page-size", Integer.class);
    }
}
