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
        "product_expiry",
        "web_hierarchy",
    ],
    "external_dependencies": {"python": ["pint", "openupgradelib"]},
    "data": [
        "security/process_inventory_security.xml",
        "security/ir.model.access.csv",
        "data/stock_package_type_data.xml",
        "data/stock_lot_classification_data.xml",
        "views/product_template_views.xml",
        "views/stock_location_views.xml",
        "views/stock_quant_views.xml",
        "views/stock_move_views.xml",
        "views/mrp_production_views.xml",
        "views/stock_lot_views.xml",
        "views/stock_move_line_views.xml",
        "wizards/stock_lot_trace_views.xml",
        "report/lot_genealogy_reports.xml",
        "report/lot_genealogy_templates.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/product_demo.xml",
        "demo/process_plant_demo.xml",
    ],
}
