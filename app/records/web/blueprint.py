"""Routes of the records room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import cases, dashboard, kinds, lights, org, stats

# cases
bp.add_url_rule("/cases/", "cases", cases.cases)
bp.add_url_rule("/cases/export", "cases_export", cases.cases_export)
bp.add_url_rule("/cases/new", "case_new", cases.case_new, methods=["GET", "POST"])
bp.add_url_rule("/cases/<int:id>", "case_detail", cases.case_detail)
bp.add_url_rule("/cases/<int:id>/step", "case_step", cases.case_step, methods=["POST"])
bp.add_url_rule("/cases/<int:id>/void", "case_void", cases.case_void, methods=["POST"])
# dashboard
bp.add_url_rule("/", "index", dashboard.index)
# kinds
bp.add_url_rule("/k/<kind>/", "kind_list", kinds.kind_list)
bp.add_url_rule("/k/<kind>/export", "kind_export", kinds.kind_export)
bp.add_url_rule("/k/<kind>/new", "kind_new", kinds.kind_new, methods=["GET", "POST"])
bp.add_url_rule("/k/<kind>/<int:id>", "kind_detail", kinds.kind_detail)
bp.add_url_rule("/k/<kind>/<int:id>/edit", "kind_edit", kinds.kind_edit, methods=["GET", "POST"])
bp.add_url_rule("/k/<kind>/<int:id>/void", "kind_void", kinds.kind_void, methods=["POST"])
# lights
bp.add_url_rule("/lights", "lights", lights.lights)
# org
bp.add_url_rule("/items/", "items", org.items)
bp.add_url_rule("/items/export", "items_export", org.items_export)
bp.add_url_rule("/items/new", "item_new", org.item_new, methods=["GET", "POST"])
bp.add_url_rule("/items/<int:id>", "item_detail", org.item_detail)
bp.add_url_rule("/items/<int:id>/revise", "item_revise", org.item_revise, methods=["POST"])
bp.add_url_rule("/items/<int:id>/void", "item_void", org.item_void, methods=["POST"])
bp.add_url_rule("/windows/<int:id>/roster", "window_roster", org.window_roster)
bp.add_url_rule("/windows/<int:id>/roster/add", "roster_add", org.roster_add, methods=["POST"])
bp.add_url_rule("/roster/<int:id>/move", "roster_move", org.roster_move, methods=["POST"])
bp.add_url_rule("/import", "import_page", org.import_page, methods=["GET", "POST"])
# stats
bp.add_url_rule("/stats", "stats_page", stats.stats_page)
bp.add_url_rule("/stats/export", "stats_export", stats.stats_export)
