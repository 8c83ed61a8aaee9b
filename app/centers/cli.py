"""`flask centers ...`: the center tree from the command line (the first city, its counties)."""

import click

from ..extensions import db


def register(app) -> None:
    @app.cli.group("centers", help="中心（市 / 县 / 乡）。")
    def centers():
        pass

    @centers.command("list")
    def list_centers():
        """Every center, indented under its parent."""
        from .logic.tree import children_map
        from .queries import all_centers

        rows = all_centers()
        by_id = {c.id: c for c in rows}
        children = children_map([(c.id, c.parent_id) for c in rows])

        def show(cid, depth):
            c = by_id[cid]
            click.echo(f"{'  ' * depth}{c.code}\t{c.name}（{c.level_label}）")
            for child in children.get(cid, ()):
                show(child, depth + 1)

        for root in children.get(None, ()):
            show(root, 0)

    @centers.command("add")
    @click.argument("code")
    @click.argument("name")
    @click.option("--level", type=click.Choice(["city", "county", "township"]), required=True)
    @click.option("--parent", "parent_code", default=None, help="上级中心代码")
    def add(code, name, level, parent_code):
        """Add a center below the one with code PARENT (or a root center)."""
        from .queries import by_code
        from .services import CenterError, create_center

        parent = by_code(parent_code) if parent_code else None
        if parent_code and parent is None:
            raise click.ClickException(f"上级中心 {parent_code} 不存在。")
        try:
            center = create_center(None, code, name, level, parent.id if parent else None)
        except CenterError as exc:
            raise click.ClickException(str(exc)) from exc
        db.session.commit()
        click.echo(f"已创建中心 {center.code} {center.name}（{center.level_label}）。")
