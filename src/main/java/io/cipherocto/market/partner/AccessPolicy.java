package io.cipherocto.market.partner;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one table of who may do what: per {@link Action}, the realm roles that may (any of them) and, for tier-bound
 * actions, the entitlement of the live, database-backed policy ({@link PolicyStore}) the caller's tier must have.
 * Every API method calls {@link #require} instead of writing its own check; tier rules (early access, budgets,
 * revenue share) are read from the policy here and nowhere else. Tier conditions do not bind admins.
 */
@ApplicationScoped
public class AccessPolicy {

    /** Who may do an action: any of {@code roles}, and a tier whose entitlements pass {@code entitled}. */
    public record Rule(Set<Role> roles, Predicate<Entitlements> entitled) {
    }

    private static final Map<Action, Rule> RULES = new EnumMap<>(Map.ofEntries(
            Map.entry(Action.SUBMIT_CONTRIBUTION, anyTier(Role.CONTRIBUTOR)),
            Map.entry(Action.CURATE, anyTier(Role.CURATOR)),
            Map.entry(Action.LIST_QUOTA, anyTier(Role.CONSUMER, Role.CONTRIBUTOR, Role.OPERATOR)),
            Map.entry(Action.BUY_QUOTA, anyTier(Role.CONSUMER)),
            Map.entry(Action.SUBMIT_JOB, anyTier(Role.CONSUMER)),
            Map.entry(Action.CLAIM_JOB, anyTier(Role.OPERATOR)),
            Map.entry(Action.SEE_EARLY_ACCESS, new Rule(Set.of(Role.values()), Entitlements::earlyAccess)),
            Map.entry(Action.ADMINISTER, anyTier(Role.ADMIN)),
            Map.entry(Action.PUBLISH_MODEL, anyTier(Role.CONTRIBUTOR, Role.OPERATOR)),
            Map.entry(Action.LIST_AGENT, anyTier(Role.CONTRIBUTOR, Role.OPERATOR, Role.CONSUMER)),
            Map.entry(Action.REPORT_USAGE, anyTier(Role.OPERATOR))));

    static {
        if (RULES.size() != Action.values().length) {
            throw new IllegalStateException("every action needs a rule");
        }
    }

    private final PolicyStore store;

    AccessPolicy(PolicyStore store) {
        this.store = store;
    }

    /** The rule for an action (for documentation and tests). */
    public Rule rule(Action action) {
        return RULES.get(action);
    }

    public boolean allows(Caller caller, Action action) {
        Rule rule = RULES.get(action);
        boolean hasRole = caller.roles().stream().anyMatch(rule.roles()::contains);
        return hasRole && (caller.roles().contains(Role.ADMIN)
                || rule.entitled().test(store.entitlements(Audience.of(Optional.of(caller)))));
    }

    /** What the policy in force grants the caller's audience (empty: anonymous). */
    public Entitlements entitlements(Optional<Caller> caller) {
        return store.entitlements(Audience.of(caller));
    }

    /** Which listings this caller sees (empty: anonymous): early access by its tier, partner-only by its partner. */
    public ListingView listings(Optional<Caller> caller) {
        return new ListingView(caller.map(c -> allows(c, Action.SEE_EARLY_ACCESS)).orElse(false),
                caller.map(c -> c.roles().contains(Role.ADMIN)).orElse(false),
                caller.map(Caller::subject).orElse(null), caller.flatMap(Caller::partnerId).orElse(null));
    }

    /** Passes if the caller may do {@code action}; otherwise FORBIDDEN naming the action. */
    public void require(Caller caller, Action action) {
        if (!allows(caller, action)) {
            throw new OctoException(ErrorCode.FORBIDDEN, "not allowed for this caller: " + action.name(),
                    Map.of("action", action.name()));
        }
    }

    /** Passes if the caller may do any of {@code actions}; otherwise FORBIDDEN naming the first. */
    public void requireAny(Caller caller, Action... actions) {
        for (Action action : actions) {
            if (allows(caller, action)) {
                return;
            }
        }
        require(caller, actions[0]);
    }

    private static Rule anyTier(Role... roles) {
        return new Rule(Set.of(roles), entitlements -> true);
    }
}
