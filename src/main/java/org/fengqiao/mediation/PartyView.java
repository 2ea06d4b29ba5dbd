package org.fengqiao.mediation;

/** A party as staff see it: ID and phone masked. */
public record PartyView(long id, int ord, String side, String kind, String name, String idNumberMasked,
                        String phoneMasked, String address, int represents, Long organisationId) {
}
