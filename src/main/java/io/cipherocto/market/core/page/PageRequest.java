package io.cipherocto.market.core.page;

import io.cipherocto.market.core.error.OctoException;

/** A validated {@code first}/{@code after} pair: every connection argument goes through here. */
public record PageRequest(int first, Cursor after) {

    public static final int DEFAULT_SIZE = 20;

    public static PageRequest of(Integer first, String after, int maxSize) {
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
}
