package org.fengqiao.access;

import java.util.List;

import org.fengqiao.platform.CurrentUser;

/**
 * A machine client signed in with an API token. Its role assignments are the token's, so {@code AccessPolicy} decides
 * for it exactly as for a person. It is nobody: its person id is the negative token id, which names no person, and it
 * acts as {@code token:<id>} in audit rows and as a report's submitter.
 */
record ApiClient(long tokenId, String name, List<CurrentUser.Assignment> assignments) implements CurrentUser.User {

    ApiClient {
        assignments = List.copyOf(assignments);
    }

    @Override
    public long personId() {
        return -tokenId;
    }

    @Override
    public String username() {
        return actor(tokenId);
    }

    @Override
    public String displayName() {
        return name;
    }

    static String actor(long tokenId) {
        return "token:" + tokenId;
    }
}
