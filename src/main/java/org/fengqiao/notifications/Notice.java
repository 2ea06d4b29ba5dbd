package org.fengqiao.notifications;

import java.util.List;

/**
 * Something to tell people: a message key (any bundle) with its arguments and a link. Recipients are resolved when
 * the outbox is relayed, so a notice to a department reaches whoever handles for it then.
 */
public record Notice(Recipient recipient, String messageKey, List<String> args, String link, boolean urgent) {

    public Notice {
        if (recipient == null || messageKey == null || messageKey.isBlank()) {
            throw new IllegalArgumentException("A notice needs a recipient and a message");
        }
        args = args == null ? List.of() : List.copyOf(args);
    }

    public sealed interface Recipient {
    }

    public record Person(long personId) implements Recipient {
    }

    /** Everyone holding the handler role (DEPARTMENT_HANDLER) for this organisation. */
    public record Organisation(long organisationId) implements Recipient {
    }

    /** Everyone holding the role with an assignment covering this area (an ancestor or the area itself). */
    public record RoleInArea(String role, String areaCode) implements Recipient {
    }
}
