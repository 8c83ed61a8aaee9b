"""Checks on the bundled rules SF-ZD-001 … SF-ZD-017 (documents/rules/).

Pure file checks: no app, no database. The front matter is parsed with a small local
parser so that a malformed file fails here even if the real loader changes.
"""

import re
from collections import defaultdict
from pathlib import Path

import pytest

from app.core.cn_numerals import cn_to_int as cn_number
from app.documents.logic.frontmatter import split_front_matter

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "documents" / "rules"
SHARED = ROOT.parent / "shared"
NUMBERS = [f"SF-ZD-{n:03d}" for n in range(1, 18)]
REQUIRED = (
    "kind",
    "number",
    "title",
    "category",
    "owner_office",
    "review_interval_months",
    "revision",
    "effective_date",
    "change_reason",
)
CATEGORIES = {"综合管理", "审批服务", "监督考核", "考核评比", "党风廉政", "机关事务", "安全卫生"}


def parse(path):
    """The loader's own parser, so these checks see the files exactly as `flask documents load` does."""
    return split_front_matter(path.read_text(encoding="utf-8"))


def articles(body):
    return [cn_number(m) for m in re.findall(r"(?m)^第([零一二三四五六七八九十百]+)条\u3000", body)]


def my_files():
    files = [p for p in sorted(RULES.glob("SF-ZD-*.md")) if p.name[:9] in NUMBERS]
    assert files, "documents/rules/ 下没有 SF-ZD-001…017 的文件"
    return files


@pytest.mark.parametrize(
    "text,value",
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("三十七", 37),
        ("一百", 100),
        ("一百零二", 102),
        ("一百一十", 110),
    ],
)
def test_cn_number(text, value):
    assert cn_number(text) == value


def test_front_matter_and_versions():
    seen = defaultdict(dict)
    for path in my_files():
        meta, _ = parse(path)
        assert set(REQUIRED) <= set(meta), f"{path.name}: 缺少 {set(REQUIRED) - set(meta)}"
        assert all(meta[key] for key in REQUIRED), f"{path.name}: 有空的元数据值"
        assert meta["kind"] == "rule"
        assert meta["category"] in CATEGORIES, path.name
        assert meta["review_interval_months"].isdigit()
        assert re.fullmatch(r"[A-Z]/\d+", meta["revision"]), path.name
        assert re.fullmatch(r"20(1[89]|2[0-7])-\d\d-\d\d", meta["effective_date"]), path.name
        assert path.name == f"{meta['number']}_{meta['revision'].replace('/', '')}.md"
        assert meta["revision"] not in seen[meta["number"]], f"{path.name}: 版本号重复"
        seen[meta["number"]][meta["revision"]] = meta
    assert sorted(seen) == NUMBERS
    for number, versions in seen.items():
        assert "A/0" in versions, f"{number} 缺少 A/0"
        titles = {m["title"] for m in versions.values()}
        assert len(titles) == 1, f"{number} 各版本标题不一致"
        dates = [versions[r]["effective_date"] for r in sorted(versions)]
        assert dates == sorted(dates) and len(set(dates)) == len(dates), f"{number} 生效日期未随版本递增"
    for number, count in (("SF-ZD-013", 2), ("SF-ZD-015", 2), ("SF-ZD-017", 3)):
        assert len(seen[number]) == count, number


@pytest.mark.parametrize("path", my_files(), ids=lambda p: p.stem)
def test_articles_consecutive(path):
    meta, body = parse(path)
    numbers = articles(body)
    assert len(numbers) >= 5, f"{path.name}: 条文少于5条"
    assert numbers == list(range(1, len(numbers) + 1)), f"{path.name}: 条文编号不连续 {numbers}"
    assert not body.lstrip().startswith("# "), "标题属于元数据，正文不应有一级标题"
    assert "第一章" in body.split("第一条")[0] or "## " not in body
    if meta["revision"] != "A/0":
        assert meta["change_reason"] != "首次发布"


def weights(body):
    match = re.search(r"考核内容分为.类.*?合计100分", body, re.S)
    assert match, "未找到考核类别及分值条款"
    return {name: int(score) for name, score in re.findall(r"（.）(\S+?)，(\d+)分", match.group(0))}


def domain_weights():
    domain = SHARED / "DOMAIN.md"
    if not domain.exists():
        pytest.fail(f"{domain} is missing: ../shared must sit beside the clone (it does in CI)")
    table = domain.read_text(encoding="utf-8").split("Default scheme", 1)[1]
    return {n: int(w) for n, w in re.findall(r"^\| (\S+) \((\d+)\) \|", table, re.M)}


def test_rule17_current_scheme_matches_domain():
    _, body = parse(RULES / "SF-ZD-017_B0.md")
    found = weights(body)
    assert found == {
        "工作纪律": 25,
        "服务规范": 20,
        "办件效率与质量": 30,
        "廉政与收费": 10,
        "好差评": 5,
        "档案与卫生": 5,
        "学习培训": 5,
    }
    assert found == domain_weights()
    for name, weight in found.items():
        assert f"{name}（{weight}分）按下列标准扣分" in body
    for item in (
        "迟到或者早退的，每人次扣1分",
        "每人每半天扣2分",
        "超过半天的，每次扣3分",
        "超过部分每天扣1分",
        "无人在岗的，每次扣2分",
        "有效投诉的，每人次扣5分",
        "超过承诺时限办结的，每件扣5分",
        "亮黄灯提醒的，每件扣1分",
        "亮红灯警告的，每件扣3分",
        "每件扣2分至5分",
        "（体外循环）的，每件扣5分",
        "经核实成立的，每件扣1分",
        "整改完毕的，每件扣2分",
        "每封加1分",
        "每面加2分",
        "每次加3分",
        "每次加1分至3分",
        "加分累计不超过10分",
        "扣完为止",
        "低于95分",
        "公示3个工作日",
        "一票否决",
    ):
        assert item in body, item


def test_rule17_history_schemes():
    old = {r: weights(parse(RULES / f"SF-ZD-017_{r}.md")[1]) for r in ("A0", "A1")}
    assert sum(old["A0"].values()) == 100 and "好差评" not in old["A0"] and old["A0"]["档案与卫生"] == 10
    assert sum(old["A1"].values()) == 100 and old["A1"]["好差评"] == 5 and old["A1"]["档案与卫生"] == 5
    for r in ("A0", "A1"):
        assert "加分累计不超过5分" in parse(RULES / f"SF-ZD-017_{r}.md")[1]


def test_no_text_copied_from_seeds():
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    if not seeds:
        pytest.fail(f"no seeds under {SHARED / 'seeds'}: ../shared must sit beside the clone (it does in CI)")
    n, shingles = 20, set()
    for seed in seeds:
        for line in seed.read_text(errors="replace").splitlines():
            flat = re.sub(r"\s+", "", line)
            if len(flat) >= 50:
                shingles.update(flat[i : i + n] for i in range(len(flat) - n + 1))
    for path in my_files():
        flat = re.sub(r"\s+", "", path.read_text(encoding="utf-8"))
        copied = [flat[i : i + n] for i in range(len(flat) - n + 1) if flat[i : i + n] in shingles]
        assert not copied, f"{path.name} 与种子文本雷同：{copied[:2]}"
