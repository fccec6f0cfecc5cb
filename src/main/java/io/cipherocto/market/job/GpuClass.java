package io.cipherocto.market.job;

import io.cipherocto.market.core.error.OctoException;
import java.util.regex.Pattern;

/** GPU classes are upper-case names (e.g. A100, H100, RTX_4090): an operator runs jobs asking for its own class. */
final class GpuClass {

    private static final Pattern NAME = Pattern.compile("[A-Z0-9_]{1,40}");

    private GpuClass() {
    }

    static String normalise(String field, String value) {
        String v = value == null ? "" : value.strip().toUpperCase(java.util.Locale.ROOT);
        if (!NAME.matcher(v).matches()) {
            throw OctoException.validation(field, "1-40 letters, digits or underscores, e.g. H100");
        }
        return v;
    }
}
