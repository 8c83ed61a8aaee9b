"""`flask documents ...`. Other domains add commands to `documents_group` (e.g. govdocs' import-dir)."""
from flask import Flask
from flask.cli import AppGroup

documents_group = AppGroup("documents", help="受控文件与政府文件。")


def register(app: Flask) -> None:
    app.cli.add_command(documents_group)
