package org.fengqiao.intake;

import org.fengqiao.platform.Hashing;
import java.util.List;
import java.util.UUID;

import org.fengqiao.platform.InvalidRequestException;

/**
 * One report from any channel; validates itself. The location is a WGS84 point or, without one, the grid (or other
 * area) the reporter names. Reporter name and phone are optional and stored encrypted.
 *
 * @param solvedOnSpot a grid worker solved it already (自行处置); recorded, with before/after photos
 */
public record SubmitReport(ReportChannel channel, String categoryCode, String description, Double lon, Double lat,
                           String areaCode, String address, String reporterName, String reporterPhone,
                           List<AttachedPhoto> photos, boolean solvedOnSpot, ReportSubject subject) {

    /** A report linked to no registry record. */
    public SubmitReport(ReportChannel channel, String categoryCode, String description, Double lon, Double lat,
                        String areaCode, String address, String reporterName, String reporterPhone,
                        List<AttachedPhoto> photos, boolean solvedOnSpot) {
        this(channel, categoryCode, description, lon, lat, areaCode, address, reporterName, reporterPhone, photos,
                solvedOnSpot, null);
    }

    /** As many characters as Open311 GeoReport v2 allows, so no channel has to cut or keep a copy elsewhere. */
    public static final int MAX_DESCRIPTION = 4000;


    /** A photo uploaded before the report and what it shows. */
    public record AttachedPhoto(UUID photoId, PhotoRole role) {
    }

    public SubmitReport {
        if (channel == null) {
            throw new InvalidRequestException("Say which channel the report came from");
        }
        if (categoryCode == null || categoryCode.isBlank()) {
            throw new InvalidRequestException("Choose a category");
        }
        categoryCode = categoryCode.trim();
        description = description == null ? "" : description.strip();
        if (description.isEmpty()) {
            throw new InvalidRequestException("Describe what you saw");
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidRequestException("The description may have at most " + MAX_DESCRIPTION + " characters");
        }
        if ((lon == null) != (lat == null)) {
            throw new InvalidRequestException("A point needs both longitude and latitude");
        }
        if (lon != null && (lon.isNaN() || lat.isNaN() || lon < -180 || lon > 180 || lat < -90 || lat > 90)) {
            throw new InvalidRequestException("The point is not a valid WGS84 longitude/latitude");
        }
        areaCode = blankToNull(areaCode);
        if (areaCode != null && !areaCode.matches("\\d{6,24}")) {
            throw new InvalidRequestException("An area code has 6 to 24 digits");
        }
        if (lon == null && areaCode == null) {
            throw new InvalidRequestException("A report needs a location: a point on the map or a grid");
        }
        address = blankToNull(address);
        if (address != null && address.length() > 200) {
            throw new InvalidRequestException("The address may have at most 200 characters");
        }
        reporterName = blankToNull(reporterName);
        if (reporterName != null && reporterName.length() > 60) {
            throw new InvalidRequestException("The reporter's name may have at most 60 characters");
        }
        reporterPhone = blankToNull(reporterPhone);
        if (reporterPhone != null) {
            reporterPhone = reporterPhone.replace(" ", "");
            if (!org.fengqiao.platform.IdNumbers.isValidPhone(reporterPhone)) {
                throw new InvalidRequestException("The phone number is not a mobile or landline number");
            }
        }
        photos = photos == null ? List.of() : List.copyOf(photos);
        if (photos.size() > 9) {
            throw new InvalidRequestException("At most 9 photos per report");
        }
        if (photos.stream().anyMatch(p -> p == null || p.photoId() == null || p.role() == null)) {
            throw new InvalidRequestException("Every photo needs an id and a role");
        }
        if (solvedOnSpot && channel != ReportChannel.PATROL) {
            throw new InvalidRequestException("Only a grid worker on patrol records a matter solved on the spot");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A stable digest of the request, to tell a retry from a different request reusing its key. */
    String digest() {
        StringBuilder b = new StringBuilder();
        b.append(channel).append('|').append(categoryCode).append('|').append(description).append('|')
                .append(lon).append('|').append(lat).append('|').append(areaCode).append('|').append(address)
                .append('|').append(reporterName).append('|').append(reporterPhone).append('|').append(solvedOnSpot);
        photos.forEach(p -> b.append('|').append(p.photoId()).append(':').append(p.role()));
        if (subject != null) {
            b.append("|subject:").append(subject.kind()).append(':').append(subject.ref());
        }
        return Hashing.sha256(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
