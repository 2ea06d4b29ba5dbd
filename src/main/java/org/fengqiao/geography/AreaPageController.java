package org.fengqiao.geography;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.FengqiaoProperties;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
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

    /** Roles a roster may list (names as in the access module's Role, labelled by the platform bundle). */
    static final List<String> ROLE_NAMES = List.of("GRID_WORKER", "COMMUNITY_POLICE", "VOLUNTEER_REPORTER",
            "MEDIATOR", "DEPARTMENT_HANDLER", "INTAKE_CLERK", "DISPATCHER", "SHIFT_LEAD", "LEADER");

    private final AreaService areas;
    private final FengqiaoProperties properties;

    AreaPageController(AreaService areas, FengqiaoProperties properties) {
        this.areas = areas;
        this.properties = properties;
    }

    private static boolean isAdmin() {
        return CurrentUser.get().map(u -> u.hasRole(AreaService.ADMIN)).orElse(false);
    }

    @GetMapping("/map")
    String map(Model model) {
        model.addAttribute("tileUrl", properties.map().tileUrl());
        model.addAttribute("tileAttribution", properties.map().tileAttribution());
        model.addAttribute("roots", areas.roots(CurrentUser.scope()));
        model.addAttribute("roleNames", ROLE_NAMES);
        return "geography/map";
    }

    @GetMapping("/areas")
    String tree(Model model) {
        model.addAttribute("roots", areas.roots(CurrentUser.scope()));
        model.addAttribute("admin", isAdmin());
        return "geography/areas";
    }

    @GetMapping("/areas/{code:\\d+}")
    String detail(@PathVariable String code, Model model) {
        AreaService.Area area = areas.get(code, CurrentUser.scope());
        model.addAttribute("area", area);
        model.addAttribute("path", areas.roots(CurrentUser.scope()).isEmpty() ? List.of()
                : pathOf(area));
        model.addAttribute("children", areas.children(code, CurrentUser.scope(), true));
        model.addAttribute("counts", areas.subtreeCounts(code));
        model.addAttribute("coverage", areas.coverage(area).stream().filter(CurrentUser.scope()::covers).toList());
        model.addAttribute("history", areas.history(area.id()));
        model.addAttribute("admin", isAdmin());
        return "geography/area";
    }

    private List<AreaService.Area> pathOf(AreaService.Area area) {
        // ancestors the user may see, from the top down
        java.util.ArrayList<AreaService.Area> path = new java.util.ArrayList<>();
        for (int len = 6; len < area.code().length(); len += 3) {
            areas.find(area.code().substring(0, len), CurrentUser.scope()).ifPresent(path::add);
        }
        return path;
    }

    @PostMapping("/areas")
    String create(@RequestParam(required = false) String parentCode, @RequestParam(required = false) String code,
                  @RequestParam String name, @RequestParam(required = false) String level,
                  @RequestParam(required = false) String kind, @RequestParam(required = false) String subtype,
                  @RequestParam(required = false) String reason, RedirectAttributes flash) {
        try {
            AreaService.Area a = areas.create(new AreaService.CreateCommand(parentCode, code, name, level, kind,
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
            areas.rename(code, name, reason, version);
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
            AreaService.Area moved = areas.move(code, parentCode, reason, version);
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
            areas.retire(code, reason, version);
            flash.addFlashAttribute("notice", "geo.notice.retired");
        } catch (InvalidRequestException | ConflictException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/areas/" + code;
    }

    @GetMapping("/areas/import")
    String importForm() {
        if (!isAdmin()) {
            throw new AccessDeniedException("admin only");
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
            AreaService.ImportResult result = areas.importGeoJson(
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
