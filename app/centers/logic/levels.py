"""The three levels of a center (seed 000, 第八章 三级联通): a city center (市), the county centers it
guides (县), and the township 便民中心 (乡) under a county. Stored in English, shown in Chinese."""

CITY = "city"
COUNTY = "county"
TOWNSHIP = "township"

LEVELS = (CITY, COUNTY, TOWNSHIP)
LEVEL_LABELS = {CITY: "市", COUNTY: "县", TOWNSHIP: "乡"}
# the level a child of a center of this level has (a township has none)
CHILD_LEVEL = {CITY: COUNTY, COUNTY: TOWNSHIP}


def label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def may_be_child(parent_level: str | None, level: str) -> bool:
    """A root center is a city (or stands alone at any level); below a center sits the next level."""
    if level not in LEVELS:
        return False
    if parent_level is None:
        return True
    return CHILD_LEVEL.get(parent_level) == level
