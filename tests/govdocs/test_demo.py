from app.extensions import db
from app.govdocs import demo
from app.govdocs.models import GovDocument
from app.search import demo as search_demo
from app.search.backend import get_backend


def test_demo_loads_once_and_is_searchable(app, users):
    demo.load()
    demo.load()  # idempotent
    assert db.session.scalar(db.select(db.func.count(GovDocument.id))) == len(demo.DEMO_DOCS) == 10
    search_demo.load()
    hits = get_backend().search("示政办〔2024〕12号").hits
    assert len(hits) == 1
    assert len(get_backend().search("限时办结", per_page=None).hits) == 2
