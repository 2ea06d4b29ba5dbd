package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class BatchColumnsTest {

    enum Kind { COUNTER }

    record Row(long id, Kind kind, Instant at, Double lon, List<Object> items, String note) {
    }

    @Test
    void eachColumnIsAnArrayOfTheValuesInPostgresTextForm() {
        UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        List<Row> rows = List.of(
                new Row(7, Kind.COUNTER, Instant.parse("2026-11-28T06:45:11.076382Z"), 112.95816252356994,
                        List.of(u, "a \"quoted\", {braced} \\ value"), null),
                new Row(8, null, null, null, List.of(), "x"));
        Object[] params = BatchColumns.of(rows).id(Row::id).text(Row::kind).text(Row::at).text(Row::lon)
                .text(Row::items).text(Row::note).params();

        assertThat(params).hasSize(6);
        assertThat((Long[]) params[0]).containsExactly(7L, 8L);
        assertThat((String[]) params[1]).containsExactly("COUNTER", null);
        assertThat((String[]) params[2]).containsExactly("2026-11-28T06:45:11.076382Z", null);
        assertThat((String[]) params[3]).containsExactly("112.95816252356994", null);
        assertThat(Double.parseDouble(((String[]) params[3])[0])).isEqualTo(112.95816252356994);
        assertThat((String[]) params[4]).containsExactly(
                "{\"" + u + "\",\"a \\\"quoted\\\", {braced} \\\\ value\"}", "{}");
        assertThat(Arrays.asList((String[]) params[5])).containsExactly(null, "x");
    }
}
