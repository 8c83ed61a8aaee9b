"""The records room's part of the app beyond its routes: the words of its audit-trail entries, and
the staff register handed to the auth room (accounts for the roster, window-bound access rules)."""

from ..auth.directory import use_staff_directory
from ..core import cache
from .audit_labels import register_labels
from .models import Case
from .queries import stats
from .queries.directory import RecordsStaffDirectory
from .services import summary


def init_app(app) -> None:
    register_labels()
    use_staff_directory(RecordsStaffDirectory())
    # The case statistics' kept totals (queries/stats.py) change only with a case: a rating, a
    # complaint or a roster entry posted does not recompute them, and a case moves on only the months
    # of its dates (received, completed; before and after the change): closed months stay kept.
    cache.watch("records.cases", Case)
    cache.watch_rows(Case, stats.months_of_case, stats.ALL_MONTHS)
    # The case summary (rec_case_summary) follows every case change in its transaction.
    summary.install()
