import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("process_inventory_check_chain_tour", {
    steps: () => [
        {
            content: "The audit trail lists its entries",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Check the chain from the list header",
            trigger: "button[name=action_check_chain]",
            run: "click",
        },
        {
            content: "The check is notified",
            trigger: ".o_notification:contains('chain intact')",
        },
    ],
});

registry.category("web_tour.tours").add("process_inventory_ledger_seal_tour", {
    steps: () => [
        {
            content: "Seal the audit trail",
            trigger: "button[name=action_seal]",
            run: "click",
        },
        {
            content: "The seal shows the chain head",
            trigger: ".o_form_view .o_field_widget[name=chain_hash]:not(:empty)",
        },
        {
            content: "Verify the seal",
            trigger: ".o_form_view button[name=action_verify]",
            run: "click",
        },
        {
            content: "The chain matches the seal",
            trigger: ".o_notification:contains('match the seal')",
        },
    ],
});
