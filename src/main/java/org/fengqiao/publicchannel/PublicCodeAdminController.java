package org.fengqiao.publicchannel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.publicchannel.internal.PlateSheet;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Staff pages: browse public codes by town and village / park, print plate sheets, register places. */
@Controller
@RequestMapping("/channels/codes")
class PublicCodeAdminController {

    private final PublicCodes codes;
    private final AreaDirectory areas;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final java.time.Clock clock;

    private final org.fengqiao.platform.AccessPolicy policy;

    PublicCodeAdminController(PublicCodes codes, AreaDirectory areas, AuditTrail audit, MessageSource messages,
                              java.time.Clock clock, org.fengqiao.platform.AccessPolicy policy) {
        this.policy = policy;
        this.codes = codes;
        this.areas = areas;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
    }

    /** Towns in scope; with ?town= its villages and overlay parks, each with its number of codes. */
    @GetMapping
    String index(@RequestParam(required = false) String town, Model model) {
        DataScope scope = policy.requireScope(PublicChannelPermission.READ_CODES);
        codes.ensureCodes();
        model.addAttribute("towns", areas.atLevel("TOWN", scope));
        if (town != null && !town.isBlank()) {
            AreaView t = areas.find(town, scope).orElse(null);
            if (t == null && !scope.reaches(town)) {
                throw new NotFoundException("No town " + town + " in your scope.");
            }
            List<AreaView> units = new ArrayList<>();
            for (String level : List.of("VILLAGE", "GRID")) {
                for (AreaView a : areas.atLevel(level, DataScope.of(town))) {
                    if (scope.reaches(a.code()) && ("VILLAGE".equals(level) || !"BASE".equals(a.kind()))) {
                        units.add(a);
                    }
                }
            }
            Map<AreaView, Long> counts = new LinkedHashMap<>();
            for (AreaView a : units) {
                counts.put(a, codes.countUnder(a.code()));
            }
            model.addAttribute("town", town);
            model.addAttribute("units", counts);
        }
        return "publicchannel/codes";
    }

    /** The codes under one area, with links to each QR and report page. */
    @GetMapping("/area/{code}")
    String area(@PathVariable String code, Model model) {
        DataScope scope = policy.requireScope(PublicChannelPermission.READ_CODES);
        AreaView area = areas.find(code, scope)
                .orElseThrow(() -> new NotFoundException("No area " + code + " in your scope."));
        codes.ensureCodes();
        model.addAttribute("area", area);
        model.addAttribute("codes", codes.under(code));
        return "publicchannel/area-codes";
    }

    /** All plates of a village, park or grid as one A4 PDF. */
    @GetMapping(value = "/sheet/{code}.pdf")
    ResponseEntity<byte[]> sheet(@PathVariable String code, Locale locale) {
        DataScope scope = policy.requireScope(PublicChannelPermission.READ_CODES);
        AreaView area = areas.find(code, scope)
                .orElseThrow(() -> new NotFoundException("No area " + code + " in your scope."));
        codes.ensureCodes();
        List<PublicCode> list = codes.under(code);
        if (list.size() > 3000) {
            throw new InvalidRequestException("Too many plates for one sheet (" + list.size()
                    + "); print a smaller area.");
        }
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        List<PlateSheet.Plate> plates = list.stream().map(c -> new PlateSheet.Plate(c.code(),
                base + "/public/r/" + c.code(), msg("publicchannel.kind." + c.kind(), locale), c.name(),
                c.address())).toList();
        byte[] pdf = PlateSheet.render(area.name(), msg("publicchannel.plate.header", locale),
                msg("publicchannel.plate.footer", locale), plates);
        audit.record("PUBLIC_CODE_SHEET_PRINTED", area.code(), plates.size() + " plates", AuditTrail.Outcome.SUCCESS);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("plates-" + area.code() + "-" + LocalDate.now(clock) + ".pdf").build().toString())
                .body(pdf);
    }

    @PostMapping("/places")
    String createPlace(@RequestParam String name, @RequestParam(required = false) String address,
                       @RequestParam String areaCode, @RequestParam(required = false) Double lon,
                       @RequestParam(required = false) Double lat, RedirectAttributes redirect) {
        PublicCode place = codes.createPlace(name, address, areaCode, lon, lat);
        redirect.addFlashAttribute("created", place.code());
        return "redirect:/channels/codes/area/" + place.areaCode();
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
