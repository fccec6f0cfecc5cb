package io.cipherocto.market.core.db;

import io.cipherocto.market.core.scalar.TokenAmount;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one place that converts between Java values and the database's, for both ways SQL is run: the Vert.x
 * client (hot reads) and native queries on a command's Hibernate Reactive session. Money is {@code NUMERIC(78,0)}
 * in SQL and {@link BigInteger} in Java (never a double on the way), instants are bound as UTC timestamps, and
 * absent values are SQL NULLs.
 */
public final class Rows {

    private Rows() {
    }

    /** A {@code NUMERIC(78,0)} column as an exact integer; NULL stays null. */
    public static BigInteger bigInteger(Row row, String column) {
        Numeric value = row.getNumeric(column);
        return value == null ? null : value.bigIntegerValue();
    }

    /**
     * A {@code NUMERIC} value as either client returns it (a native query's {@link BigDecimal}, the Vert.x client's
     * {@link Numeric}) as an exact integer; NULL stays null, a fraction is an error.
     */
    public static BigInteger bigInteger(Object value) {
        return switch (value) {
            case null -> null;
            case BigDecimal decimal -> decimal.toBigIntegerExact();
            case Numeric numeric -> numeric.bigDecimalValue().toBigIntegerExact();
            case BigInteger exact -> exact;
            default -> throw new IllegalArgumentException("not a NUMERIC value: " + value.getClass().getName());
        };
    }

    /** An exact integer as a native-query parameter for a {@code NUMERIC} column; null stays null. */
    public static BigDecimal decimal(BigInteger value) {
        return value == null ? null : new BigDecimal(value);
    }

    /** A non-negative {@code NUMERIC(78,0)} column as the GraphQL money scalar; NULL stays null. */
    public static TokenAmount tokenAmount(Row row, String column) {
        BigInteger value = bigInteger(row, column);
        return value == null ? null : TokenAmount.of(value);
    }

    /** An exact integer as a parameter for a {@code NUMERIC} placeholder; null stays null. */
    public static Numeric numeric(BigInteger value) {
        return value == null ? null : Numeric.create(value);
    }

    /** An instant as a parameter for a {@code TIMESTAMPTZ} placeholder (the client binds no {@link Instant}). */
    public static OffsetDateTime timestamp(Instant value) {
        return value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC);
    }

    /**
     * Statement arguments in order; nulls become SQL NULLs ({@code Tuple.of} refuses them), and
     * {@link BigInteger}, {@link TokenAmount} and {@link Instant} are converted as above.
     */
    public static Tuple tuple(Object... values) {
        Tuple tuple = Tuple.tuple();
        for (Object value : values) {
            add(tuple, value);
        }
        return tuple;
    }

    /** Appends one argument to {@code tuple}, converted as in {@link #tuple}. */
    public static Tuple add(Tuple tuple, Object value) {
        return tuple.addValue(switch (value) {
            case BigInteger exact -> numeric(exact);
            case TokenAmount amount -> numeric(amount.value());
            case Instant instant -> timestamp(instant);
            case null, default -> value;
        });
    }

    /** Every row mapped, in the statement's order. */
    public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(rows.size());
        for (Row row : rows) {
            list.add(mapper.apply(row));
        }
        return list;
    }

    /**
     * {@code columns} of the table aliased {@code alias}, for a SELECT list: "a.x, a.y", or with a non-empty
     * {@code prefix} "a.x AS px, a.y AS py" (for a row that also holds another table's columns of the same names).
     */
    public static String columns(String alias, String prefix, List<String> columns) {
        return String.join(", ", columns.stream()
                .map(c -> alias + "." + c + (prefix.isEmpty() ? "" : " AS " + prefix + c)).toList());
    }

    /** The value of a {@code SELECT count(*)}. */
    public static int count(RowSet<Row> rows) {
        return Math.toIntExact(rows.iterator().next().getLong(0));
    }
}
