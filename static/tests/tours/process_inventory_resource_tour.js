import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("process_inventory_resource_tour", {
    steps: () => [
        {
            content: "Resources are listed grouped by resource type",
            trigger: ".o_group_name:contains('Inventory')",
        },
        {
            content: "Create a resource",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input, .o_field_widget[name=name] textarea",
            run: "edit Tour Cooling Water",
        },
        {
            content: "Make it a utility",
            trigger: ".o_field_widget[name=resource_type] select",
            run: "selectByLabel Non-inventory",
        },
        {
            content: "The utility is not tracked in stock",
            trigger: ".o_field_widget[name=is_storable] input:not(:checked)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
