package io.cipherocto.market.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The expected table of {@code src/test/resources/authorization-matrix.txt}: per operation, what a caller gets at the
 * door. A line is {@code <type> <name> <default> [<caller>=<outcome> ...] [# comment]}; the most specific entry wins:
 * {@code ROLE/TIER} (one user), then {@code ROLE} (every tier of that role), then the default. {@code anonymous} has
 * its own entry or takes the default.
 */
final class AuthorizationMatrix {

    enum Outcome {
        ALLOW, UNAUTHENTICATED, FORBIDDEN
    }

    static final List<String> ROLES = List.of("CONTRIBUTOR", "CURATOR", "OPERATOR", "CONSUMER", "ADMIN");
    static final List<String> TIERS = List.of("NONE", "COMMUNITY", "INTEGRATION", "STRATEGIC");
    static final String ANONYMOUS = "anonymous";
    static final List<String> TYPES = List.of("query", "mutation", "subscription");

    /** The callers of the matrix: anonymous, then every {@code ROLE/TIER}. */
    static List<String> callers() {
        List<String> callers = new ArrayList<>();
        callers.add(ANONYMOUS);
        for (String role : ROLES) {
            for (String tier : TIERS) {
                callers.add(role + "/" + tier);
            }
        }
        return callers;
    }

    record Line(String type, String name, Outcome byDefault, Map<String, Outcome> exceptions, String comment) {

        String key() {
            return type + " " + name;
        }

        Outcome expected(String caller) {
            Outcome exact = exceptions.get(caller);
            if (exact != null) {
                return exact;
            }
            int slash = caller.indexOf('/');
            if (slash > 0) {
                Outcome role = exceptions.get(caller.substring(0, slash));
                if (role != null) {
                    return role;
                }
            }
            return byDefault;
        }
    }

    private AuthorizationMatrix() {
    }

    /** The lines of the table by {@code key()}; a malformed or repeated line is an error naming its number. */
    static Map<String, Line> parse(List<String> text) {
        Map<String, Line> lines = new LinkedHashMap<>();
        Set<String> callers = Set.copyOf(callers());
        for (int i = 0; i < text.size(); i++) {
            String raw = text.get(i);
            int hash = raw.indexOf('#');
            String comment = hash < 0 ? "" : raw.substring(hash + 1).strip();
            String content = (hash < 0 ? raw : raw.substring(0, hash)).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] words = content.split("\\s+");
            String where = "authorization-matrix.txt line " + (i + 1) + ": ";
            if (words.length < 3 || !TYPES.contains(words[0])) {
                throw new IllegalArgumentException(where + "expected '<query|mutation|subscription> <name> <outcome> "
                        + "[caller=outcome ...]', got: " + raw);
            }
            Map<String, Outcome> exceptions = new LinkedHashMap<>();
            for (int w = 3; w < words.length; w++) {
                String[] pair = words[w].split("=", 2);
                boolean known = pair.length == 2
                        && (callers.contains(pair[0]) || ROLES.contains(pair[0]));
                if (!known) {
                    throw new IllegalArgumentException(where + "'" + words[w] + "' is not caller=outcome; a caller is "
                            + "anonymous, a role " + ROLES + " or ROLE/TIER with TIER in " + TIERS);
                }
                if (exceptions.put(pair[0], outcome(pair[1], where)) != null) {
                    throw new IllegalArgumentException(where + pair[0] + " is given twice");
                }
            }
            Line line = new Line(words[0], words[1], outcome(words[2], where), exceptions, comment);
            if (lines.put(line.key(), line) != null) {
                throw new IllegalArgumentException(where + line.key() + " has a line already");
            }
        }
        return lines;
    }

    private static Outcome outcome(String word, String where) {
        try {
            return Outcome.valueOf(word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "'" + word + "' is not one of " + List.of(Outcome.values()),
                    e);
        }
    }

    /**
     * The shortest line saying what {@code observed} (an outcome per caller) says: the default is what most
     * signed-in callers get, a role is named when its tiers mostly differ from that, a user when it differs from
     * its role.
     */
    static String format(String type, String name, Map<String, Outcome> observed, String comment) {
        List<String> signedIn = callers().subList(1, callers().size());
        Outcome byDefault = majority(signedIn.stream().map(observed::get).toList(), null);
        List<String> exceptions = new ArrayList<>();
        if (observed.get(ANONYMOUS) != byDefault) {
            exceptions.add(ANONYMOUS + "=" + observed.get(ANONYMOUS));
        }
        for (String role : ROLES) {
            List<String> users = TIERS.stream().map(tier -> role + "/" + tier).toList();
            Outcome roleOutcome = majority(users.stream().map(observed::get).toList(), byDefault);
            if (roleOutcome != byDefault) {
                exceptions.add(role + "=" + roleOutcome);
            }
            for (String user : users) {
                if (observed.get(user) != roleOutcome) {
                    exceptions.add(user + "=" + observed.get(user));
                }
            }
        }
        String line = String.format("%-12s %-28s %-15s %s", type, name, byDefault, String.join(" ", exceptions))
                .stripTrailing();
        return comment == null || comment.isEmpty() ? line : String.format("%-72s # %s", line, comment);
    }

    /** The most frequent outcome; on a tie {@code preferred} if it is among the most frequent, else enum order. */
    private static Outcome majority(List<Outcome> outcomes, Outcome preferred) {
        Map<Outcome, Long> counts = outcomes.stream()
                .collect(Collectors.groupingBy(o -> o, () -> new EnumMap<>(Outcome.class), Collectors.counting()));
        long most = counts.values().stream().max(Comparator.naturalOrder()).orElse(0L);
        if (preferred != null && counts.getOrDefault(preferred, 0L) == most) {
            return preferred;
        }
        return counts.entrySet().stream().filter(e -> e.getValue() == most).map(Map.Entry::getKey).findFirst()
                .orElseThrow();
    }
}
