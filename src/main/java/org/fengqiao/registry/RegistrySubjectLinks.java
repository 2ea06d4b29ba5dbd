package org.fengqiao.registry;

import org.fengqiao.platform.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** {@code /subjects/{kind}/{ref}}: from a report's linked registry record to its page. */
@Controller
class RegistrySubjectLinks {

    /** From a report to the record's page (which checks the viewer's scope itself). */
    @GetMapping("/subjects/{kind}/{ref}")
    String open(@PathVariable String kind, @PathVariable String ref) {
        if (!ref.matches("[0-9]{1,24}")) {
            throw new NotFoundException("No such record");
        }
        return switch (kind) {
            case "HOUSEHOLD" -> "redirect:/registry/households/" + ref;
            case "RESIDENT" -> "redirect:/registry/residents/" + ref;
            case "ROOM" -> "redirect:/registry/rooms/" + ref;
            case "BUILDING" -> "redirect:/registry?area=" + ref;
            default -> throw new NotFoundException("No such record");
        };
    }
}
