package io.cipherocto.market.partner;

import io.cipherocto.market.core.db.Conditions;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which listings a caller sees, as one SQL condition every listing statement reuses (the one rule; {@link
 * AccessPolicy#listings} makes it for a caller). A model is visible to its owner and to admins; otherwise an
 * <b>early-access</b> model only when the caller's tier has early access, and a <b>partner-only</b> model only to
 * participants of the owner's partner organisation (the token's {@code partner_id} equals the one last seen on the
 * owner's). An agent is visible when every model it is built on is; a partner-only quota listing follows the model
 * rule with its seller as owner.
 *
 * @param earlyAccess the caller's tier has early access
 * @param admin the caller is an admin (sees everything)
 * @param subject the caller's token subject (null: anonymous)
 * @param partnerId the caller's partner organisation (null: none)
 */
public record ListingView(boolean earlyAccess, boolean admin, String subject, String partnerId) {

    /** For the server's own checks (existence, ownership), which see every listing. */
    public static final ListingView EVERYTHING = new ListingView(true, true, null, null);

    /**
     * "The model aliased {@code m} is visible": four arguments from position {@code first} on ({@link #append}).
     * Both conditions open with a parenthesis: callers splice them after text blocks, which drop trailing spaces.
     */
    public static String model(String m, int first) {
        return listing(m + ".early_access", m + ".partner_only", m + ".owner_id", first);
    }

    /** "The quota listing aliased {@code l} is visible" (no early access; partner-only by its seller's partner). */
    public static String quota(String l, int first) {
        return listing("false", l + ".partner_only", l + ".seller_id", first);
    }

    private static String listing(String early, String partnerOnly, String owner, int first) {
        String me = "(SELECT vp.id FROM participant vp WHERE vp.subject = $" + (first + 2) + "::text)";
        // COALESCE: an anonymous caller's subject and partner are NULL, and the agents' rule negates this
        return "(COALESCE($" + (first + 1) + "::boolean OR " + owner + " = " + me
                + " OR ((NOT " + early + " OR $" + first + "::boolean)"
                + " AND (NOT " + partnerOnly + " OR (SELECT vo.partner_id FROM participant vo WHERE vo.id = "
                + owner + ") = $" + (first + 3) + "::text)), false))";
    }

    /**
     * {@link #model}'s rule for this caller alone, added to {@code where}: the flags written in and only the arguments
     * it needs (the caller's subject, their partner organisation). Anonymous without early access is {@code NOT
     * m.early_access AND NOT m.partner_only}, with no parameter; an admin adds no condition. The catalogues' pages use
     * these forms so that PostgreSQL can plan a statement once (parameters inside OR conditions make it plan every
     * execution); {@code ListingViewRenderingTest} checks that both forms select the same rows for every kind of
     * caller.
     */
    public Conditions visibleModels(String m, Conditions where) {
        return admin ? where : where.and(rule(m + ".early_access", m + ".partner_only", m + ".owner_id", where));
    }

    /** {@link #agent}'s rule for this caller alone, as {@link #visibleModels}. */
    public Conditions visibleAgents(String a, Conditions where) {
        return admin ? where : where.and("NOT EXISTS (SELECT 1 FROM agent_model vam JOIN model vm ON vm.id = "
                + "vam.model_id WHERE vam.agent_id = " + a + ".id AND NOT COALESCE("
                + rule("vm.early_access", "vm.partner_only", "vm.owner_id", where) + ", false))");
    }

    /** {@link #quota}'s rule for this caller alone, as {@link #visibleModels}. */
    public Conditions visibleQuotas(String l, Conditions where) {
        return admin ? where : where.and(rule(null, l + ".partner_only", l + ".seller_id", where));
    }

    /** {@link #listing} with this caller's flags written in ({@code early} null: the listing has no early access). */
    private String rule(String early, String partnerOnly, String owner, Conditions where) {
        String partner = partnerId == null ? "NOT " + partnerOnly
                : "(NOT " + partnerOnly + " OR (SELECT vo.partner_id FROM participant vo WHERE vo.id = " + owner
                        + ") = " + where.param(partnerId) + ")";
        String others = earlyAccess || early == null ? partner : "NOT " + early + " AND " + partner;
        return subject == null ? "(" + others + ")"
                : "(" + owner + " = (SELECT vp.id FROM participant vp WHERE vp.subject = " + where.param(subject)
                        + ") OR (" + others + "))";
    }

    /** "The agent aliased {@code a} is visible": every model it is built on is (arguments as {@link #model}). */
    public static String agent(String a, int first) {
        return "(NOT EXISTS (SELECT 1 FROM agent_model vam JOIN model vm ON vm.id = vam.model_id WHERE vam.agent_id = "
                + a + ".id AND NOT " + model("vm", first) + "))";
    }

    /** {@code args} with this view's four arguments appended, in the order {@link #model} expects. */
    public Tuple append(Tuple args) {
        return args.addValue(earlyAccess).addValue(admin).addValue(subject).addValue(partnerId);
    }
}
