package io.cipherocto.market.partner;

import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.time.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * The seed's partnership KPIs computed from the data, one statement each. Stocks (active partners, co-developed
 * features) are counted at the window's end; rates (partner share of volume, retention) over the window. Ratios are
 * exact integers divided at the end, rounded half-even to 4 places; money is never a double.
 */
@ApplicationScoped
public class PartnerKpiService {

    /** The default window: a year back from now, the seed's retention being an annual rate. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(365);

    // Each organisation's stage at $1: its last trail entry at or before then.
    private static final String ACTIVE = """
            SELECT count(*) FROM (SELECT DISTINCT ON (organisation_id) to_stage FROM partner_stage_change
                                   WHERE at <= $1 ORDER BY organisation_id, at DESC, seq DESC) s
             WHERE s.to_stage = ANY ($2)""";
    // Per organisation, its last renewal decision in the window: GROWTH -> RENEWAL (renewed), GROWTH -> SUNSET or
    // RENEWAL -> SUNSET (not renewed).
    private static final String RETENTION = """
            SELECT count(*) FILTER (WHERE d.to_stage = 'RENEWAL') AS renewed, count(*) AS due
              FROM (SELECT DISTINCT ON (organisation_id) to_stage FROM partner_stage_change
                     WHERE at >= $1 AND at < $2
                       AND ((from_stage = 'GROWTH' AND to_stage IN ('RENEWAL', 'SUNSET'))
                            OR (from_stage = 'RENEWAL' AND to_stage = 'SUNSET'))
                     ORDER BY organisation_id, at DESC, seq DESC) d""";
    private static final String FEATURES = "SELECT count(*) FROM co_developed_feature WHERE shipped_at <= $1";
    private static final String PARTNER_IDS = "SELECT coalesce(array_agg(partner_id), '{}') FROM partner_organisation";

    private final Pool pool;
    private final TimeSource time;
    private final TransactionVolume volume;

    PartnerKpiService(Pool pool, TimeSource time, TransactionVolume volume) {
        this.pool = pool;
        this.time = time;
        this.volume = volume;
    }

    /** The KPIs over [from, to); to defaults to now (business time), from to a year before to. */
    public Uni<PartnerKpis> kpis(OffsetDateTime from, OffsetDateTime to) {
        OffsetDateTime end = to == null ? time.nowUtc() : to;
        OffsetDateTime start = from == null ? end.minus(DEFAULT_WINDOW) : from;
        if (!start.isBefore(end)) {
            throw OctoException.validation("from", "must be before to");
        }
        Uni<Long> active = pool.preparedQuery(ACTIVE).execute(Tuple.of(end, PartnerStage.ACTIVE.stream()
                .map(Enum::name).toArray(String[]::new))).map(rows -> rows.iterator().next().getLong(0));
        Uni<TransactionVolume.Volume> sales = pool.preparedQuery(PARTNER_IDS).execute()
                .map(rows -> Arrays.asList(rows.iterator().next().getArrayOfStrings(0)))
                .chain(ids -> volume.volume(start, end, ids));
        Uni<long[]> retention = pool.preparedQuery(RETENTION).execute(Tuple.of(start, end)).map(rows -> {
            Row row = rows.iterator().next();
            return new long[] {row.getLong("renewed"), row.getLong("due")};
        });
        Uni<Long> features = pool.preparedQuery(FEATURES).execute(Tuple.of(end))
                .map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(active, sales, retention, features).asTuple().map(t -> new PartnerKpis(start,
                end, List.of(
                        count(PartnerMetric.ACTIVE_PARTNERS, t.getItem1(), "Organisations whose stage at `to` is "
                                + "INTEGRATION, LAUNCH, GROWTH or RENEWAL: past TERM_SHEET, i.e. with a signed "
                                + "agreement, and not sunset."),
                        ratio(PartnerMetric.PARTNER_REVENUE, t.getItem2().partner(), t.getItem2().total(),
                                "Sales volume (agent usage, quota usage released, job payouts: what buyers paid, "
                                        + "base units) in [from, to) with a member of a partner organisation among "
                                        + "the parties, divided by all sales volume in the window."),
                        count(PartnerMetric.CO_DEVELOPED_FEATURES, t.getItem4(), "Co-developed features recorded "
                                + "with a shipping time at or before `to`."),
                        new PartnerKpi(PartnerMetric.PARTNER_SATISFACTION,
                                PartnerMetric.PARTNER_SATISFACTION.title(), null, null, null,
                                PartnerMetric.PARTNER_SATISFACTION.target(),
                                PartnerMetric.PARTNER_SATISFACTION.measurement(),
                                "Not measured: the marketplace holds no survey results."),
                        ratio(PartnerMetric.PARTNER_RETENTION, BigInteger.valueOf(t.getItem3()[0]),
                                BigInteger.valueOf(t.getItem3()[1]), "Organisations due for renewal in [from, to) "
                                        + "(whose last decision in the window was GROWTH -> RENEWAL, GROWTH -> "
                                        + "SUNSET or RENEWAL -> SUNSET) that renewed (GROWTH -> RENEWAL)."))));
    }

    private static PartnerKpi count(PartnerMetric metric, long value, String definition) {
        return new PartnerKpi(metric, metric.title(), Long.toString(value), null, null, metric.target(),
                metric.measurement(), definition);
    }

    private static PartnerKpi ratio(PartnerMetric metric, BigInteger numerator, BigInteger denominator,
            String definition) {
        String value = denominator.signum() == 0 ? null
                : new BigDecimal(numerator).divide(new BigDecimal(denominator), 4, RoundingMode.HALF_EVEN).toPlainString();
        return new PartnerKpi(metric, metric.title(), value, numerator.toString(), denominator.toString(),
                metric.target(), metric.measurement(), definition);
    }
}
