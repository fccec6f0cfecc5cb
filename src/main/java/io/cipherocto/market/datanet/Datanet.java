package io.cipherocto.market.datanet;

import io.cipherocto.market.core.db.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A curated dataset: its catalogue entry and the terms new submissions are made under. */
@Type("Datanet")
@Description("A curated dataset. Metadata, terms and contribution counts are public; reading the contributions of a "
        + "GATED datanet needs access (see myAccess).")
public record Datanet(
        @NonNull @Id UUID id,
        @NonNull @Description("Unique, lower-case, URL-safe name.") String slug,
        @NonNull String name,
        @NonNull String description,
        @NonNull @Description("Lower-case tags.") List<@NonNull String> tags,
        @NonNull String licence,
        @NonNull DatanetPolicy policy,
        @NonNull @Description("The terms new submissions are made under.") DatanetTerms terms,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt,
        @Ignore UUID ownerId,
        @Ignore long contributionCount) {

    private static final List<String> COLUMN_NAMES = List.of("id", "slug", "name", "description", "tags", "licence",
            "policy", "owner_id", "bond", "challenge_window_seconds", "challenge_deposit", "slash_share_bps",
            "challenger_reward_bps", "contribution_count", "created_at", "updated_at");
    static final String COLUMNS = String.join(", ", COLUMN_NAMES);

    /** The columns {@link #of} reads, of the datanet table aliased {@code alias} (for joins from other tables). */
    public static String columns(String alias) {
        return Rows.columns(alias, "", COLUMN_NAMES);
    }

    public static Datanet of(Row row) {
        return new Datanet(row.getUUID("id"), row.getString("slug"), row.getString("name"),
                row.getString("description"), List.of(row.getArrayOfStrings("tags")), row.getString("licence"),
                DatanetPolicy.valueOf(row.getString("policy")),
                new DatanetTerms(Rows.tokenAmount(row, "bond"), row.getLong("challenge_window_seconds"),
                        Rows.tokenAmount(row, "challenge_deposit"), row.getInteger("slash_share_bps"),
                        row.getInteger("challenger_reward_bps")),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), row.getUUID("owner_id"),
                row.getLong("contribution_count"));
    }
}
