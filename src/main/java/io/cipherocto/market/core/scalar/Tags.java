package io.cipherocto.market.core.scalar;

import io.cipherocto.market.core.error.OctoException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Tags of catalogue entries (datanets, models): one rule for what a tag is, wherever tags are given or filtered on. */
public final class Tags {

    public static final int MAX_TAGS = 10;
    public static final int MAX_TAG_LENGTH = 32;

    private Tags() {
    }

    /** Lower-case, stripped, duplicates dropped (first kept), bounded in number and length; VALIDATION on {@code field}. */
    public static List<String> normalise(List<String> tags, String field) {
        Set<String> normalised = new LinkedHashSet<>();
        for (String tag : tags) {
            String t = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
            if (t.isEmpty() || t.length() > MAX_TAG_LENGTH) {
                throw OctoException.validation(field, "each tag 1 to " + MAX_TAG_LENGTH + " characters");
            }
            normalised.add(t);
        }
        if (normalised.size() > MAX_TAGS) {
            throw OctoException.validation(field, "at most " + MAX_TAGS + " tags");
        }
        return List.copyOf(normalised);
    }
}
