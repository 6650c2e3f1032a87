import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("process_inventory_code_search_tour", {
    steps: () => [
        {
            content: "A receipt activity puts its stock in a classification",
            trigger: ".o_field_widget[name=direction] input[data-value=receipt]",
            run: "click",
        },
        {
            content: "Type the classification's code",
            trigger: ".o_field_widget[name=classification_id] input",
            run: "edit QC",
        },
        {
            content: "The classification is found by its code",
            trigger: ".o-autocomplete--dropdown-item a:contains('Quality Control')",
        },
        {
            content: "No quick-create of a classification without a code",
            trigger: ".o-autocomplete--dropdown-menu:not(:has(.o_m2o_dropdown_option_create))",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Quality Control')",
            run: "click",
        },
        {
            content: "Chosen",
            trigger: ".o_field_widget[name=classification_id] input:value(Quality Control)",
        },
        {
            content: "Leave without saving",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            content: "Nothing left to save",
            trigger: ".o_list_view, .o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ],
});

registry.category("web_tour.tours").add("process_inventory_trace_tour", {
    steps: () => [
        {
            content: "Trace from a lot",
            trigger: ".o_field_widget[name=start_ref] select",
            run: "select stock.lot",
        },
        {
            trigger: ".o_field_widget[name=start_ref] input",
            run: "edit TOUR-TRACE-1",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('TOUR-TRACE-1')",
            run: "click",
        },
        {
            content: "Trace",
            trigger: "button[name=action_trace]",
            run: "click",
        },
        {
            content: "The trace names its start in the breadcrumbs",
            trigger: ".o_breadcrumb:contains('Genealogy of TOUR-TRACE-1')",
        },
        {
            content: "The lot is in the tree",
            trigger: ".o_field_widget[name=line_ids] td:contains('TOUR-TRACE-1')",
        },
        {
            content: "Print the genealogy",
            trigger: "button[name=action_print]",
            run: "click",
        },
        {
            content: "Still on the trace, no error",
            trigger: "button[name=action_trace]",
        },
    ],
});

registry.category("web_tour.tours").add("process_inventory_split_tour", {
    steps: () => [
        {
            content: "Split the batch",
            trigger: "button[name=action_open_split]",
            run: "click",
        },
        {
            content: "One line per location holding the batch: enter a quantity",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:first td[name=quantity]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:first td[name=quantity] input",
            run: "edit 4",
        },
        {
            trigger: ".modal button[name=action_split]",
            run: "click",
        },
        {
            content: "The new sub-lot is listed",
            trigger: ".o_list_view .o_data_row td:contains('TOUR-SPLIT/01')",
        },
    ],
});
