package io.cipherocto.market.core.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The audit trail: one INFO line per money movement and per state change, on the logger {@code octo.audit}, with
 * the ids, amounts (base units) and actor as {@code key=value} in the text and as MDC fields (separate JSON keys
 * when JSON logging is on). Never keys, tokens or signatures. Called after the change has committed.
 */
public final class Audit {

    private static final Logger LOG = Logger.getLogger("octo.audit");

    private Audit() {
    }

    /** Logs {@code event} (e.g. {@code ledger.posted}) with its fields, in the given order. */
    public static void record(String event, Map<String, ?> fields) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("event", event);
        all.putAll(fields);
        all.forEach((k, v) -> MDC.put("audit." + k, String.valueOf(v)));
        try {
            LOG.info(all.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" ")));
        } finally {
            all.keySet().forEach(k -> MDC.remove("audit." + k));
        }
    }
}
