"""Issue 11 item 9: `flask records import KIND not-a-zip.xlsx` ends with a Chinese message, for every kind."""

import pytest


@pytest.mark.parametrize("kind", ["roster", "items", "cases", "attendance"])
def test_not_a_zip_xlsx_gives_a_chinese_error(app, users, tmp_path, kind):
    bad = tmp_path / "not-a-zip.xlsx"
    bad.write_bytes(b"this is not a spreadsheet at all")
    result = app.test_cli_runner().invoke(args=["records", "import", kind, str(bad)])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "无法读取该 Excel 文件" in result.output
    assert "Traceback" not in result.output
