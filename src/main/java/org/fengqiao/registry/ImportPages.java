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
    String list(Model model) {
        model.addAttribute("jobs", imports.mine());
        return "registry/imports";
    }

    @PostMapping("/registry/imports")
    String upload(@RequestParam(name = "file", required = false) MultipartFile file, Model model,
                  HttpServletResponse response) throws IOException {
        try {
            long id = imports.upload(file == null ? null : file.getOriginalFilename(),
                    file == null ? null : file.getBytes());
            return "redirect:/registry/imports/" + id;
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
            return list(model);
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

    @GetMapping("/registry/imports/template.xlsx")
    @ResponseBody
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> template() {
        return ResponseEntity.ok().header("Content-Type", XLSX)
                .header("Content-Disposition", "attachment; filename=\"households-template.xlsx\"")
                .body(imports::template);
    }
}
