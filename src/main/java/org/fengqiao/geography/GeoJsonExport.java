package org.fengqiao.geography;

import org.fengqiao.platform.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The area tree's boundaries as GeoJSON, for the map and for editing in a GIS and re-importing. */
@Component
class GeoJsonExport {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    GeoJsonExport(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Active areas with a boundary inside the scope as a FeatureCollection (properties code, name, level, kind,
     * parentCode), optionally only under a code and at a level.
     */
    String export(DataScope scope, String under, String level, String kind) {
        ObjectNode fc = json.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        if (scope.isEmpty()) {
            return fc.toString();
        }
        jdbc.sql("""
                        select a.code, a.name, a.level, a.kind, p.code as parent_code, a.boundary
                        from area a left join area p on p.id = a.parent_id
                        where a.code like any (?) and a.retired_at is null and a.boundary is not null
                          and (?::text is null or a.code like ?) and (?::text is null or a.level = ?)
                          and (?::text is null or a.kind = ?)
                        order by length(a.code), a.code""")
                .params(scope.likePatterns(), under, under + "%", level, level, kind, kind)
                .query(rs -> {
                    ObjectNode f = features.addObject();
                    f.put("type", "Feature");
                    ObjectNode props = f.putObject("properties");
                    props.put("code", rs.getString("code"));
                    props.put("name", rs.getString("name"));
                    props.put("level", rs.getString("level"));
                    props.put("kind", rs.getString("kind"));
                    props.put("parentCode", rs.getString("parent_code"));
                    f.set("geometry", json.readTree(rs.getString("boundary")));
                });
        return fc.toString();
    }
}
