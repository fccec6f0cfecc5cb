package io.cipherocto.market.core.page;

import io.cipherocto.market.core.db.Conditions;
import io.cipherocto.market.core.db.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * A list's sort order: columns, each ascending or descending, then the id that makes the order total. It writes
 * the keyset part of a page's SQL (the rows after the cursor, ORDER BY, LIMIT) and issues the cursors that resume
 * it, so a list is one SQL constant with {@link #SLOT} where that part goes. Sort columns must be NOT NULL:
 * a NULL has no place in a keyset comparison.
 *
 * <pre>{@code
 * Keyset<Participant> OLDEST_FIRST = Keyset.<Participant>orderBy()
 *         .timestamp("created_at", Direction.ASC, Participant::createdAt)
 *         .thenId("id", Direction.ASC, Participant::id);
 * }</pre>
 */
public final class Keyset<T> {

    /** Where a list's SQL constant takes the keyset condition, ORDER BY and LIMIT, after its own conditions. */
    public static final String SLOT = "{keyset}";

    /** A column's order; also the API's {@code OrderDirection} of every list's {@code orderBy}. */
    @org.eclipse.microprofile.graphql.Enum("OrderDirection")
    public enum Direction { ASC, DESC }

    /** One column of the order, with the Java type its cursor value has and how to read it from a node. */
    private record Key<T>(String column, Direction direction, Class<?> type, Function<T, ?> value) {

        String comparison() {
            return direction == Direction.ASC ? " > " : " < ";
        }
    }

    private final List<Key<T>> keys;
    private final String fingerprint;
    private final String orderBy;

    private Keyset(List<Key<T>> keys) {
        this.keys = List.copyOf(keys);
        String spec = keys.stream().map(k -> k.column() + " " + k.direction() + " " + k.type().getSimpleName())
                .collect(Collectors.joining(","));
        CRC32 crc = new CRC32();
        crc.update(spec.getBytes(StandardCharsets.UTF_8));
        this.fingerprint = HexFormat.of().toHexDigits((int) crc.getValue());
        this.orderBy = " ORDER BY " + keys.stream().map(k -> k.column() + " " + k.direction())
                .collect(Collectors.joining(", "));
    }

    public static <T> Builder<T> orderBy() {
        return new Builder<>();
    }

    /** Declares the sort columns in order; {@link #thenId} closes the order with the tiebreak. */
    public static final class Builder<T> {

        private final List<Key<T>> keys = new ArrayList<>();

        private Builder() {
        }

        public Builder<T> timestamp(String column, Direction direction, Function<T, OffsetDateTime> value) {
            return key(column, direction, Instant.class, node -> value.apply(node).toInstant());
        }

        /** Exact integers, e.g. {@code NUMERIC(78,0)} money. */
        public Builder<T> numeric(String column, Direction direction, Function<T, BigInteger> value) {
            return key(column, direction, BigInteger.class, value);
        }

        public Builder<T> bigint(String column, Direction direction, Function<T, Long> value) {
            return key(column, direction, Long.class, value);
        }

        public Builder<T> text(String column, Direction direction, Function<T, String> value) {
            return key(column, direction, String.class, value);
        }

        public Builder<T> uuid(String column, Direction direction, Function<T, UUID> value) {
            return key(column, direction, UUID.class, value);
        }

        public Keyset<T> thenId(String column, Direction direction, Function<T, UUID> id) {
            key(column, direction, UUID.class, id);
            return new Keyset<>(keys);
        }

        private Builder<T> key(String column, Direction direction, Class<?> type, Function<T, ?> value) {
            keys.add(new Key<>(column, direction, type, value));
            return this;
        }
    }

    /**
     * Runs one page of {@code sql}: its own arguments ($1..$k) are in {@code args}, the keyset's are appended
     * after them. A cursor issued by another order is a VALIDATION error on "after".
     */
    public Uni<Page<T>> fetch(SqlClient client, String sql, PageRequest page, Tuple args, Function<Row, T> mapper) {
        return client.preparedQuery(sql(sql, page, args)).execute(args)
                .map(rows -> Page.of(Rows.list(rows, mapper), page, this::cursor));
    }

    /** Runs one page of {@code head} (the statement up to its conditions) with {@code where}'s conditions. */
    public Uni<Page<T>> fetch(SqlClient client, String head, Conditions where, PageRequest page,
            Function<Row, T> mapper) {
        return fetch(client, head + where + " AND " + SLOT, page, where.args(), mapper);
    }

    /** The cursor that resumes this order just after {@code node}. */
    public String cursor(T node) {
        List<Object> values = keys.subList(0, keys.size() - 1).stream().<Object>map(k -> k.value().apply(node))
                .toList();
        return new Cursor(fingerprint, values, (UUID) keys.getLast().value().apply(node)).encode();
    }

    /**
     * {@code sql} with {@link #SLOT} replaced for {@code page}; the fragment's arguments are appended to args. The page
     * size is written into the statement, not passed: with {@code LIMIT $n} PostgreSQL's generic plan cannot know the
     * page is small, looks dear, and PostgreSQL plans every execution anew (the size is a bounded int, so a
     * connection's cache holds a few such statements at most).
     */
    String sql(String sql, PageRequest page, Tuple args) {
        if (!sql.contains(SLOT)) {
            throw new IllegalArgumentException("no " + SLOT + " in " + sql);
        }
        String after = page.after() == null ? "TRUE" : after(position(page.after()), args);
        return sql.replace(SLOT, after + orderBy + " LIMIT " + page.fetchSize());
    }

    /** The cursor's values and id, once it is known to come from this order (or to be a v1 createdAt one). */
    private List<Object> position(Cursor cursor) {
        boolean issuedHere = fingerprint.equals(cursor.order());
        boolean createdAtCursor = cursor.order() == null && keys.size() == 2 && keys.getFirst().type() == Instant.class;
        List<Object> values = new ArrayList<>(cursor.values());
        values.add(cursor.id());
        if (!(issuedHere || createdAtCursor) || values.size() != keys.size()) {
            throw Cursor.invalid("after");
        }
        // A client can write a well-formed cursor with this order's fingerprint and other types in it.
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).type().isInstance(values.get(i))) {
                throw Cursor.invalid("after");
            }
        }
        return values;
    }

    private String after(List<Object> values, Tuple args) {
        List<String> params = new ArrayList<>();
        for (Object value : values) {
            Rows.add(args, value);
            params.add("$" + args.size());
        }
        if (keys.stream().map(Key::direction).distinct().count() == 1) {
            // One direction: a single row comparison, which PostgreSQL turns into an index range.
            return "(" + keys.stream().map(Key::column).collect(Collectors.joining(", ")) + ")"
                    + keys.getFirst().comparison() + "(" + String.join(", ", params) + ")";
        }
        // Mixed directions have no row comparison: a row comes after the cursor when it equals the cursor on the
        // first i keys and lies past it on key i. The leading bound restates that for the first key alone, so
        // the planner can still range-scan an index on it.
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                terms.add(keys.get(j).column() + " = " + params.get(j));
            }
            terms.add(keys.get(i).column() + keys.get(i).comparison() + params.get(i));
            alternatives.add("(" + String.join(" AND ", terms) + ")");
        }
        Key<T> first = keys.getFirst();
        return first.column() + (first.direction() == Direction.ASC ? " >= " : " <= ") + params.getFirst()
                + " AND (" + String.join(" OR ", alternatives) + ")";
    }
}
