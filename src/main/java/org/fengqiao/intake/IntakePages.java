package org.fengqiao.intake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The counter page (staff entering walk-in and hotline reports) and the patrol page (a grid worker's phone: a
 * category, a sentence, the phone's position and a photo; "solved on the spot" in one tap). Each form carries a
 * one-time key so a double tap or a resend after a weak-network timeout makes one report.
 */
@Controller
@RequestMapping("/intake")
class IntakePages {

    private final ReportIntake intake;
    private final Reports reports;
    private final Photos photos;
    private final ObjectProvider<ReportPolicy> reportPolicy;
    private final org.fengqiao.platform.AccessPolicy policy;

    IntakePages(ReportIntake intake, Reports reports, Photos photos, ObjectProvider<ReportPolicy> reportPolicy,
                org.fengqiao.platform.AccessPolicy policy) {
        this.reportPolicy = reportPolicy;
        this.intake = intake;
        this.reports = reports;
        this.photos = photos;
        this.policy = policy;
    }

    /** The form as posted; converted to a {@link SubmitReport}. */
    static class ReportForm {
        public String formKey;
        public String channel;
        public String categoryCode;
        public String description;
        public String lon;
        public String lat;
        public String areaCode;
        public String address;
        public String reporterName;
        public String reporterPhone;
        public boolean solvedOnSpot;
        /** The registry record the report concerns, when it was started from that record's page. */
        public String subjectKind;
        public String subjectRef;
        public String subjectLabel;
        public List<MultipartFile> photos = new ArrayList<>();
        public List<MultipartFile> afterPhotos = new ArrayList<>();

        public void setFormKey(String v) { formKey = v; }
        public void setSubjectKind(String v) { subjectKind = v; }
        public void setSubjectRef(String v) { subjectRef = v; }
        public void setSubjectLabel(String v) { subjectLabel = v; }
        public void setChannel(String v) { channel = v; }
        public void setCategoryCode(String v) { categoryCode = v; }
        public void setDescription(String v) { description = v; }
        public void setLon(String v) { lon = v; }
        public void setLat(String v) { lat = v; }
        public void setAreaCode(String v) { areaCode = v; }
        public void setAddress(String v) { address = v; }
        public void setReporterName(String v) { reporterName = v; }
        public void setReporterPhone(String v) { reporterPhone = v; }
        public void setSolvedOnSpot(boolean v) { solvedOnSpot = v; }
        public void setPhotos(List<MultipartFile> v) { photos = v; }
        public void setAfterPhotos(List<MultipartFile> v) { afterPhotos = v; }
        public String getFormKey() { return formKey; }
        public String getSubjectKind() { return subjectKind; }
        public String getSubjectRef() { return subjectRef; }
        public String getSubjectLabel() { return subjectLabel; }
        public String getChannel() { return channel; }
        public String getCategoryCode() { return categoryCode; }
        public String getDescription() { return description; }
        public String getLon() { return lon; }
        public String getLat() { return lat; }
        public String getAreaCode() { return areaCode; }
        public String getAddress() { return address; }
        public String getReporterName() { return reporterName; }
        public String getReporterPhone() { return reporterPhone; }
        public boolean isSolvedOnSpot() { return solvedOnSpot; }
    }

    @ModelAttribute("categories")
    List<ReportPolicy.Choice> categories() {
        ReportPolicy p = reportPolicy.getIfAvailable();
        return p == null ? List.of() : p.categories();
    }

    @GetMapping("/new")
    String counter(@RequestParam(required = false) String subjectKind,
                   @RequestParam(required = false) String subjectRef,
                   @RequestParam(required = false) String subjectLabel,
                   @RequestParam(required = false) String areaCode, Model model) {
        ReportForm form = new ReportForm();
        form.formKey = UUID.randomUUID().toString();
        form.channel = "COUNTER";
        concerning(form, subjectKind, subjectRef, subjectLabel, areaCode);
        model.addAttribute("form", form);
        return "intake/counter";
    }

    @GetMapping("/patrol")
    String patrol(@RequestParam(required = false) String subjectKind,
                  @RequestParam(required = false) String subjectRef,
                  @RequestParam(required = false) String subjectLabel,
                  @RequestParam(required = false) String areaCode, Model model) {
        ReportForm form = new ReportForm();
        form.formKey = UUID.randomUUID().toString();
        form.channel = "PATROL";
        CurrentUser.get().ifPresent(u -> {
            // the worker's own grid is the default place when the phone has no position
            List<String> p = policy.scope(u, IntakePermission.SUBMIT_ON_PATROL).prefixes();
            if (p.size() == 1) {
                form.areaCode = p.getFirst();
            }
        });
        concerning(form, subjectKind, subjectRef, subjectLabel, areaCode);
        model.addAttribute("form", form);
        return "intake/patrol";
    }

    /** A report started from a registry record's page: linked to it, placed in its area. */
    private static void concerning(ReportForm form, String kind, String ref, String label, String areaCode) {
        if (kind != null && ref != null) {
            form.subjectKind = kind;
            form.subjectRef = ref;
            form.subjectLabel = label == null ? null : label.length() > 120 ? label.substring(0, 120) : label;
            if (areaCode != null && !areaCode.isBlank()) {
                form.areaCode = areaCode;
            }
        }
    }

    @PostMapping("/new")
    String submitCounter(@ModelAttribute("form") ReportForm form, Model model, RedirectAttributes redirect) {
        return submit(form, "intake/counter", model, redirect);
    }

    @PostMapping("/patrol")
    String submitPatrol(@ModelAttribute("form") ReportForm form, Model model, RedirectAttributes redirect) {
        form.channel = "PATROL";
        return submit(form, "intake/patrol", model, redirect);
    }

    private String submit(ReportForm form, String view, Model model, RedirectAttributes redirect) {
        try {
            ReportChannel channel = parseChannel(form.channel);
            List<SubmitReport.AttachedPhoto> attached = new ArrayList<>();
            attached.addAll(ReportIntake.attached(upload(form.photos),
                    form.solvedOnSpot ? PhotoRole.BEFORE : PhotoRole.EVIDENCE));
            if (form.solvedOnSpot) {
                attached.addAll(ReportIntake.attached(upload(form.afterPhotos), PhotoRole.AFTER));
            }
            SubmitReport cmd = new SubmitReport(channel, form.categoryCode, form.description, number(form.lon),
                    number(form.lat), form.areaCode, form.address, form.reporterName, form.reporterPhone, attached,
                    form.solvedOnSpot, form.subjectKind == null || form.subjectKind.isBlank() || form.subjectRef == null
                    || form.subjectRef.isBlank() ? null : new ReportSubject(form.subjectKind, form.subjectRef));
            Submission s = intake.submit(cmd, form.formKey);
            return "redirect:/intake/reports/" + s.report().id();
        } catch (InvalidRequestException e) {
            model.addAttribute("error", e.getMessage());
            return view;
        }
    }

    private List<UUID> upload(List<MultipartFile> files) {
        List<UUID> ids = new ArrayList<>();
        if (files == null) {
            return ids;
        }
        for (MultipartFile f : files) {
            if (f == null || f.isEmpty()) {
                continue;
            }
            try {
                ids.add(photos.upload(f.getBytes()).id());
            } catch (IOException e) {
                throw new InvalidRequestException("The photo could not be received; try again");
            }
        }
        return ids;
    }

    private static ReportChannel parseChannel(String s) {
        try {
            return ReportChannel.valueOf(s);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Unknown channel " + s);
        }
    }

    private static Double number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Not a number: " + s);
        }
    }

    @GetMapping("/reports/{id}")
    String report(@PathVariable long id, Model model, Locale locale) {
        if (!policy.holds(IntakePermission.READ)) {
            // a reporter without an area (a volunteer rider) opens the reports they made, and nothing else of others'
            model.addAttribute("report", reports.findSubmittedBy(id, CurrentUser.actor()));
            model.addAttribute("duplicates", List.of());
            return "intake/report";
        }
        ReportView r = reports.find(id, policy.scope(IntakePermission.READ));
        model.addAttribute("report", r);
        model.addAttribute("duplicates", reports.similar(r));
        return "intake/report";
    }

    /** A grid worker's own reports: their workload, not a ranking. */
    @GetMapping("/mine")
    String mine(Model model, @org.springframework.web.bind.annotation.RequestParam(required = false) Long before) {
        List<ReportView> mine = reports.submittedBy(CurrentUser.actor(), before, 30);
        model.addAttribute("reports", mine);
        model.addAttribute("next", mine.size() == 30 ? mine.getLast().id() : null);
        return "intake/mine";
    }
}
