"""The centers of the demo (invented names).

`flask demo load` (one center): nothing to add; the default center is created on first use.
`flask demo load --city`: the city center (the default center, demo logins admin, kaoping …), two
county centers (县) under it and three township 便民中心 (乡/镇) under the counties; app/cli.py then
runs every room's demo loader once per center, inside `acting_in(center)` and with the center's
demo profile (app/core/demoprofile.py: its logins' prefix, names and share of the cases)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.demoprofile import DEFAULT, DemoProfile
from ..extensions import db
from .context import default_center_id
from .logic.levels import COUNTY, TOWNSHIP
from .models import Center
from .services import create_center


@dataclass(frozen=True)
class DemoCenter:
    code: str
    name: str
    level: str
    parent_code: str | None  # None: the city
    profile: DemoProfile


def _names(*pairs: str) -> dict[str, str]:
    """The core demo accounts of a center: display names in the order of app/auth/demo.py DEMO_USERS."""
    bases = ("admin", "wenjian", "shenhe", "kaoping", "kaoping2", "chuangkou", "chuangkou2", "shenji", "zhiliang")
    return dict(zip(bases, pairs, strict=True))


# (code, name, level, parent, profile). The prefixes are the logins' first letters: qs_admin, yx_kaoping …
CITY = (
    DemoCenter("", "", "city", None, DEFAULT),
    DemoCenter(
        "QS",
        "青山县政务服务中心",
        COUNTY,
        None,
        DemoProfile(
            "qs_",
            "县",
            101,
            0.6,
            _names("陆承安", "孟知微", "江予川", "方若宁", "严既白", "易清禾", "常予夏", "柏素言", "乔映雪"),
        ),
    ),
    DemoCenter(
        "BS",
        "白水县政务服务中心",
        COUNTY,
        None,
        DemoProfile(
            "bs_",
            "县",
            202,
            0.5,
            _names("聂远舟", "苏见秋", "卢怀瑾", "褚望舒", "葛青岚", "阮听松", "詹语桐", "秦晚照", "俞之衡"),
        ),
    ),
    DemoCenter(
        "YX",
        "青山县云溪镇便民服务中心",
        TOWNSHIP,
        "QS",
        DemoProfile(
            "yx_",
            "镇",
            303,
            0.25,
            _names("沈砚秋", "蒲一禾", "颜知遥", "石晓岚", "华予安", "凌照水", "戚若澜", "简书云", "汤问渠"),
        ),
    ),
    DemoCenter(
        "SQ",
        "青山县石桥乡便民服务中心",
        TOWNSHIP,
        "QS",
        DemoProfile(
            "sq_",
            "乡",
            404,
            0.2,
            _names("荀明远", "尹素秋", "鲍清晏", "左望川", "居若棠", "薛听澜", "裴予宁", "房知雨", "蓝松年"),
        ),
    ),
    DemoCenter(
        "LH",
        "白水县柳河镇便民服务中心",
        TOWNSHIP,
        "BS",
        DemoProfile(
            "lh_",
            "镇",
            505,
            0.25,
            _names("谭一苇", "邱暮云", "米知秋", "黎长风", "邬若水", "万清和", "虞书禾", "甄晓川", "岳临溪"),
        ),
    ),
)


def load() -> None:
    """The one-center demo needs no center rows (the default center is created on first use)."""


def city_centers() -> list[tuple[Center, DemoProfile]]:
    """The demo city's centers (created when missing, idempotent), parents first, with their profiles.
    The city is the default center."""
    city = db.session.get(Center, default_center_id())
    out = [(city, CITY[0].profile)]
    by_code = {None: city}
    for spec in CITY[1:]:
        center = db.session.scalar(db.select(Center).where(Center.code == spec.code))
        if center is None:
            center = create_center(None, spec.code, spec.name, spec.level, by_code[spec.parent_code].id)
        by_code[spec.code] = center
        out.append((center, spec.profile))
    db.session.commit()
    return out
