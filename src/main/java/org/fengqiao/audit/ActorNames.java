package org.fengqiao.audit;

import java.util.Collection;
import java.util.Map;

/**
 * Who an actor of the trail is, by name, for the auditor's view. Declared here and implemented by the module that
 * knows accounts (access), so that audit reads no other module's tables and depends on none of them.
 */
public interface ActorNames {

    /** User name → the person's display name, for the user names that name an account; others are left out. */
    Map<String, String> displayNames(Collection<String> usernames);
}
