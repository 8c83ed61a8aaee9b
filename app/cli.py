"""Project-wide commands. Each domain may offer demo.load(): `flask demo load` calls them in order."""

import importlib

import click
from flask import Flask


def register(app: Flask) -> None:
    from .backup import register as register_backup

    register_backup(app)

    @app.cli.group("demo", help="示范中心演示数据。")
    def demo():
        pass

    @demo.command("load")
    def load():
        """Load the demo center (idempotent): accounts, documents, records, scores, search index."""
        from .domains import DOMAINS

        for name in DOMAINS:
            try:
                module = importlib.import_module(f"app.{name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"app.{name}.demo":
                    continue
                raise
            module.load()
        from .auth.demo import print_logins

        click.echo("示范中心数据已就绪。请用浏览器打开 http://127.0.0.1:5000 登录。")
        print_logins()

    @app.cli.group("cache", help="页面缓存（app/core/cache.py）。")
    def cache_group():
        pass

    @cache_group.command("clear")
    def cache_clear():
        """Recompute every kept page value in every worker (after a change made outside the app)."""
        from .core import cache

        topics = cache.clear(app)
        click.echo("已使以下缓存失效：" + ("、".join(topics) if topics else "（无）"))
