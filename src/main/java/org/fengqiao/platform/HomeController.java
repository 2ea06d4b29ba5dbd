package org.fengqiao.platform;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Each role's home: what they may open, and the area they serve. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "home";
    }
}
