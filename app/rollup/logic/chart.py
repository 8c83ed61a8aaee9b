"""The roll-up chart: each visible center a group of horizontal bars (cases received and closed in
the month) with its on-time rate and satisfaction beside; a server-rendered SVG (no JavaScript,
nothing loaded from outside). Pure."""

from __future__ import annotations

from markupsafe import Markup, escape

from .figures import pct

RECEIVED, CLOSED, RED = "#9fb8d8", "#1d5fa6", "#b3261e"


def centers_chart(rows, width: int = 760, bar_h: int = 12) -> Markup:
    """rows: [(label, level label, Figures)] in the page's order."""
    if not rows:
        return Markup('<p class="muted">无数据</p>')
    label_w, right_w, gap = 200, 190, 10
    plot_w = width - label_w - right_w
    group_h = bar_h * 2 + gap
    legend_h = 22
    height = legend_h + group_h * len(rows) + 4
    top = max(max(f.received, f.closed) for _, _, f in rows) or 1
    parts = [
        f'<svg class="chart rollup-chart" role="img" aria-label="各中心本月收件、办结与按时办结率" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect x="{label_w}" y="4" width="12" height="10" fill="{RECEIVED}"/>'
        f'<text x="{label_w + 16}" y="13" font-size="12">收件</text>',
        f'<rect x="{label_w + 60}" y="4" width="12" height="10" fill="{CLOSED}"/>'
        f'<text x="{label_w + 76}" y="13" font-size="12">办结</text>',
        f'<text x="{label_w + plot_w + 8}" y="13" font-size="12">按时办结率 · 满意率 · 红灯</text>',
    ]
    for i, (label, level_label, f) in enumerate(rows):
        y = legend_h + i * group_h
        name = f"{label}（{level_label}）"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h + 4}" text-anchor="end" font-size="12">{escape(name)}</text>'
        )
        for j, (value, color, what) in enumerate(((f.received, RECEIVED, "收件"), (f.closed, CLOSED, "办结"))):
            w = (plot_w - 40) * value / top  # room for the number after the longest bar
            by = y + j * bar_h
            parts.append(
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h - 1}" fill="{color}">'
                f"<title>{escape(label)} {what} {value} 件</title></rect>"
                f'<text x="{label_w + w + 3:.1f}" y="{by + bar_h - 2}" font-size="10">{value}</text>'
            )
        summary = f"{pct(f.on_time_rate)} · {pct(f.satisfaction)}"
        parts.append(
            f'<text x="{label_w + plot_w + 8}" y="{y + bar_h + 4}" font-size="12">{escape(summary)}</text>'
            f'<text x="{label_w + plot_w + 150}" y="{y + bar_h + 4}" font-size="12" fill="{RED}">{f.red}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
