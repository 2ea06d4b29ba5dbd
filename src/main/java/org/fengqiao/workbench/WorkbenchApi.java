package org.fengqiao.workbench;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.fengqiao.platform.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The workbench as JSON: the same panels, counts and items as the home page. */
@RestController
@Tag(name = "workbench", description = "Each role's home: what needs the signed-in person now")
class WorkbenchApi {

    private final Workbench workbench;

    WorkbenchApi(Workbench workbench) {
        this.workbench = workbench;
    }

    @GetMapping("/api/workbench")
    @Operation(summary = "The signed-in person's workbench",
            description = "One panel per kind of work their role assignments give them (intake, dispatch, "
                    + "supervision, department, field, reports), each with counts linking to the full worklist and "
                    + "the few most urgent records, limited to what each assignment covers. Overdue and near are "
                    + "relative to 'at'.")
    Board board(@Parameter(description = "items per panel, 1 to 200") @RequestParam(defaultValue = "5")
                int items) {
        return workbench.board(CurrentUser.require(), items);
    }
}
