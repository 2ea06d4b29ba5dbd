package org.fengqiao.people;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fengqiao.platform.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Narrow reads of persons for other modules (accounts, sign-in), so that none of them reads the person table. No
 * sensitive field leaves here; the caller decides who may see what.
 */
@Service
public class PersonLookup {

    private final JdbcClient jdbc;

    PersonLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Who a person is, where they belong, and whether they are retired. */
    public record PersonRef(long id, String name, String areaCode, boolean retired) {
    }

    private static final String SELECT = "select id, name, area_code, retired_at is not null as retired from person";

    public Optional<PersonRef> find(long personId) {
        return jdbc.sql(SELECT + " where id = ?").param(personId).query(PersonRef.class).optional();
    }

    public Map<Long, PersonRef> find(Collection<Long> personIds) {
        Map<Long, PersonRef> found = new LinkedHashMap<>();
        if (personIds == null || personIds.isEmpty()) {
            return found;
        }
        jdbc.sql(SELECT + " where id = any (?)").param(personIds.stream().distinct().toArray(Long[]::new))
                .query(PersonRef.class).list().forEach(p -> found.put(p.id(), p));
        return found;
    }

    /**
     * Ids of the persons (retired too) whose area lies inside the scope, optionally only those whose name contains
     * the text; none for an empty scope.
     */
    public List<Long> idsIn(DataScope scope, String nameContains) {
        if (scope == null || scope.isEmpty()) {
            return List.of();
        }
        String pattern = nameContains == null || nameContains.isBlank() ? null : "%" + nameContains.strip()
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("select id from person where area_code like any (?) and (?::text is null or name like ?)")
                .params(scope.likePatterns(), pattern, pattern).query(Long.class).list();
    }
}
