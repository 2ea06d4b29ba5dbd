package org.fengqiao.registry;

import java.net.URI;
import java.util.List;
import java.util.Locale;

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
 * JSON API of rental housing (出租屋) and its inspections, under the registry's API. Answers are limited to the
 * caller's data scope; the landlord's ID and phone are masked except in the audited unmask.
 */
@RestController
@RequestMapping("/api/registry")
@Tag(name = "registry", description = "Households, residents, rooms and care tags (人、地、物)")
class RentalApi {

    private final Rentals rentals;
    private final RegistryExports exports;

    RentalApi(Rentals rentals, RegistryExports exports) {
        this.rentals = rentals;
        this.exports = exports;
    }

    record ExportRequest(String area, String reason) {
    }

    @PostMapping("/rentals/export.xlsx")
    @Operation(summary = "Current rentals under an area as .xlsx: landlord numbers masked unless a reason is given and"
            + " the caller may unmask there; watermarked with the caller and time; audited")
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> export(
            @RequestBody(required = false) ExportRequest body) {
        String area = body == null ? null : body.area();
        String reason = body == null ? null : body.reason();
        exports.check(area, reason);
        return ResponseEntity.ok().header("Content-Type", ImportPages.XLSX)
                .header("Content-Disposition", "attachment; filename=\"rentals-" + area.strip() + ".xlsx\"")
                .body(out -> exports.rentals(area, reason, out));
    }

    record NewRental(Long roomId, Rentals.RentalInput rental) {
    }

    record RentalEdit(Integer version, Rentals.RentalInput rental) {
    }

    record EndRental(String reason, String roomUse) {
    }

    record Rectified(String note, String checkedOn) {
    }

    @GetMapping("/rentals")
    @Operation(summary = "Current rentals in scope: filter ALL, LET, NOT_INSPECTED (for the configured days) or"
            + " OVERDUE (a rectification past its deadline), optionally under an area code")
    List<Rentals.RentalView> list(@RequestParam(required = false) String filter,
                                  @RequestParam(required = false) String area,
                                  @RequestParam(defaultValue = "200") int limit) {
        return rentals.list(filter(filter), area, limit);
    }

    record LandlordSearch(String number) {
    }

    @PostMapping("/rentals/search")
    @Operation(summary = "Rentals whose landlord has exactly this ID or phone number (blind index), kept out of URLs")
    List<Rentals.RentalView> search(@RequestBody(required = false) LandlordSearch body) {
        return rentals.byLandlordNumber(body == null ? null : body.number());
    }

    @GetMapping("/rentals/{id}")
    @Operation(summary = "A rental with its landlord (masked) and the room's occupancy now")
    Rentals.RentalView rental(@PathVariable long id) {
        return rentals.get(id);
    }

    @GetMapping("/rooms/{id}/rentals")
    @Operation(summary = "A room's rental registrations, the current one first")
    List<Rentals.RentalView> ofRoom(@PathVariable long id) {
        return rentals.ofRoom(id);
    }

    @PostMapping("/rentals")
    @Operation(summary = "Register a room as rental housing")
    ResponseEntity<Rentals.RentalView> register(@RequestBody(required = false) NewRental body) {
        if (body == null || body.roomId() == null) {
            throw new InvalidRequestException("Send the rental as JSON with its roomId and rental.");
        }
        long id = rentals.register(body.roomId(), body.rental());
        return ResponseEntity.created(URI.create("/api/registry/rentals/" + id)).body(rentals.get(id));
    }

    @PutMapping("/rentals/{id}")
    @Operation(summary = "Change a current rental (version from the last read; blank ID or phone keeps the stored)")
    Rentals.RentalView change(@PathVariable long id, @RequestBody(required = false) RentalEdit body) {
        if (body == null || body.version() == null) {
            throw new InvalidRequestException("Send the change as JSON with the version you read and the rental.");
        }
        rentals.change(id, body.version(), body.rental());
        return rentals.get(id);
    }

    @PostMapping("/rentals/{id}/end")
    @Operation(summary = "End a rental registration (no longer let out), with a reason; open rectifications close")
    Rentals.RentalView end(@PathVariable long id, @RequestBody(required = false) EndRental body) {
        rentals.end(id, body == null ? null : body.reason(), body == null ? null : body.roomUse());
        return rentals.get(id);
    }

    @PostMapping("/rentals/{id}/unmask")
    @Operation(summary = "The landlord's full ID and phone number, with a stated reason (audited)")
    Rentals.Unmasked unmask(@PathVariable long id, @RequestBody(required = false) RegistryApi.Reason body) {
        return rentals.unmaskLandlord(id, body == null ? null : body.reason());
    }

    @GetMapping("/rentals/{id}/inspections")
    @Operation(summary = "A rental's inspections, newest first")
    List<Rentals.InspectionView> inspections(@PathVariable long id) {
        return rentals.inspections(id);
    }

    @PostMapping("/rentals/{id}/inspections")
    @Operation(summary = "Record an inspection by the signed-in grid worker or police officer; RECTIFY needs rectifyBy")
    ResponseEntity<Rentals.InspectionView> inspect(@PathVariable long id,
                                                   @RequestBody(required = false) Rentals.InspectionInput body) {
        long inspection = rentals.inspect(id, body);
        return ResponseEntity.created(URI.create("/api/registry/rentals/" + id + "/inspections"))
                .body(rentals.inspection(inspection));
    }

    @PostMapping("/rental-inspections/{id}/rectified")
    @Operation(summary = "The follow-up that closes a rectification, with what was put right")
    Rentals.InspectionView rectified(@PathVariable long id, @RequestBody(required = false) Rectified body) {
        rentals.rectified(id, body == null ? null : body.note(), body == null ? null : body.checkedOn());
        return rentals.inspection(id);
    }

    static Rentals.Filter filter(String raw) {
        if (raw == null || raw.isBlank()) {
            return Rentals.Filter.ALL;
        }
        try {
            return Rentals.Filter.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("The filter must be one of ALL, LET, NOT_INSPECTED, OVERDUE.");
        }
    }
}
