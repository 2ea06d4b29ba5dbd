package org.fengqiao.registry;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * JSON API of the registry: rooms, households, residents, care tags. Every answer is limited to the caller's data
 * scope; ID and phone numbers are masked except in an audited unmask. Searches by ID or phone number are POSTed so
 * the numbers stay out of URLs and access logs.
 */
@RestController
@RequestMapping("/api/registry")
@Tag(name = "registry", description = "Households, residents, rooms and care tags (人、地、物)")
class RegistryApi {

    private final Rooms rooms;
    private final Households households;
    private final Residents residents;
    private final CareTags careTags;
    private final RegistryImports imports;
    private Enterprises enterprises;
    private PlacesAndBoats placesAndBoats;

    @org.springframework.beans.factory.annotation.Autowired
    void setOthers(Enterprises enterprises, PlacesAndBoats placesAndBoats) {
        this.enterprises = enterprises;
        this.placesAndBoats = placesAndBoats;
    }

    RegistryApi(Rooms rooms, Households households, Residents residents, CareTags careTags,
                RegistryImports imports) {
        this.imports = imports;
        this.rooms = rooms;
        this.households = households;
        this.residents = residents;
        this.careTags = careTags;
    }

    record Reason(String reason) {
    }

    record MoveOut(String reason, String leftOn) {
    }

    record NewHousehold(Long roomId, String kind, String householdNumber, String phone,
                        List<Residents.ResidentInput> members) {
    }

    record HouseholdEdit(Integer version, String kind, String householdNumber, String phone) {
    }

    record ResidentEdit(Integer version, Residents.ResidentInput resident) {
    }

    record NewTag(String kind, String note, String reason) {
    }

    record Search(String q, String area, Boolean includeMovedOut, Long after, Integer limit) {
    }

    record NoteBody(String body) {
    }

    record NewKind(String code, String nameZh, String nameEn) {
    }

    @GetMapping("/rooms")
    @Operation(summary = "Active rooms of a building, or houses of a grid")
    List<Rooms.RoomView> rooms(@RequestParam String area) {
        return rooms.in(area);
    }

    @GetMapping("/rooms/{id}")
    Rooms.RoomView room(@PathVariable long id) {
        return rooms.get(id);
    }

    @PostMapping("/rooms")
    ResponseEntity<Rooms.RoomView> registerRoom(@RequestBody(required = false) Rooms.RoomInput body) {
        long id = rooms.register(body);
        return ResponseEntity.created(URI.create("/api/registry/rooms/" + id)).body(rooms.get(id));
    }

    @GetMapping("/households")
    @Operation(summary = "Active households under an area code (a building, grid, village …) in scope")
    List<Households.HouseholdView> households(@RequestParam String area,
                                              @RequestParam(defaultValue = "200") int limit) {
        return households.under(area, limit);
    }

    @GetMapping("/households/{id}")
    Households.HouseholdView household(@PathVariable long id) {
        return households.get(id);
    }

    @PostMapping("/households")
    ResponseEntity<Households.HouseholdView> register(@RequestBody(required = false) NewHousehold body) {
        if (body == null || body.roomId() == null) {
            throw new InvalidRequestException("Send the household as JSON with its roomId.");
        }
        long id = households.register(body.roomId(), new Households.HouseholdInput(body.kind(), body.householdNumber(),
                body.phone()), body.members());
        return ResponseEntity.created(URI.create("/api/registry/households/" + id)).body(households.get(id));
    }

    @PutMapping("/households/{id}")
    Households.HouseholdView change(@PathVariable long id, @RequestBody(required = false) HouseholdEdit body) {
        if (body == null || body.version() == null) {
            throw new InvalidRequestException("Send the version you edited.");
        }
        households.change(id, body.version(), new Households.HouseholdInput(body.kind(), body.householdNumber(),
                body.phone()));
        return households.get(id);
    }

    @PostMapping("/households/{id}/end")
    Households.HouseholdView end(@PathVariable long id, @RequestBody(required = false) Reason body) {
        households.end(id, body == null ? null : body.reason());
        return households.get(id);
    }

    @PostMapping("/households/{id}/notes")
    ResponseEntity<Map<String, Long>> note(@PathVariable long id, @RequestBody(required = false) NoteBody body) {
        long noteId = households.note(id, body == null ? null : body.body());
        return ResponseEntity.status(201).body(Map.of("id", noteId));
    }

    @PostMapping("/households/{id}/unmask")
    Map<String, String> unmaskHousehold(@PathVariable long id, @RequestBody(required = false) Reason body) {
        return Map.of("phone", String.valueOf(households.unmaskPhone(id, body == null ? null : body.reason())));
    }

    @PostMapping("/households/{id}/residents")
    ResponseEntity<Residents.ResidentView> moveIn(@PathVariable long id,
                                                  @RequestBody(required = false) Residents.ResidentInput body) {
        long residentId = residents.moveIn(id, body);
        return ResponseEntity.created(URI.create("/api/registry/residents/" + residentId))
                .body(residents.get(residentId));
    }

    @GetMapping("/residents")
    @Operation(summary = "Residents in scope whose name contains q (one character and up)")
    List<Residents.ResidentSummary> residents(@RequestParam(required = false) String q,
                                              @RequestParam(required = false) String area,
                                              @RequestParam(defaultValue = "false") boolean includeMovedOut,
                                              @RequestParam(required = false) Long after,
                                              @RequestParam(defaultValue = "50") int limit) {
        return residents.search(q, area, includeMovedOut, after, limit);
    }

    @PostMapping("/residents/search")
    @Operation(summary = "Search by name, or exactly by a whole ID or phone number (blind index), kept out of URLs")
    List<Residents.ResidentSummary> search(@RequestBody(required = false) Search body) {
        Search s = body == null ? new Search(null, null, null, null, null) : body;
        return residents.search(s.q(), s.area(), Boolean.TRUE.equals(s.includeMovedOut()), s.after(),
                s.limit() == null ? 50 : s.limit());
    }

    @GetMapping("/residents/{id}")
    Residents.ResidentView resident(@PathVariable long id) {
        return residents.get(id);
    }

    @PutMapping("/residents/{id}")
    Residents.ResidentView changeResident(@PathVariable long id, @RequestBody(required = false) ResidentEdit body) {
        if (body == null || body.version() == null) {
            throw new InvalidRequestException("Send the version you edited.");
        }
        residents.change(id, body.version(), body.resident());
        return residents.get(id);
    }

    @PostMapping("/residents/{id}/move-out")
    Residents.ResidentView moveOut(@PathVariable long id, @RequestBody(required = false) MoveOut body) {
        residents.moveOut(id, body == null ? null : body.reason(), body == null ? null : body.leftOn());
        return residents.get(id);
    }

    @PostMapping("/residents/{id}/unmask")
    @Operation(summary = "The full ID and phone number, with a stated reason (audited)")
    Residents.Unmasked unmask(@PathVariable long id, @RequestBody(required = false) Reason body) {
        return residents.unmask(id, body == null ? null : body.reason());
    }

    @PostMapping("/residents/{id}/care-tags")
    ResponseEntity<Map<String, Long>> tag(@PathVariable long id, @RequestBody(required = false) NewTag body) {
        if (body == null) {
            throw new InvalidRequestException("Send the tag as JSON.");
        }
        return ResponseEntity.status(201).body(Map.of("id", careTags.set(id, body.kind(), body.note(),
                body.reason())));
    }

    @PostMapping("/care-tags/{id}/remove")
    ResponseEntity<Void> untag(@PathVariable long id, @RequestBody(required = false) Reason body) {
        careTags.remove(id, body == null ? null : body.reason());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/care-tags")
    @Operation(summary = "Residents in scope carrying a care tag (of one kind), for care work")
    List<CareTags.Tagged> tagged(@RequestParam(required = false) String kind,
                                 @RequestParam(required = false) String area,
                                 @RequestParam(defaultValue = "100") int limit) {
        return careTags.residentsTagged(kind, area, limit);
    }

    @GetMapping("/care-tag-kinds")
    List<CareTags.Kind> kinds() {
        return careTags.kinds();
    }

    @PostMapping("/care-tag-kinds")
    ResponseEntity<Void> addKind(@RequestBody(required = false) NewKind body) {
        if (body == null) {
            throw new InvalidRequestException("Send the kind as JSON.");
        }
        careTags.addKind(body.code(), body.nameZh(), body.nameEn());
        return ResponseEntity.status(201).build();
    }

    @PostMapping(value = "/imports", consumes = "multipart/form-data")
    @Operation(summary = "Upload a workbook (.xlsx, the kind's template columns) of kind HOUSEHOLDS (default), RENTALS"
            + " or ENTERPRISES; validated in the background, imported at once when every row passed")
    ResponseEntity<RegistryImports.Job> upload(@org.springframework.web.bind.annotation.RequestParam(name = "file",
            required = false) org.springframework.web.multipart.MultipartFile file,
            @RequestParam(required = false) String kind) throws java.io.IOException {
        long id = imports.upload(RegistryImports.Kind.of(kind), file == null ? null : file.getOriginalFilename(),
                file == null ? null : file.getBytes());
        return ResponseEntity.accepted().location(URI.create("/api/registry/imports/" + id)).body(imports.get(id));
    }

    @GetMapping("/imports")
    @Operation(summary = "The caller's own imports, newest first")
    List<RegistryImports.Job> myImports() {
        return imports.mine();
    }

    @GetMapping("/imports/template.xlsx")
    @Operation(summary = "The empty template of an import kind: HOUSEHOLDS (default), RENTALS or ENTERPRISES")
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> importTemplate(
            @RequestParam(required = false) String kind) {
        return ImportPages.templateOf(imports, RegistryImports.Kind.of(kind));
    }

    @GetMapping("/imports/{id}/errors.xlsx")
    @Operation(summary = "The per-row error report of one of the caller's imports (sheet, row, field, error, value)")
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> importErrors(
            @PathVariable long id) {
        imports.get(id);
        return ResponseEntity.ok().header("Content-Type", ImportPages.XLSX)
                .header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.xlsx\"")
                .body(out -> imports.errorReport(id, out));
    }

    @PostMapping("/imports/{id}/cancel")
    @Operation(summary = "Give up an import that waits for validation or for the choice after its error report")
    RegistryImports.Job cancelImport(@PathVariable long id) {
        imports.cancel(id);
        return imports.get(id);
    }

    @GetMapping("/imports/{id}")
    RegistryImports.Job importJob(@PathVariable long id) {
        return imports.get(id);
    }

    @PostMapping("/imports/{id}/good-rows")
    @Operation(summary = "Import only the rows that passed, after reading the error report")
    RegistryImports.Job importGoodRows(@PathVariable long id) {
        imports.importGoodRows(id);
        return imports.get(id);
    }

    @GetMapping("/enterprises")
    @Operation(summary = "Enterprises in scope with the last twelve months' kWh and kWh per head")
    List<Enterprises.Summary> enterprises(@RequestParam(required = false) String area) {
        return enterprises.list(area);
    }

    @GetMapping("/enterprises/{id}")
    Enterprises.EnterpriseView enterprise(@PathVariable long id) {
        return enterprises.get(id);
    }

    @PostMapping("/enterprises")
    ResponseEntity<Enterprises.EnterpriseView> registerEnterprise(
            @RequestBody(required = false) Enterprises.EnterpriseInput body) {
        long id = enterprises.register(body);
        return ResponseEntity.created(URI.create("/api/registry/enterprises/" + id)).body(enterprises.get(id));
    }

    @PostMapping("/enterprises/electricity")
    @Operation(summary = "Monthly electricity readings (credit code, YYYY-MM, kWh): all imported, or the problems")
    ResponseEntity<List<Enterprises.ReadingProblem>> electricity(
            @RequestBody(required = false) List<Enterprises.Reading> body) {
        List<Enterprises.ReadingProblem> problems = enterprises.importElectricity(body == null ? List.of() : body);
        return problems.isEmpty() ? ResponseEntity.ok(problems) : ResponseEntity.badRequest().body(problems);
    }

    @GetMapping("/places")
    List<PlacesAndBoats.Place> places(@RequestParam(required = false) String kind,
                                      @RequestParam(required = false) String area) {
        return placesAndBoats.places(kind, area);
    }

    @GetMapping("/places/{id}")
    PlacesAndBoats.Place place(@PathVariable long id) {
        return placesAndBoats.place(id);
    }

    @PostMapping("/places")
    ResponseEntity<PlacesAndBoats.Place> registerPlace(@RequestBody(required = false) PlacesAndBoats.PlaceInput body) {
        long id = placesAndBoats.registerPlace(body);
        return ResponseEntity.created(URI.create("/api/registry/places/" + id)).body(placesAndBoats.place(id));
    }

    @GetMapping("/boats")
    List<PlacesAndBoats.Boat> boats(@RequestParam(required = false) String area) {
        return placesAndBoats.boats(area);
    }

    @GetMapping("/boats/{id}")
    PlacesAndBoats.Boat boat(@PathVariable long id) {
        return placesAndBoats.boat(id);
    }

    @PostMapping("/boats")
    ResponseEntity<PlacesAndBoats.Boat> registerBoat(@RequestBody(required = false) PlacesAndBoats.BoatInput body) {
        long id = placesAndBoats.registerBoat(body);
        return ResponseEntity.created(URI.create("/api/registry/boats/" + id)).body(placesAndBoats.boat(id));
    }

    record BoatStatus(String status) {
    }

    @PostMapping("/boats/{id}/status")
    PlacesAndBoats.Boat boatStatus(@PathVariable long id, @RequestBody(required = false) BoatStatus body) {
        placesAndBoats.setStatus(id, body == null ? null : body.status());
        return placesAndBoats.boat(id);
    }
}
