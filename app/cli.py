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
    @click.option("--city", is_flag=True, help="一个市中心、2 个县中心和 3 个乡镇便民中心（各有自己的数据）。")
    def load(city):
        """Load the demo center (idempotent): accounts, documents, records, scores, search index.
        With --city: the same loaders once per center of a city, 2 counties and 3 townships."""
        from .auth.demo import print_logins

        if not city:
            for module in _demo_modules():
                module.load()
            click.echo("示范中心数据已就绪。请用浏览器打开 http://127.0.0.1:5000 登录。")
            print_logins()
            return
        from .centers.context import acting_in
        from .centers.demo import city_centers
        from .core.demoprofile import using

        centers = city_centers()
        modules = _demo_modules()
        index = [m for m in modules if m.__name__ == "app.search.demo"]  # once, over every center's rows
        for center, profile in centers:
            click.echo(f"—— {center.name}（{center.level_label}）——")
            with acting_in(center.id), using(profile):
                for module in modules:
                    if module not in index:
                        module.load()
        from .documents.demo_city import load_handed_down_demo  # rules handed down (issue 13 item 2)

        city_center = centers[0][0]
        made = load_handed_down_demo(city_center, [c for c, _ in centers if c.parent_id == city_center.id])
        click.echo("下发制度：" + "、".join(doc.title for doc in made.values() if doc is not None))
        for module in index:
            module.load()
        click.echo(
            "示范市（1 个市中心、2 个县中心、3 个乡镇便民中心）数据已就绪。请用浏览器打开 http://127.0.0.1:5000 登录。"
        )
        for center, profile in centers:
            click.echo(f"{center.name}（{center.level_label}）")
            with acting_in(center.id), using(profile):
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


def _demo_modules() -> list:
    """Each room's demo module (DOMAINS order), those that have one."""
    from .domains import DOMAINS

    found = []
    for name in DOMAINS:
        try:
            found.append(importlib.import_module(f"app.{name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"app.{name}.demo":
                raise
    return found
