"""What the tests' applications share inside one pytest process, so that a fresh application per test
(the `app` fixture) costs what the test needs and not a rebuild of the same routing table.

Werkzeug compiles, for each of the ~200 URL rules, two small Python functions that build its URLs
(`Rule._compile_builder`: an AST, then `compile`). That was ~0.09 s of CPU per `create_app`, about
90 % of it, in every one of ~500 tests. A builder depends only on the rule's text, its parsed
parts (the `_trace`), the names of its defaults and the URL text of those defaults that appear in
the rule; it reads everything else from the rule it is bound to (`self`). The same rule in the next
test's application therefore gets the same function, bound to its own `Rule`. Routing, matching and
`url_for` are unchanged (tests/test_appcache.py compares every built URL with an uncached build).

Their templates are compiled once per process too (`share_templates`, Jinja's bytecode cache).

Test-only: production builds its application once per process."""

from jinja2 import BytecodeCache
from werkzeug.routing.rules import Rule

_compile_builder = Rule._compile_builder
_builders: dict = {}


def builder_key(rule: Rule, append_unknown: bool) -> tuple:
    defaults = rule.defaults or {}
    in_rule = tuple(
        (name, rule._converters[name].to_url(value)) for name, value in defaults.items() if (True, name) in rule._trace
    )
    return (append_unknown, rule.rule, tuple(rule._trace), tuple(map(str, defaults)), in_rule)


def _shared_compile_builder(self: Rule, append_unknown: bool = True):
    key = builder_key(self, append_unknown)
    builder = _builders.get(key)
    if builder is None:
        builder = _builders[key] = _compile_builder(self, append_unknown)
    return builder


def install() -> None:
    Rule._compile_builder = _shared_compile_builder


def uncached_compile_builder(rule: Rule, append_unknown: bool = True):
    return _compile_builder(rule, append_unknown)


# ---------------------------------------------------------------- compiled templates
# Each application has its own Jinja environment, and each environment compiled every template it
# rendered again (~12 ms a template; a page is a handful: base, macros, the page). Jinja's own
# bytecode cache, shared in memory by the tests' applications, keeps the compiled module of each
# template; Jinja checks the template's source checksum on every load, and every test application
# has the same environment (filters, extensions), so a template compiles once per process.


class SharedBytecodeCache(BytecodeCache):
    def __init__(self):
        self._code: dict[str, bytes] = {}
        self.hits = 0

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
            self.hits += 1

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


templates = SharedBytecodeCache()


def share_templates(app) -> None:
    app.jinja_env.bytecode_cache = templates
