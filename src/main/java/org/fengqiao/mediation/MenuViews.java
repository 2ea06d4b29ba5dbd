package org.fengqiao.mediation;

import java.time.Instant;
import java.util.List;

/** What the menu (调解超市) shows: sites, mediators with their load and outcomes, rooms and their bookings. */
public final class MenuViews {

    private MenuViews() {
    }

    /** A mediation site at a tier, with the code on its "一码解纠纷" QR plate. */
    public record SiteView(long id, String code, String name, Vocabulary.SiteKind kind, Tier tier,
                           Long organisationId, String organisationName, String areaCode, String address,
                           boolean retired) {
    }

    /**
     * A mediator or mediation organisation on the menu.
     *
     * @param open    disputes they have in hand now (chosen and waiting, or mediating)
     * @param closed  disputes they ended in the last 365 days
     * @param settled of those, settled
     */
    public record MediatorView(long id, String name, Vocabulary.MediatorKind kind, String title, Long siteId,
                               String siteName, String teamRole, String areaCode, List<DisputeType> specialties,
                               List<Vocabulary.Language> languages, String bio, String availability, int maxOpen,
                               int open, int closed, int settled, Long personId, boolean retired, int version) {
        public boolean full() {
            return open >= maxOpen;
        }
    }

    public record RoomView(long id, long siteId, String siteName, String name, Vocabulary.RoomKind kind,
                           String areaCode, int capacity, boolean retired) {
    }

    /**
     * A booking of a room. Bookings of disputes outside the reader's scope show only that the room is taken.
     */
    public record Booking(long sessionId, Instant startsAt, Instant endsAt, String status, Long disputeId,
                          String disputeNumber, String disputeTitle) {
    }

    /** A suggested mediator for a dispute with the reasons it was suggested (message keys and arguments). */
    public record Suggestion(MediatorView mediator, int rank, int score, List<Reason> reasons) {
    }

    public record Reason(String key, List<String> args) {
    }

    public record SiteInput(String name, String kind, String tier, Long organisationId, String areaCode,
                            String address) {
    }

    public record MediatorInput(String name, String kind, String title, Long siteId, String teamRole,
                                String areaCode, List<String> specialties, List<String> languages, String bio,
                                String availability, Integer maxOpen, Long personId) {
    }

    public record RoomInput(long siteId, String name, String kind, Integer capacity) {
    }
}
