"""Monthly objective values as a small inline SVG (no JavaScript), like app/assessment's charts.
Pure: data in, SVG text out; labels XML-escaped."""

from __future__ import annotations

from xml.sax.saxutils import escape

FONT = 'font-family="Noto Sans CJK SC, sans-serif"'


def monthly(points, target: float, title: str, unit: str = "%") -> str:
    """points: [(label, value or None)] oldest first; the target as a dashed red line; a missed
    month as a red dot."""
    w, h, left, right, top, bottom = 640, 240, 44, 16, 28, 36
    vals = [v for _l, v in points if v is not None]
    low = min([target] + vals) - 2
    high = max([target] + vals) + 1
    low, high = max(0.0, low), min(100.0, high) if high <= 100 else high
    span = (high - low) or 1
    pw, ph = w - left - right, h - top - bottom

    def y(v):
        return top + ph - (v - low) / span * ph

    body = [
        '<rect width="100%" height="100%" fill="#fff"/>',
        f'<text x="{w / 2}" y="18" text-anchor="middle" font-size="13" {FONT}>{escape(title)}</text>',
    ]
    for tick in (low, (low + high) / 2, high):
        body.append(f'<line x1="{left}" x2="{w - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e4e7eb"/>')
        body.append(
            f'<text x="{left - 4}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="10" {FONT}>{tick:.0f}</text>'
        )
    body.append(
        f'<line x1="{left}" x2="{w - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" stroke="#b3261e" stroke-dasharray="4 3"/>'
    )
    body.append(
        f'<text x="{w - right}" y="{y(target) - 4:.1f}" text-anchor="end" font-size="10" fill="#b3261e" {FONT}>目标 {target:g}{unit}</text>'
    )
    n = len(points)
    step = pw / max(1, n - 1)
    xy = [(left + (i * step if n > 1 else pw / 2), None if v is None else y(v)) for i, (_l, v) in enumerate(points)]
    line = " ".join(f"{a:.1f},{b:.1f}" for a, b in xy if b is not None)
    if line:
        body.append(f'<polyline fill="none" stroke="#1d5fa6" stroke-width="2" points="{line}"/>')
    for (label, v), (a, b) in zip(points, xy, strict=False):
        if b is not None:
            color = "#1d5fa6" if v >= target else "#b3261e"
            body.append(
                f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3.5" fill="{color}"><title>{escape(label)}：{v:g}{unit}</title></circle>'
            )
        body.append(
            f'<text x="{a:.1f}" y="{h - bottom + 16}" text-anchor="middle" font-size="10" {FONT}>{escape(label)}</text>'
        )
    if not vals:
        body.append(f'<text x="{w / 2}" y="{h / 2}" text-anchor="middle" font-size="12" {FONT}>暂无数据</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )
