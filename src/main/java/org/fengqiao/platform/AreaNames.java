package org.fengqiao.platform;

import java.util.Collection;
import java.util.Map;

/**
 * Names of areas by code, for pages of modules that must not depend on geography (the platform's home page).
 * Declared here, implemented by the geography module, which owns the area table.
 */
public interface AreaNames {

    /** Code → name for the codes that name an area (retired or not); unknown codes are left out. */
    Map<String, String> namesOf(Collection<String> codes);
}
