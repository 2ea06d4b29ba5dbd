package org.fengqiao.registry;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;

/** Spreadsheet import pages: template, upload, progress (polled by htmx), error report, the choice after it. */
@Controller
class ImportPages {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final RegistryImports imports;
    private final RegistryExports exports;

    ImportPages(RegistryImports imports, RegistryExports exports) {
        this.imports = imports;
        this.exports = exports;
    }

    @GetMapping("/registry/imports")
    String list(@RequestParam(required = false) String kind, Model model) {
        model.addAttribute("jobs", imports.mine());
        model.addAttribute("kinds", RegistryImports.Kind.values());
        RegistryImports.Kind chosen;
        try {
            chosen = RegistryImports.Kind.of(kind);
        } catch (InvalidRequestException e) {
            chosen = RegistryImports.Kind.HOUSEHOLDS;
        }
        model.addAttribute("kind", chosen.name());
        return "registry/imports";
    }

    @PostMapping("/registry/imports")
    String upload(@RequestParam(name = "file", required = false) MultipartFile file,
                  @RequestParam(required = false) String kind, Model model, HttpServletResponse response)
            throws IOException {
        try {
            long id = imports.upload(RegistryImports.Kind.of(kind), file == null ? null : file.getOriginalFilename(),
                    file == null ? null : file.getBytes());
            return "redirect:/registry/imports/" + id;
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
            return list(kind, model);
        }
    }

    @GetMapping("/registry/imports/{id}")
    String job(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String hx, Model model) {
        model.addAttribute("job", imports.get(id));
        return hx != null ? "registry/import-job :: status" : "registry/import-job";
    }

    @PostMapping("/registry/imports/{id}/good-rows")
    String goodRows(@PathVariable long id) {
        imports.importGoodRows(id);
        return "redirect:/registry/imports/" + id;
    }

    @PostMapping("/registry/imports/{id}/cancel")
    String cancel(@PathVariable long id, Model model, HttpServletResponse response) {
        try {
            imports.cancel(id);
        } catch (ConflictException e) {
            response.setStatus(409);
        }
        return "redirect:/registry/imports/" + id;
    }

    @GetMapping("/registry/imports/{id}/errors.xlsx")
    @ResponseBody
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> errors(
            @PathVariable long id) {
        imports.get(id);
        return ResponseEntity.ok().header("Content-Type", XLSX)
                .header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.xlsx\"")
                .body(out -> imports.errorReport(id, out));
    }

    /** Residents under an area as a masked, watermarked workbook (full numbers only with UNMASK and a reason). */
    @PostMapping("/registry/export.xlsx")
    @ResponseBody
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> export(
            @RequestParam(required = false) String area, @RequestParam(required = false) String reason) {
        exports.check(area, reason);
        return ResponseEntity.ok().header("Content-Type", XLSX)
                .header("Content-Disposition", "attachment; filename=\"residents-" + area + ".xlsx\"")
                .body(out -> exports.residents(area, reason, out));
    }

    /** Rentals under an area as a masked, watermarked workbook (full numbers only with UNMASK and a reason). */
    @PostMapping("/registry/rentals/export.xlsx")
    @ResponseBody
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> exportRentals(
            @RequestParam(required = false) String area, @RequestParam(required = false) String reason) {
        exports.check(area, reason);
        return ResponseEntity.ok().header("Content-Type", XLSX)
                .header("Content-Disposition", "attachment; filename=\"rentals-" + area.strip() + ".xlsx\"")
                .body(out -> exports.rentals(area, reason, out));
    }

    @GetMapping("/registry/imports/template.xlsx")
    @ResponseBody
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> template(
            @RequestParam(required = false) String kind) {
        return templateOf(imports, RegistryImports.Kind.of(kind));
    }

    /** A kind's template as a download (the permission checked before anything is streamed). */
    static ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> templateOf(
            RegistryImports imports, RegistryImports.Kind kind) {
        imports.checkMayImport();
        return ResponseEntity.ok().header("Content-Type", XLSX)
                .header("Content-Disposition", "attachment; filename=\"" + kind.name().toLowerCase(
                        java.util.Locale.ROOT) + "-template.xlsx\"")
                .body(out -> imports.template(kind, out));
    }
}
