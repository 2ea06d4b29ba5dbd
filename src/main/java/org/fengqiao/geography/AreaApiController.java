package org.fengqiao.geography;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The area tree as JSON. Reads are filtered by the caller's data scope (outside it: 404); changes need
 * SYSTEM_ADMIN and are audited.
 */
@RestController
@RequestMapping("/api/areas")
class AreaApiController {

    private final AreaStore areas;
    private final AreaService changes;
    private final GeoJsonImport importer;
    private final GeoJsonExport exporter;
    private final GridLocator locator;
    private final AccessPolicy policy;

    AreaApiController(AreaStore areas, AreaService changes, GeoJsonImport importer, GeoJsonExport exporter,
                      GridLocator locator, AccessPolicy policy) {
        this.areas = areas;
        this.changes = changes;
        this.importer = importer;
        this.exporter = exporter;
        this.locator = locator;
        this.policy = policy;
    }

    /** An area with its counts of active sub-areas. */
    record AreaDetail(String code, String name, String level, String kind, String subtype, String parentCode,
                      boolean retired, String retiredReason, Double centroidLon, Double centroidLat,
                      boolean hasBoundary, int version, int directChildren, Map<String, Integer> subtreeCounts,
                      List<String> coverage) {
    }

    record AreaSummary(String code, String name, String level, String kind, String parentCode, boolean retired,
                       int version) {
        static AreaSummary of(AreaStore.Area a) {
            return new AreaSummary(a.code(), a.name(), a.level(), a.kind(), a.parentCode(), a.retired(), a.version());
        }
    }

    record CreateRequest(String parentCode, String code, String name, String level, String kind, String subtype,
                         Object boundary, String reason) {
    }

    record RenameRequest(String name, String reason, Integer version) {
    }

    record MoveRequest(String parentCode, String reason, Integer version) {
    }

    record RetireRequest(String reason, Integer version) {
    }

    record CoverageRequest(List<String> gridCodes, String reason) {
    }

    private DataScope scope() {
        return policy.scope(GeographyPermission.READ_AREAS);
    }

    /** The top areas of the caller's scope, or the children of {@code under}. */
    @GetMapping
    List<AreaSummary> list(@RequestParam(required = false) String under,
                           @RequestParam(defaultValue = "false") boolean withRetired) {
        if (under == null || under.isBlank()) {
            return areas.roots(scope()).stream().map(AreaSummary::of).toList();
        }
        areas.get(under, scope());
        return areas.children(under, scope(), withRetired).stream().map(AreaSummary::of).toList();
    }

    /** Polygons of the active areas the caller may see as a GeoJSON FeatureCollection. */
    @GetMapping(value = "/geojson", produces = {MediaType.APPLICATION_JSON_VALUE, "application/geo+json"})
    String geojson(@RequestParam(required = false) String level, @RequestParam(required = false) String under,
                   @RequestParam(required = false) String kind) {
        return exporter.export(scope(), blank(under), blank(level), blank(kind));
    }

    /** The same FeatureCollection as a download, for editing in a GIS and re-importing. */
    @GetMapping("/export")
    ResponseEntity<byte[]> export(@RequestParam(required = false) String level,
                                  @RequestParam(required = false) String under,
                                  @RequestParam(required = false) String kind) {
        byte[] body = exporter.export(scope(), blank(under), blank(level), blank(kind))
                .getBytes(StandardCharsets.UTF_8);
        String name = "areas" + (blank(under) == null ? "" : "-" + under) + (blank(level) == null ? "" : "-" + level)
                + ".geojson";
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .contentType(MediaType.parseMediaType("application/geo+json"))
                .body(body);
    }

    /** Imports a FeatureCollection sent as the request body; all or nothing. */
    @PostMapping(value = "/import", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/geo+json"})
    GeoJsonImport.ImportResult importBody(@RequestBody String body, @RequestParam(required = false) String reason) {
        return importer.importGeoJson(body, reason);
    }

    /** Imports an uploaded FeatureCollection file; all or nothing. */
    @PostMapping(value = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    GeoJsonImport.ImportResult importFile(@RequestParam("file") MultipartFile file,
                                        @RequestParam(required = false) String reason) throws java.io.IOException {
        if (file == null || file.isEmpty()) {
            throw new InvalidRequestException("No file was uploaded.");
        }
        return importer.importGeoJson(new String(file.getBytes(), StandardCharsets.UTF_8), reason);
    }

    /** Which base grid and overlays contain a WGS84 point (only answered inside the caller's scope). */
    @GetMapping("/locate")
    GridLocation locate(@RequestParam double lon, @RequestParam double lat) {
        GridLocation found = locator.locate(lon, lat)
                .filter(l -> scope().covers(l.gridCode()))
                .orElseThrow(() -> new NotFoundException("No grid in your area contains this point."));
        return new GridLocation(found.gridCode(), found.gridName(), found.villageCode(), found.townCode(),
                found.overlayCodes().stream().filter(scope()::covers).toList());
    }

    @GetMapping("/{code}")
    AreaDetail get(@PathVariable String code) {
        AreaStore.Area a = areas.get(code, scope());
        return new AreaDetail(a.code(), a.name(), a.level(), a.kind(), a.subtype(), a.parentCode(), a.retired(),
                a.retiredReason(), a.centroidLon(), a.centroidLat(), a.hasBoundary(), a.version(),
                areas.children(code, scope(), false).size(), areas.subtreeCounts(code),
                areas.coverage(a).stream().filter(scope()::covers).toList());
    }

    @GetMapping("/{code}/children")
    List<AreaSummary> children(@PathVariable String code, @RequestParam(defaultValue = "false") boolean withRetired) {
        areas.get(code, scope());
        return areas.children(code, scope(), withRetired).stream().map(AreaSummary::of).toList();
    }

    @GetMapping("/{code}/history")
    List<AreaStore.History> history(@PathVariable String code) {
        return areas.history(areas.get(code, scope()).id());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AreaSummary create(@RequestBody CreateRequest r) {
        String boundary = r.boundary() == null ? null
                : r.boundary() instanceof String s ? s : tools.jackson.databind.json.JsonMapper.shared()
                .writeValueAsString(r.boundary());
        return AreaSummary.of(changes.create(new AreaService.CreateCommand(r.parentCode(), r.code(), r.name(), r.level(),
                r.kind(), r.subtype(), boundary, r.reason())));
    }

    @PostMapping("/{code}/rename")
    AreaSummary rename(@PathVariable String code, @RequestBody RenameRequest r) {
        return AreaSummary.of(changes.rename(code, r.name(), r.reason(), r.version()));
    }

    @PostMapping("/{code}/move")
    AreaSummary move(@PathVariable String code, @RequestBody MoveRequest r) {
        return AreaSummary.of(changes.move(code, r.parentCode(), r.reason(), r.version()));
    }

    @PostMapping("/{code}/retire")
    AreaSummary retire(@PathVariable String code, @RequestBody RetireRequest r) {
        return AreaSummary.of(changes.retire(code, r.reason(), r.version()));
    }

    @PutMapping("/{code}/coverage")
    AreaDetail coverage(@PathVariable String code, @RequestBody CoverageRequest r) {
        changes.setCoverage(code, r.gridCodes(), r.reason());
        return get(code);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
