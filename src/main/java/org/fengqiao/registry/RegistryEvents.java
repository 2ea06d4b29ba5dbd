package org.fengqiao.registry;

import java.time.Instant;

/**
 * Past-tense events of the registry, published in the transaction of the change and delivered after commit
 * (listeners use {@code @ApplicationModuleListener}). They carry what a listener needs to keep its own read model
 * (residents per grid, care needs per area, enterprises' electricity against head-count) and no personal data:
 * no names, ID or phone numbers, no reasons typed by staff.
 */
public final class RegistryEvents {

    private RegistryEvents() {
    }

    /** A household was registered in a room. {@code kind}: REGISTERED, RESIDENT, TENANT or COLLECTIVE. */
    public record HouseholdRegistered(long householdId, long roomId, String areaCode, String kind, int members,
                                      Instant at, String actor) {
    }

    /** A household's kind, number or contact changed. */
    public record HouseholdChanged(long householdId, String areaCode, String kind, Instant at, String actor) {
    }

    /** A household was ended (moved away as a whole, merged, dissolved); its remaining members moved out with it. */
    public record HouseholdEnded(long householdId, String areaCode, int membersMovedOut, Instant at, String actor) {
    }

    /** A resident moved into a household. {@code populationKind}: REGISTERED, FLOATING or FOREIGN. */
    public record ResidentMovedIn(long residentId, long householdId, String areaCode, String populationKind,
                                  boolean livesHere, Instant at, String actor) {
    }

    /** A resident's record changed (not their household). */
    public record ResidentChanged(long residentId, long householdId, String areaCode, String populationKind,
                                  Instant at, String actor) {
    }

    /** A resident moved out (or died, or the record was found wrong: the reason stays in the registry). */
    public record ResidentMovedOut(long residentId, long householdId, String areaCode, String populationKind,
                                   Instant at, String actor) {
    }

    /** A care tag was set on a resident. */
    public record CareTagSet(long tagId, long residentId, String areaCode, String kind, Instant at, String actor) {
    }

    /** A care tag was removed. */
    public record CareTagRemoved(long tagId, long residentId, String areaCode, String kind, Instant at,
                                 String actor) {
    }

    /** A room (or a village house) was registered under a building or grid. */
    public record RoomRegistered(long roomId, String areaCode, String useKind, Instant at, String actor) {
    }

    /**
     * Many records arrived at once (the demo county, a spreadsheet import): the counts, and the residents added per
     * area code, so a read model can add them up without an event per row.
     */
    public record RegistryBulkLoaded(String source, int rooms, int households, int residents, int careTags,
                                     java.util.Map<String, Integer> residentsPerArea, Instant at, String actor) {
    }

    /** A tenant registered themselves at a door plate; staff have yet to confirm. */
    public record TenantApplied(long applicationId, long roomId, String areaCode, Instant at) {
    }

    /** Staff confirmed a tenant's registration: they now live in a tenant household of the room. */
    public record TenancyConfirmed(long applicationId, long residentId, long householdId, long roomId,
                                   String areaCode, Instant at, String actor) {
    }

    /** Staff rejected a tenant's registration (the reason stays in the registry). */
    public record TenancyRejected(long applicationId, long roomId, String areaCode, Instant at, String actor) {
    }

    /** An enterprise was registered; {@code parkCode} is its industrial park's area code or null. */
    public record EnterpriseRegistered(long enterpriseId, String areaCode, String parkCode, int headcount, Instant at,
                                       String actor) {
    }

    /** An enterprise's head-count changed. */
    public record EnterpriseChanged(long enterpriseId, String areaCode, int headcount, Instant at, String actor) {
    }

    /** A month of an enterprise's electricity use arrived (replacing an earlier figure for that month). */
    public record ElectricityImported(long enterpriseId, String areaCode, java.time.LocalDate month,
                                      java.math.BigDecimal kwh, int headcount, Instant at, String actor) {
    }

    /** A fishing boat went to sea or came back to port. */
    public record BoatStatusChanged(long boatId, String areaCode, String status, int crew, Instant at, String actor) {
    }

    /** A room was registered as rental housing. {@code rentalKind}: WHOLE, SHARED or DORMITORY. */
    public record RentalRegistered(long rentalId, long roomId, String areaCode, String rentalKind, Integer beds,
                                   Instant at, String actor) {
    }

    /** A rental's kind, size, landlord or whether it is let now changed. */
    public record RentalChanged(long rentalId, long roomId, String areaCode, String rentalKind, boolean letNow,
                                Instant at, String actor) {
    }

    /** A rental registration ended (no longer let out; the reason stays in the registry). */
    public record RentalEnded(long rentalId, long roomId, String areaCode, int rectificationsClosed, Instant at,
                              String actor) {
    }

    /** A rental was inspected. {@code result}: OK, PROBLEMS or RECTIFY (then {@code rectifyBy} is the deadline). */
    public record RentalInspected(long inspectionId, long rentalId, String areaCode, java.time.LocalDate inspectedOn,
                                  String result, java.time.LocalDate rectifyBy, Instant at, String actor) {
    }

    /** A rectification asked for by an inspection was followed up and closed. */
    public record RentalRectified(long inspectionId, long rentalId, String areaCode, boolean onTime, Instant at,
                                  String actor) {
    }
}
