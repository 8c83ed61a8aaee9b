"""Small server-side SVG charts (no JavaScript, nothing loaded from outside). Pure functions."""

from markupsafe import Markup, escape


def bars(items: list[tuple[str, float]], width=560, bar_h=18, color="#1d5fa6", fmt="{:.0f}") -> Markup:
    """Horizontal bars: [(label, value)]."""
    if not items:
        return Markup('<p class="muted">无数据</p>')
    top = max(v for _, v in items) or 1
    label_w, h = 130, bar_h + 6
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{h * len(items) + 4}" '
        f'viewBox="0 0 {width} {h * len(items) + 4}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(items):
        y = i * h + 2
        w = (width - label_w - 60) * (value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 4}" text-anchor="end" font-size="12">{escape(label)}</text>'
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}"/>')
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}" font-size="12">{escape(fmt.format(value))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def columns_with_line(
    labels: list[str], values: list[float], rates: list[float | None], width=560, height=220
) -> Markup:
    """Monthly columns (volume, left) with a line (rate 0–100 %, right)."""
    if not labels:
        return Markup('<p class="muted">无数据</p>')
    pad_l, pad_b, pad_t, pad_r = 40, 24, 10, 40
    plot_w, plot_h = width - pad_l - pad_r, height - pad_b - pad_t
    top = max(values) or 1
    step = plot_w / len(labels)
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{pad_l + plot_w}" y2="{pad_t + plot_h}" stroke="#999"/>',
        f'<text x="4" y="{pad_t + 10}" font-size="11">{top:.0f}</text>',
        f'<text x="{width - pad_r + 4}" y="{pad_t + 10}" font-size="11" fill="#1e7b3c">100%</text>',
    ]
    points = []
    for i, (label, v, r) in enumerate(zip(labels, values, rates, strict=False)):
        x = pad_l + i * step
        h = plot_h * v / top
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{pad_t + plot_h - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="#9fb8d8"><title>{escape(label)}：{v:.0f}</title></rect>'
        )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{height - 6}" font-size="11" text-anchor="middle">{escape(label)}</text>'
        )
        if r is not None:
            points.append(f"{x + step / 2:.1f},{pad_t + plot_h * (1 - r):.1f}")
    if points:
        parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#1e7b3c" stroke-width="2"/>')
        for p in points:
            x, y = p.split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#1e7b3c"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
