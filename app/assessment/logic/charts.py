"""Small server-side SVG charts (no JavaScript, nothing loaded from outside). Pure functions:
data in, SVG text out; every label is XML-escaped."""

from __future__ import annotations

from xml.sax.saxutils import escape

from . import workflow as wf

FONT = 'font-family="Noto Sans CJK SC, sans-serif"'
COLORS = ["#9c1c1c", "#1d5fa6", "#1e7b3c", "#a66a00", "#6b3fa0", "#00838f", "#5d4037", "#c2185b"]


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<rect width="100%" height="100%" fill="#fff"/>' + "".join(body) + "</svg>"
    )


def trend(
    points: list[tuple[str, float]], title: str, low: float = 80, high: float = 110, threshold: float | None = 95
) -> str:
    """A line of monthly scores: points = [(label, score)] oldest first."""
    w, h, left, right, top, bottom = 760, 300, 48, 16, 30, 48
    body = [f'<text x="{w / 2}" y="18" text-anchor="middle" font-size="14" {FONT}>{escape(title)}</text>']
    if points:
        low = min(low, min(p[1] for p in points) - 2)
    span = (high - low) or 1
    pw, ph = w - left - right, h - top - bottom

    def y(v):
        return top + ph - (v - low) / span * ph

    for tick in range(int(low // 5 * 5), int(high) + 1, 5):
        if tick < low:
            continue
        body.append(f'<line x1="{left}" x2="{w - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e4e7eb"/>')
        body.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" {FONT}>{tick}</text>')
    if threshold is not None:
        body.append(
            f'<line x1="{left}" x2="{w - right}" y1="{y(threshold):.1f}" y2="{y(threshold):.1f}" '
            f'stroke="#b3261e" stroke-dasharray="4 3"/>'
        )
        body.append(
            f'<text x="{w - right}" y="{y(threshold) - 4:.1f}" text-anchor="end" font-size="11" fill="#b3261e" {FONT}>'
            f"红旗分数线 {threshold:g}</text>"
        )
    if not points:
        body.append(f'<text x="{w / 2}" y="{h / 2}" text-anchor="middle" font-size="13" {FONT}>暂无数据</text>')
        return _svg(w, h, body, title)
    step = pw / max(1, len(points) - 1)
    xy = [(left + (i * step if len(points) > 1 else pw / 2), y(v)) for i, (_l, v) in enumerate(points)]
    body.append(
        '<polyline fill="none" stroke="#1d5fa6" stroke-width="2" points="'
        + " ".join(f"{a:.1f},{b:.1f}" for a, b in xy)
        + '"/>'
    )
    every = max(1, len(points) // 12)
    for i, ((label, v), (a, b)) in enumerate(zip(points, xy, strict=False)):
        body.append(
            f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="#1d5fa6"><title>{escape(label)}：{v:g} 分</title></circle>'
        )
        if i % every == 0:
            body.append(
                f'<text x="{a:.1f}" y="{h - bottom + 16}" text-anchor="middle" font-size="10" {FONT}>{escape(label)}</text>'
            )
    return _svg(w, h, body, title)


def breakdown(categories: list[tuple[str, float, float]], title: str) -> str:
    """Horizontal bars per category: (name, weight, deducted); the bar shows points kept."""
    # Drawn at the width the score sheet's side column gives it, so 12px labels stay 12px on screen.
    w, row = 460, 30
    h = 40 + row * max(1, len(categories))
    left, right = 112, 104
    pw = w - left - right
    body = [f'<text x="{w / 2}" y="18" text-anchor="middle" font-size="14" {FONT}>{escape(title)}</text>']
    for i, (name, weight, deducted) in enumerate(categories):
        y0 = 32 + i * row
        kept = max(0.0, weight - deducted)
        body.append(f'<text x="{left - 8}" y="{y0 + 15}" text-anchor="end" font-size="12" {FONT}>{escape(name)}</text>')
        body.append(f'<rect x="{left}" y="{y0}" width="{pw:.1f}" height="20" fill="#eef1f4"/>')
        frac = kept / weight if weight else 0
        body.append(
            f'<rect x="{left}" y="{y0}" width="{pw * frac:.1f}" height="20" fill="{"#1e7b3c" if deducted == 0 else "#a66a00"}"/>'
        )
        body.append(
            f'<text x="{left + pw + 8}" y="{y0 + 15}" font-size="12" {FONT}>{kept:g}/{weight:g}'
            f"{f'（扣 {deducted:g}）' if deducted else ''}</text>"
        )
    return _svg(w, h, body, title)


def flags_year(windows: list[str], grid: list[list[bool]], title: str, months: int = 12) -> str:
    """Red flags over the year: one row per window, a red square for each month with a flag."""
    cell, left, top = 26, 170, 40
    w = left + cell * months + 60
    h = top + cell * max(1, len(windows)) + 10
    body = [f'<text x="{w / 2}" y="18" text-anchor="middle" font-size="14" {FONT}>{escape(title)}</text>']
    for m in range(months):
        body.append(
            f'<text x="{left + m * cell + cell / 2}" y="{top - 6}" text-anchor="middle" font-size="11" {FONT}>{m + 1}月</text>'
        )
    for i, (name, row) in enumerate(zip(windows, grid, strict=False)):
        y0 = top + i * cell
        body.append(f'<text x="{left - 8}" y="{y0 + 17}" text-anchor="end" font-size="12" {FONT}>{escape(name)}</text>')
        for m in range(months):
            flagged = m < len(row) and row[m]
            body.append(
                f'<rect x="{left + m * cell + 2}" y="{y0 + 2}" width="{cell - 4}" height="{cell - 4}" rx="3" '
                f'fill="{"#b3261e" if flagged else "#eef1f4"}"><title>{escape(name)} {m + 1}月'
                f"{'：流动红旗' if flagged else ''}</title></rect>"
            )
        body.append(
            f'<text x="{left + months * cell + 8}" y="{y0 + 17}" font-size="12" {FONT}>{sum(1 for f in row if f)} 面</text>'
        )
    if not windows:
        body.append(
            f'<text x="{w / 2}" y="{top + 20}" text-anchor="middle" font-size="13" {FONT}>本年度尚无定稿的流动红旗</text>'
        )
    return _svg(w, h, body, title)


def trend_points(rows) -> list[tuple[str, float]]:
    """(label, total) per month row: 7月, 8月 … with the year on the first point and on each
    January (not "26/7", read as a day)."""
    return [
        (f"{r.year}年{r.month}月" if i == 0 or r.month == 1 else f"{r.month}月", r.total) for i, r in enumerate(rows)
    ]


def trend_title(window_name: str, month: int, status: str | None) -> str:
    """The trend chart's title; the last point may be a month not yet final: the title says so, in
    the same words as the pages."""
    if status is not None and status != wf.FINAL:
        return f"{window_name} 月度得分趋势（{month}月为{wf.result_short(status)}）"
    return f"{window_name} 月度得分趋势"
