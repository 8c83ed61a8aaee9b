"""The home room's part of the app beyond its routes: the home page's task list is kept between
requests (app/core/cache.py) under the topics of the rooms it reads, so every write to a
document, case, assessment month, hall or quality record recomputes it."""

import importlib

from ..core import cache

TOPICS = {
    "documents": "app.documents.models",
    "records": "app.records.models",
    "assessment": "app.assessment.models",
    "hall": "app.hall.models",
    "quality": "app.quality.models",
}


def init_app(app) -> None:
    for topic, module_name in TOPICS.items():
        try:
            cache.watch_module(topic, importlib.import_module(module_name))
        except ModuleNotFoundError as exc:  # a center without that room
            if exc.name != module_name:
                raise
