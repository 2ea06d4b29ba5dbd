package org.fengqiao.people;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** JSON API for persons, organisations and grid rosters; every answer is limited to the caller's scope. */
@RestController
@RequestMapping("/api")
class PeopleApi {

    private final PersonDirectory persons;
    private final Organisations organisations;
    private final GridRoster roster;

    PeopleApi(PersonDirectory persons, Organisations organisations, GridRoster roster) {
        this.persons = persons;
        this.organisations = organisations;
        this.roster = roster;
    }

    record Reason(String reason) {
    }

    record PersonEdit(Integer version, String name, String gender, String idNumber, String phone, String areaCode) {
    }

    @GetMapping("/persons")
    List<PersonDirectory.PersonSummary> search(@RequestParam(required = false) String q,
                                               @RequestParam(required = false) String area,
                                               @RequestParam(defaultValue = "false") boolean includeRetired,
                                               @RequestParam(required = false) Long after,
                                               @RequestParam(defaultValue = "50") int limit) {
        return persons.search(q, area, includeRetired, after, limit);
    }

    @GetMapping("/persons/{id}")
    PersonDirectory.PersonDetail get(@PathVariable long id) {
        return persons.get(id);
    }

    @PostMapping("/persons")
    ResponseEntity<Map<String, Long>> create(@RequestBody PersonDirectory.PersonInput input) {
        long id = persons.create(input);
        return ResponseEntity.created(URI.create("/api/persons/" + id)).body(Map.of("id", id));
    }

    @PutMapping("/persons/{id}")
    PersonDirectory.PersonDetail update(@PathVariable long id, @RequestBody PersonEdit edit) {
        if (edit == null || edit.version() == null) {
            throw new org.fengqiao.platform.InvalidRequestException("Send the version you edited.");
        }
        persons.update(id, edit.version(), new PersonDirectory.PersonInput(edit.name(), edit.gender(),
                edit.idNumber(), edit.phone(), edit.areaCode()));
        return persons.get(id);
    }

    @PostMapping("/persons/{id}/unmask")
    PersonDirectory.Unmasked unmask(@PathVariable long id, @RequestBody(required = false) Reason reason) {
        return persons.unmask(id, reason == null ? null : reason.reason());
    }

    @PostMapping("/persons/{id}/retire")
    PersonDirectory.PersonDetail retire(@PathVariable long id, @RequestBody(required = false) Reason reason) {
        persons.retire(id, reason == null ? null : reason.reason());
        return persons.get(id);
    }

    @GetMapping("/organisations")
    List<Organisations.Organisation> organisations(@RequestParam(required = false) String kind) {
        return organisations.list(kind);
    }

    @PostMapping("/organisations")
    ResponseEntity<Map<String, Long>> createOrganisation(@RequestBody Organisations.OrganisationInput input) {
        long id = organisations.create(input);
        return ResponseEntity.created(URI.create("/api/organisations/" + id)).body(Map.of("id", id));
    }

    @GetMapping("/areas/{code}/roster")
    List<GridRoster.Member> roster(@PathVariable String code) {
        return roster.of(code);
    }
}
