"""The home room's part of the app beyond its routes: the home page's task list is kept between
requests (app/core/cache.py) under the topics of the rooms it reads, so every write to a
document, case, assessment month, hall or quality record recomputes it."""

import importlib

from sqlalchemy import inspect

from ..core import cache

TOPICS = {
    "documents": "app.documents.models",
    "records": "app.records.models",
    "assessment": "app.assessment.models",
    "hall": "app.hall.models",
    "quality": "app.quality.models",
}


def _upheld_before_or_after(rating) -> bool:
    """The kept lists read a rating only as an upheld 差评 whose rectification is late (app/hall/
    home.py): a rating neither upheld before nor after the change (a device's post, an exclusion,
    a good rating's call-back) changes no list. Not loaded: it may have been."""
    state = inspect(rating)
    history = state.attrs.upheld.history
    values = (*history.added, *history.unchanged, *history.deleted)
    if not values and state.key is not None and "upheld" in state.unloaded:
        return True
    return True in values


# Models of a room that the kept lists read only in part (a row rule) or not at all (None): the
# rating devices post all day, and every post would otherwise throw away everybody's lists.
ROWS = {
    "records": {"Rating": _upheld_before_or_after},
    "hall": {"Device": None},  # the devices' register and last use: no list reads them
}


def init_app(app) -> None:
    for topic, module_name in TOPICS.items():
        try:
            cache.watch_module(topic, importlib.import_module(module_name), rows=ROWS.get(topic))
        except ModuleNotFoundError as exc:  # a center without that room
            if exc.name != module_name:
                raise
