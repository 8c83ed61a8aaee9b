"""The URL builders the tests' applications share (tests/appcache.py) are the ones Werkzeug would
compile for each rule: same code, same constants, same arguments."""

import re

from app import create_app
from app.config import TestConfig
from tests import appcache


def _same(shared, fresh) -> bool:
    a, b = shared.__code__, fresh.__code__
    return (
        (a.co_code, a.co_consts, a.co_names, a.co_varnames, a.co_argcount, a.co_flags)
        == (b.co_code, b.co_consts, b.co_names, b.co_varnames, b.co_argcount, b.co_flags)
        and shared.__defaults__ == fresh.__defaults__
        and shared.__name__ == fresh.__name__
    )


def test_every_rule_of_a_second_application_gets_the_builders_werkzeug_compiles(tmp_path):
    first = create_app(TestConfig(str(tmp_path / "first")))
    app = create_app(TestConfig(str(tmp_path / "second")))
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 100
    shared = {(r.rule, r.endpoint): r._build.__func__ for r in first.url_map.iter_rules()}
    assert all(shared[(r.rule, r.endpoint)] is r._build.__func__ for r in rules)  # compiled once
    for rule in rules:
        for append_unknown, bound in ((False, rule._build), (True, rule._build_unknown)):
            assert bound.__self__ is rule
            assert _same(bound.__func__, appcache.uncached_compile_builder(rule, append_unknown)), rule.rule
    with app.test_request_context():
        from flask import url_for

        assert url_for("auth.login", next="/x y") == "/login?next=/x+y"


def _page(app, path):
    body = app.test_client().get(path).get_data(as_text=True)
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", body)


def test_a_second_application_renders_from_the_shared_compiled_templates_the_same_page(app, tmp_path):
    first = _page(app, "/login")  # compiles (or finds) the login page's templates
    same_db = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    second = create_app(TestConfig(str(tmp_path / "second"), **same_db))
    appcache.share_templates(second)
    hits = appcache.templates.hits
    assert _page(second, "/login") == first
    assert appcache.templates.hits > hits  # loaded compiled, not compiled again
    uncached = create_app(TestConfig(str(tmp_path / "uncached"), **same_db))
    assert uncached.jinja_env.bytecode_cache is None
    assert _page(uncached, "/login") == first
