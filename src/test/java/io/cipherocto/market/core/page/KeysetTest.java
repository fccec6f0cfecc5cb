package io.cipherocto.market.core.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cipherocto.market.core.db.EmbeddedDatabase;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyset paging on the real PostgreSQL: rows full of ties, every order paged through in small pages, each
 * row seen exactly once and in the order a plain sort gives. The rows come from {@code unnest} of arrays, so
 * the test needs no table.
 */
class KeysetTest {

    private static final String ITEMS = """
            SELECT t.id, t.price, t.expires_at, t.name, t.rank, t.owner
              FROM unnest($1::uuid[], $2::numeric[], $3::timestamptz[], $4::text[], $5::bigint[], $6::uuid[])
                   AS t (id, price, expires_at, name, rank, owner)
             WHERE {keyset}""";

    record Item(UUID id, BigInteger price, OffsetDateTime expiresAt, String name, Long rank, UUID owner) {
    }

    private static Pool pool;
    private static List<Item> items;

    @BeforeAll
    static void database() {
        Map<String, String> db = EmbeddedDatabase.start(0);
        pool = PgPool.pool(PgConnectOptions.fromUri(db.get("quarkus.datasource.reactive.url"))
                .setUser(db.get("quarkus.datasource.username")).setPassword(db.get("quarkus.datasource.password")),
                new PoolOptions().setMaxSize(2));
        // Few distinct values per column, so most rows tie on several keys and only the id tells them apart.
        Random random = new Random(6);
        List<BigInteger> prices = List.of(BigInteger.ZERO, BigInteger.TEN.pow(30), BigInteger.TWO.pow(255));
        List<OffsetDateTime> expiries = List.of(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:00.000001Z"),
                at("2027-06-30T12:00:00.5Z"));
        // C collation below, so Java's String order is the database's; separators and non-ASCII included.
        List<String> names = List.of("a", "a b", "a|b", "a%2", "ä", "b");
        List<Long> ranks = List.of(Long.MIN_VALUE, -1L, 5L, 1L << 40);
        List<UUID> owners = List.of(UUID.fromString("00000000-0000-4000-8000-000000000001"),
                UUID.fromString("ffffffff-0000-4000-8000-000000000001"));
        items = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            items.add(new Item(new UUID(random.nextLong(), random.nextLong()), pick(prices, random),
                    pick(expiries, random), pick(names, random), pick(ranks, random), pick(owners, random)));
        }
    }

    @AfterAll
    static void close() {
        pool.closeAndAwait();
    }

    @Test
    void mixedDirectionsSeeEveryRowOnceInOrder() {
        pagesThroughInBothDirections(List.of(new Key("t.price", Direction.DESC), new Key("t.expires_at", Direction.ASC)),
                Direction.ASC);
        pagesThroughInBothDirections(List.of(new Key("t.name COLLATE \"C\"", Direction.ASC),
                new Key("t.rank", Direction.DESC)), Direction.DESC);
        pagesThroughInBothDirections(List.of(new Key("t.owner", Direction.DESC), new Key("t.rank", Direction.ASC),
                new Key("t.price", Direction.DESC)), Direction.ASC);
    }

    @Test
    void oneDirectionSeesEveryRowOnceInOrder() {
        pagesThroughInBothDirections(List.of(new Key("t.expires_at", Direction.ASC)), Direction.ASC);
        pagesThroughInBothDirections(List.of(new Key("t.rank", Direction.ASC), new Key("t.price", Direction.ASC)),
                Direction.ASC);
        pagesThroughInBothDirections(List.of(), Direction.DESC);
    }

    @Test
    void oneDirectionIsOneRowComparison() {
        Keyset<Item> keyset = keyset(List.of(new Key("t.expires_at", Direction.DESC)), Direction.DESC);
        String cursor = keyset.cursor(items.getFirst());
        Tuple args = Tuple.of("x");

        String sql = keyset.sql("SELECT 1 WHERE {keyset}", PageRequest.of(3, cursor, 100), args);

        assertThat(sql).isEqualTo("SELECT 1 WHERE (t.expires_at, t.id) < ($2, $3)"
                + " ORDER BY t.expires_at DESC, t.id DESC LIMIT 4");
        assertThat(args.size()).as("the page size is written in, not passed").isEqualTo(3);
    }

    @Test
    void aCursorOfAnotherOrderIsAValidationErrorOnAfter() {
        Keyset<Item> byPrice = keyset(List.of(new Key("t.price", Direction.DESC)), Direction.ASC);
        Keyset<Item> byPriceAscending = keyset(List.of(new Key("t.price", Direction.ASC)), Direction.ASC);
        Keyset<Item> byExpiry = keyset(List.of(new Key("t.expires_at", Direction.ASC)), Direction.ASC);
        String priceCursor = byPrice.cursor(items.getFirst());

        assertRefused(byPriceAscending, priceCursor);
        assertRefused(byExpiry, priceCursor);
        // Well-formed, with the right fingerprint, but a value of another type than the order's.
        Cursor issued = Cursor.decode(priceCursor, "after");
        assertRefused(byPrice, new Cursor(issued.order(), List.of("1"), issued.id()).encode());
        assertRefused(byPrice, new Cursor(issued.order(), List.of(), issued.id()).encode());
    }

    @Test
    void aV1CreatedAtCursorResumesATimestampOrderAndNothingElse() {
        Keyset<Item> byExpiry = keyset(List.of(new Key("t.expires_at", Direction.ASC)), Direction.ASC);
        List<Item> all = sorted(byExpiryComparator());
        Item middle = all.get(40);
        String v1 = new Cursor(middle.expiresAt().toInstant(), middle.id()).encode();

        assertThat(page(byExpiry, PageRequest.of(100, v1, 100)).nodes()).containsExactlyElementsOf(all.subList(41, 90));
        assertRefused(keyset(List.of(new Key("t.price", Direction.ASC)), Direction.ASC), v1);
    }

    private static Comparator<Item> byExpiryComparator() {
        return Comparator.comparing(Item::expiresAt).thenComparing(i -> i.id().toString());
    }

    private void assertRefused(Keyset<Item> keyset, String cursor) {
        assertThatThrownBy(() -> page(keyset, PageRequest.of(5, cursor, 100)))
                .isInstanceOfSatisfying(OctoException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.details()).containsEntry("field", "after");
                });
    }

    /** A sort column of the test rows (its SQL) and its direction. */
    record Key(String column, Direction direction) {
    }

    private void pagesThroughInBothDirections(List<Key> keys, Direction idDirection) {
        pagesThrough(keys, idDirection);
        pagesThrough(keys.stream().map(k -> new Key(k.column(), flip(k.direction()))).toList(), flip(idDirection));
    }

    private void pagesThrough(List<Key> keys, Direction idDirection) {
        Keyset<Item> keyset = keyset(keys, idDirection);
        List<Item> seen = new ArrayList<>();
        String after = null;
        for (int guard = 0; guard < 100; guard++) {
            Page<Item> page = page(keyset, PageRequest.of(7, after, 100));
            seen.addAll(page.nodes());
            if (!page.hasNextPage()) {
                break;
            }
            after = page.cursorOf().apply(page.nodes().getLast());
        }
        assertThat(seen).as("order %s, id %s", keys, idDirection).containsExactlyElementsOf(sorted(comparator(keys, idDirection)));
    }

    private static Page<Item> page(Keyset<Item> keyset, PageRequest request) {
        Tuple args = Tuple.of(items.stream().map(Item::id).toArray(UUID[]::new),
                items.stream().map(i -> Rows.numeric(i.price())).toArray(Numeric[]::new),
                items.stream().map(Item::expiresAt).toArray(OffsetDateTime[]::new),
                items.stream().map(Item::name).toArray(String[]::new),
                items.stream().map(Item::rank).toArray(Long[]::new),
                items.stream().map(Item::owner).toArray(UUID[]::new));
        return keyset.fetch(pool, ITEMS, request, args, KeysetTest::toItem).await().atMost(Duration.ofSeconds(10));
    }

    private static Item toItem(Row row) {
        return new Item(row.getUUID("id"), Rows.bigInteger(row, "price"), row.getOffsetDateTime("expires_at"),
                row.getString("name"), row.getLong("rank"), row.getUUID("owner"));
    }

    private static Keyset<Item> keyset(List<Key> keys, Direction idDirection) {
        Keyset.Builder<Item> builder = Keyset.orderBy();
        for (Key key : keys) {
            switch (key.column()) {
                case "t.price" -> builder.numeric(key.column(), key.direction(), Item::price);
                case "t.expires_at" -> builder.timestamp(key.column(), key.direction(), Item::expiresAt);
                case "t.rank" -> builder.bigint(key.column(), key.direction(), Item::rank);
                case "t.owner" -> builder.uuid(key.column(), key.direction(), Item::owner);
                default -> builder.text(key.column(), key.direction(), Item::name);
            }
        }
        return builder.thenId("t.id", idDirection, Item::id);
    }

    private static Comparator<Item> comparator(List<Key> keys, Direction idDirection) {
        Comparator<Item> order = (a, b) -> 0;
        for (Key key : keys) {
            Comparator<Item> one = switch (key.column()) {
                case "t.price" -> Comparator.comparing(Item::price);
                case "t.expires_at" -> Comparator.comparing(Item::expiresAt);
                case "t.rank" -> Comparator.comparing(Item::rank);
                // PostgreSQL compares uuids byte by byte, which is the order of their hex text, not UUID.compareTo.
                case "t.owner" -> Comparator.comparing(i -> i.owner().toString());
                default -> Comparator.comparing(Item::name);
            };
            order = order.thenComparing(key.direction() == Direction.ASC ? one : one.reversed());
        }
        Comparator<Item> byId = Comparator.comparing(i -> i.id().toString());
        return order.thenComparing(idDirection == Direction.ASC ? byId : byId.reversed());
    }

    private static List<Item> sorted(Comparator<Item> order) {
        return items.stream().sorted(order).toList();
    }

    private static Direction flip(Direction direction) {
        return direction == Direction.ASC ? Direction.DESC : Direction.ASC;
    }

    private static <V> V pick(List<V> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }
}
