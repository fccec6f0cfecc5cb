package io.cipherocto.market.job;

import io.cipherocto.market.core.error.OctoException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where an event sits in the job history: the writing transaction's id ({@code xid8}) and the row's sequence number,
 * ordered by transaction first. The opaque cursor clients hold is this position, encoded.
 */
record EventPosition(long tx, long seq) implements Comparable<EventPosition> {

    static final EventPosition ORIGIN = new EventPosition(0, 0);
    private static final String PREFIX = "job-event:";

    @Override
    public int compareTo(EventPosition other) {
        int byTx = Long.compare(tx, other.tx);
        return byTx != 0 ? byTx : Long.compare(seq, other.seq);
    }

    boolean after(EventPosition other) {
        return compareTo(other) > 0;
    }

    String cursor() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + tx + ":" + seq).getBytes(StandardCharsets.UTF_8));
    }

    /** The position of a cursor, or VALIDATION naming {@code field}. */
    static EventPosition of(String field, String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                String[] parts = text.substring(PREFIX.length()).split(":");
                if (parts.length == 2) {
                    EventPosition p = new EventPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                    if (p.tx >= 0 && p.seq >= 0) {
                        return p;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw OctoException.validation(field, "not a job event cursor");
    }
}
