package io.cipherocto.market.core.db;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A list statement's conditions, written only for the filters a caller gave, their values appended to the statement's
 * arguments. A statement holding {@code ($n IS NULL OR …)} for every filter looks dear to PostgreSQL's generic plan,
 * so PostgreSQL plans it anew on every execution (≈ 0.2 ms for a page whose execution takes 0.05 ms); a statement
 * with only the conditions in force is planned once per connection (README, "Benchmark": planning).
 *
 * <pre>{@code
 * Conditions where = Conditions.over(args)
 *         .when(search, "m.search @@ websearch_to_tsquery('english', {})")
 *         .when(owner, "m.owner_id = {}");
 * return ORDER.fetch(pool, HEAD, where, page, mapper);   // Keyset: HEAD + where + keyset, ORDER BY, LIMIT
 * }</pre>
 */
public final class Conditions {

    /** Where a condition takes its value's parameter ({@code $n}). */
    public static final String VALUE = "{}";

    private final Tuple args;
    private final StringBuilder sql = new StringBuilder();

    private Conditions(Tuple args) {
        this.args = args;
    }

    /** Conditions whose values are appended to {@code args} (numbered after the arguments already there). */
    public static Conditions over(Tuple args) {
        return new Conditions(args);
    }

    /** Adds {@code condition} when {@code value} is given, its {@link #VALUE} the value's parameter. */
    public Conditions when(Object value, String condition) {
        return value == null ? this : and(condition.replace(VALUE, param(value)));
    }

    /** Appends {@code value} to the arguments; returns its parameter ({@code $n}) for a condition to name. */
    public String param(Object value) {
        Rows.add(args, value);
        return "$" + args.size();
    }

    /** Adds {@code condition} as it is (its parameters, if any, the caller's). */
    public Conditions and(String condition) {
        if (!sql.isEmpty()) {
            sql.append(" AND ");
        }
        sql.append(condition);
        return this;
    }

    /** The arguments, with the given values appended. */
    public Tuple args() {
        return args;
    }

    /** The conditions joined with AND; {@code TRUE} when none. */
    @Override
    public String toString() {
        return sql.isEmpty() ? "TRUE" : sql.toString();
    }
}
