# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Process Inventory",
    "summary": "Process-manufacturing inventory: resource types, site/area/location "
    "storage, handling units, lots and sub-lots, classifications, dual units, "
    "audit trail, lot genealogy and the pc/MRP inventory flow model",
    "version": "18.0.1.0.0",
    "category": "Inventory/Manufacturing",
    "website": "https://github.com/process-inventory/process_inventory",
    "author": "process_inventory developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "stock",
        "mrp",
        "purchase_stock",
        "sale_stock",
        "sale_management",
        "product_expiry",
        "web_hierarchy",
    ],
    "external_dependencies": {"python": ["pint", "openupgradelib"]},
    "pre_init_hook": "pre_init_hook",
    "data": [
        # security
        "security/process_inventory_security.xml",
        "security/ir.model.access.csv",
        # resources
        "views/product_template_views.xml",
        # storage
        "data/stock_package_type_data.xml",
        "views/stock_location_views.xml",
        "views/stock_quant_views.xml",
        # units
        "data/uom_uom_data.xml",
        "views/uom_uom_views.xml",
        "views/product_uom_conversion_views.xml",
        "views/stock_move_views.xml",
        "views/purchase_order_views.xml",
        "views/sale_order_views.xml",
        "views/account_move_views.xml",
        "report/report_deliveryslip.xml",
        "report/report_stockpicking_operations.xml",
        "report/report_invoice.xml",
        # lots
        "views/product_characteristic_views.xml",
        "views/stock_lot_views.xml",
        "wizards/lots/stock_lot_split_views.xml",
        "wizards/lots/stock_quant_expiry_inquiry_views.xml",
        "wizards/lots/mrp_production_sub_lot_views.xml",
        # classification
        "data/stock_lot_classification_data.xml",
        "data/ir_cron_data.xml",
        "views/stock_lot_classification_views.xml",
        "views/stock_lot_classification_history_views.xml",
        "views/stock_picking_type_views.xml",
        "wizards/classification/stock_lot_reclassify_views.xml",
        # audit
        "data/stock_inventory_reason_data.xml",
        "data/stock_inventory_ledger_cron.xml",
        "views/stock_inventory_reason_views.xml",
        "views/stock_activity_type_views.xml",
        "views/stock_inventory_ledger_views.xml",
        "wizards/audit/stock_activity_record_views.xml",
        "wizards/audit/stock_inventory_ledger_report_views.xml",
        "wizards/audit/stock_inventory_adjustment_name_views.xml",
        "report/stock_inventory_ledger_reports.xml",
        "report/stock_inventory_ledger_templates.xml",
        # genealogy
        "views/stock_move_line_views.xml",
        "wizards/genealogy/stock_lot_trace_views.xml",
        "report/lot_genealogy_reports.xml",
        "report/lot_genealogy_templates.xml",
        # flow
        "data/purchase_consolidation_cron.xml",
        "views/product_product_views.xml",
        "views/product_supplierinfo_views.xml",
        "views/stock_warehouse_views.xml",
        "views/mrp_production_views.xml",
        "views/purchase_consolidation_views.xml",
        "wizards/flow/mrp_production_issue_views.xml",
        "wizards/flow/mrp_production_receive_views.xml",
        "wizards/flow/mrp_production_convert_views.xml",
        "views/stock_wip_reference_views.xml",
        "wizards/flow/stock_wip_reference_operation_views.xml",
        "report/purchase_consolidation_reports.xml",
        "report/purchase_consolidation_templates.xml",
        # menus
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "process_inventory/static/tests/tours/*.js",
        ],
    },
    "demo": [
        # resources
        "demo/product_demo.xml",
        # storage
        "demo/process_plant_demo.xml",
        # units
        "demo/dual_unit_demo.xml",
        # lots
        "demo/lot_characteristic_demo.xml",
        # classification
        "demo/stock_lot_classification_demo.xml",
        # audit
        "demo/stock_activity_type_demo.xml",
        # flow
        "demo/bicycle_demo.xml",
    ],
}
