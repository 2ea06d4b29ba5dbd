package org.fengqiao.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Pages for enterprises (with electricity), places and fishing boats. */
@Controller
class EnterprisePages {

    private final Enterprises enterprises;
    private final PlacesAndBoats places;
    private final org.fengqiao.platform.AccessPolicy policy;

    EnterprisePages(Enterprises enterprises, PlacesAndBoats places, org.fengqiao.platform.AccessPolicy policy) {
        this.enterprises = enterprises;
        this.places = places;
        this.policy = policy;
    }

    @GetMapping("/registry/enterprises")
    String list(@RequestParam(required = false) String area, Model model) {
        model.addAttribute("enterprises", enterprises.list(area));
        model.addAttribute("area", area);
        model.addAttribute("mayImport", !policy.scope(RegistryPermission.IMPORT).isEmpty());
        return "registry/enterprises";
    }

    @GetMapping("/registry/enterprises/{id}")
    String enterprise(@PathVariable long id, Model model) {
        model.addAttribute("e", enterprises.get(id));
        return "registry/enterprise";
    }

    @PostMapping("/registry/enterprises")
    String register(Enterprises.EnterpriseInput form, Model model, HttpServletResponse response) {
        try {
            return "redirect:/registry/enterprises/" + enterprises.register(form);
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            return list(form.areaCode(), model);
        }
    }

    /** Monthly electricity from the power supplier: a workbook of credit code, month (YYYY-MM), kWh. */
    @PostMapping("/registry/enterprises/electricity")
    String electricity(@RequestParam(name = "file", required = false) MultipartFile file, Model model,
                       HttpServletResponse response) throws IOException {
        List<Enterprises.Reading> readings = new ArrayList<>();
        try {
            if (file == null || file.isEmpty() || !ReadableWorkbook.isOOXMLZipHeader(file.getBytes())) {
                throw new InvalidRequestException("Choose an .xlsx workbook: credit code, month (YYYY-MM), kWh.");
            }
            try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(file.getBytes()));
                 var rows = wb.getFirstSheet().openStream()) {
                for (Row r : (Iterable<Row>) rows::iterator) {
                    String code = r.getCellText(0);
                    if (r.getRowNum() == 1 && code != null && !code.matches("[0-9A-Za-z]{18}")) {
                        continue;
                    }
                    if (code == null || code.isBlank()) {
                        continue;
                    }
                    readings.add(new Enterprises.Reading(code, r.getCellText(1), r.getCellText(2)));
                }
            }
            List<Enterprises.ReadingProblem> problems = enterprises.importElectricity(readings);
            if (!problems.isEmpty()) {
                response.setStatus(400);
                model.addAttribute("readingProblems", problems);
            } else {
                model.addAttribute("imported", readings.size());
            }
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
        }
        return list(null, model);
    }

    @GetMapping("/registry/places")
    String places(@RequestParam(required = false) String kind, Model model) {
        model.addAttribute("places", places.places(kind, null));
        model.addAttribute("kind", kind);
        return "registry/places";
    }

    @GetMapping("/registry/places/{id}")
    String place(@PathVariable long id, Model model) {
        model.addAttribute("p", places.place(id));
        return "registry/place";
    }

    @GetMapping("/registry/boats")
    String boats(Model model) {
        model.addAttribute("boats", places.boats(null));
        return "registry/boats";
    }

    @GetMapping("/registry/boats/{id}")
    String boat(@PathVariable long id, Model model) {
        model.addAttribute("b", places.boat(id));
        return "registry/boat";
    }

    @PostMapping("/registry/boats/{id}/status")
    String boatStatus(@PathVariable long id, @RequestParam(required = false) String status) {
        places.setStatus(id, status);
        return "redirect:/registry/boats/" + id;
    }
}
