package org.fengqiao.access;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fengqiao.audit.ActorNames;
import org.fengqiao.people.PersonLookup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The audit trail's actors are user names: this names their persons, through the people module's facade. */
@Component
class AccountActorNames implements ActorNames {

    private final JdbcClient jdbc;
    private final PersonLookup persons;

    AccountActorNames(JdbcClient jdbc, PersonLookup persons) {
        this.jdbc = jdbc;
        this.persons = persons;
    }

    @Override
    public Map<String, String> displayNames(Collection<String> usernames) {
        Map<String, String> names = new LinkedHashMap<>();
        if (usernames == null || usernames.isEmpty()) {
            return names;
        }
        record Row(String username, long personId) {
        }
        List<Row> rows = jdbc.sql("select username, person_id from account where username = any (?)")
                .param(usernames.stream().distinct().toArray(String[]::new)).query(Row.class).list();
        Map<Long, PersonLookup.PersonRef> people = persons.find(rows.stream().map(Row::personId).toList());
        for (Row r : rows) {
            PersonLookup.PersonRef p = people.get(r.personId());
            if (p != null) {
                names.put(r.username(), p.name());
            }
        }
        return names;
    }
}
