package org.fengqiao.geography;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FengqiaoProperties;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The map, the area tree pages and the administration forms. */
@Controller
class AreaPageController {

    /** Roles a roster may list, labelled by the platform bundle: those who serve in the field and the centers. */
    static final List<String> ROLE_NAMES = Role.ROSTER_ORDER.stream().map(Role::name).toList();

    private final AreaStore areas;
    private final AreaService changes;
    private final GeoJsonImport importer;
    private final AccessPolicy policy;
    private final FengqiaoProperties properties;

    AreaPageController(AreaStore areas, AreaService changes, GeoJsonImport importer, AccessPolicy policy,
                       FengqiaoProperties properties) {
        this.areas = areas;
        this.changes = changes;
        this.importer = importer;
        this.policy = policy;
        this.properties = properties;
    }

    private DataScope scope() {
        return policy.scope(GeographyPermission.READ_AREAS);
    }

    @GetMapping("/map")
    String map(Model model) {
        model.addAttribute("tileUrl", properties.map().tileUrl());
        model.addAttribute("tileAttribution", properties.map().tileAttribution());
        model.addAttribute("roots", areas.roots(scope()));
        model.addAttribute("roleNames", ROLE_NAMES);
        return "geography/map";
    }

    @GetMapping("/areas")
    String tree(Model model) {
        model.addAttribute("roots", areas.roots(scope()));
        model.addAttribute("admin", policy.holds(GeographyPermission.EDIT_AREAS));
        model.addAttribute("mayImport", policy.holds(GeographyPermission.IMPORT_BOUNDARIES));
        return "geography/areas";
    }

    @GetMapping("/areas/{code:\\d+}")
    String detail(@PathVariable String code, Model model) {
        AreaStore.Area area = areas.get(code, scope());
        model.addAttribute("area", area);
        model.addAttribute("path", areas.roots(scope()).isEmpty() ? List.of()
                : pathOf(area));
        model.addAttribute("children", areas.children(code, scope(), true));
        model.addAttribute("counts", areas.subtreeCounts(code));
        model.addAttribute("coverage", areas.coverage(area).stream().filter(scope()::covers).toList());
        model.addAttribute("history", areas.history(area.id()));
        model.addAttribute("admin", policy.allows(GeographyPermission.EDIT_AREAS, area.code()));
        return "geography/area";
    }

    private List<AreaStore.Area> pathOf(AreaStore.Area area) {
        // ancestors the user may see, from the top down
        java.util.ArrayList<AreaStore.Area> path = new java.util.ArrayList<>();
        for (int len = 6; len < area.code().length(); len += 3) {
            areas.find(area.code().substring(0, len), scope()).ifPresent(path::add);
        }
        return path;
    }

    @PostMapping("/areas")
    String create(@RequestParam(required = false) String parentCode, @RequestParam(required = false) String code,
                  @RequestParam String name, @RequestParam(required = false) String level,
                  @RequestParam(required = false) String kind, @RequestParam(required = false) String subtype,
                  @RequestParam(required = false) String reason, RedirectAttributes flash) {
        try {
            AreaStore.Area a = changes.create(new AreaService.CreateCommand(parentCode, code, name, level, kind,
                    subtype, null, reason));
            flash.addFlashAttribute("notice", "geo.notice.created");
            return "redirect:/areas/" + a.code();
        } catch (InvalidRequestException | ConflictException e) {
            flash.addFlashAttribute("problem", e.getMessage());
            return parentCode == null || parentCode.isBlank() ? "redirect:/areas" : "redirect:/areas/" + parentCode;
        }
    }

    @PostMapping("/areas/{code:\\d+}/rename")
    String rename(@PathVariable String code, @RequestParam String name, @RequestParam String reason,
                  @RequestParam(required = false) Integer version, RedirectAttributes flash) {
        try {
            changes.rename(code, name, reason, version);
            flash.addFlashAttribute("notice", "geo.notice.renamed");
        } catch (InvalidRequestException | ConflictException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/areas/" + code;
    }

    @PostMapping("/areas/{code:\\d+}/move")
    String move(@PathVariable String code, @RequestParam String parentCode, @RequestParam String reason,
                @RequestParam(required = false) Integer version, RedirectAttributes flash) {
        try {
            AreaStore.Area moved = changes.move(code, parentCode, reason, version);
            flash.addFlashAttribute("notice", "geo.notice.moved");
            return "redirect:/areas/" + moved.code();
        } catch (InvalidRequestException | ConflictException e) {
            flash.addFlashAttribute("problem", e.getMessage());
            return "redirect:/areas/" + code;
        }
    }

    @PostMapping("/areas/{code:\\d+}/retire")
    String retire(@PathVariable String code, @RequestParam String reason,
                  @RequestParam(required = false) Integer version, RedirectAttributes flash) {
        try {
            changes.retire(code, reason, version);
            flash.addFlashAttribute("notice", "geo.notice.retired");
        } catch (InvalidRequestException | ConflictException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/areas/" + code;
    }

    @GetMapping("/areas/import")
    String importForm() {
        if (!policy.holds(GeographyPermission.IMPORT_BOUNDARIES)) {
            throw new AccessDeniedException("None of your role assignments allows importing areas.");
        }
        return "geography/import";
    }

    @PostMapping("/areas/import")
    String importFile(@RequestParam(value = "file", required = false) MultipartFile file,
                      @RequestParam(required = false) String reason, Model model) throws IOException {
        try {
            if (file == null || file.isEmpty()) {
                throw new InvalidRequestException("No file was uploaded.");
            }
            GeoJsonImport.ImportResult result = importer.importGeoJson(
                    new String(file.getBytes(), StandardCharsets.UTF_8), reason);
            model.addAttribute("result", result);
        } catch (InvalidRequestException | ConflictException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "geography/import";
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound() {
        ModelAndView mv = new ModelAndView("error", HttpStatus.NOT_FOUND);
        mv.addObject("status", 404);
        return mv;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView denied() {
        ModelAndView mv = new ModelAndView("error", HttpStatus.FORBIDDEN);
        mv.addObject("status", 403);
        return mv;
    }
}
