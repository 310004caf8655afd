"""Server-side SVG charts: no script, no library, readable without colour.

Each chart is an ``<svg role="img">`` with a title and a description that says
what it shows in words; every bar carries its value as text. Colours come from
classes styled in ``app.css`` (inline styles would break the CSP).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape


def _svg(width: int, height: int, title: str, desc: str, body: list[str], cid: str) -> Markup:
    return Markup(
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{cid}-t {cid}-d" '
        f'class="chart-svg"><title id="{cid}-t">{escape(title)}</title>'
        f'<desc id="{cid}-d">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def hbars(rows: Sequence[tuple[str, int, str]], title: str, cid: str) -> Markup:
    """Horizontal bars: ``(label, value, css class)`` per row, the value written at the end."""
    label_w, bar_w, row_h = 150, 210, 26
    top = max((v for _, v, _ in rows), default=0) or 1
    body = []
    for i, (label, value, css) in enumerate(rows):
        y = i * row_h
        w = round(bar_w * value / top) if value else 0
        body.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1)}" height="18" rx="3" '
            f'class="{escape(css)}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 17}">{value}</text>'
        )
    desc = "; ".join(f"{label}: {value}" for label, value, _ in rows)
    return _svg(label_w + bar_w + 50, max(row_h * len(rows), row_h), title, desc, body, cid)


def columns(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int], str]],
    title: str,
    cid: str,
) -> Markup:
    """Stacked columns, one per label; ``series`` is ``(name, values, css class)``."""
    n = len(labels)
    col_w, gap, height, left, bottom = 22, 8, 160, 34, 22
    totals = [sum(s[1][i] for s in series) for i in range(n)]
    top = max(totals, default=0) or 1
    body = [
        f'<line x1="{left}" y1="{height}" x2="{left + n * (col_w + gap)}" y2="{height}" '
        f'class="axis"/>',
        f'<text x="{left - 6}" y="12" text-anchor="end">{top}</text>',
        f'<text x="{left - 6}" y="{height}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(labels):
        x = left + gap / 2 + i * (col_w + gap)
        y = float(height)
        for _, values, css in series:
            h = (height - 10) * values[i] / top
            if h:
                y -= h
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{col_w}" height="{h:.1f}" '
                    f'class="{escape(css)}"/>'
                )
        body.append(
            f'<text x="{x + col_w / 2:.1f}" y="{height + 15}" text-anchor="middle" '
            f'class="tick">{escape(label)}</text>'
        )
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{values[i]} {name}" for name, values, _ in series)
        for i, label in enumerate(labels)
    )
    return _svg(left + n * (col_w + gap) + 4, height + bottom, title, desc, body, cid)


def share_bar(parts: Sequence[tuple[str, int, str]], title: str, cid: str) -> Markup:
    """One bar split in proportion to each part, e.g. gives / neutral / asks."""
    total = sum(v for _, v, _ in parts) or 1
    width, x, body = 400, 0.0, []
    for _, value, css in parts:
        w = width * value / total
        if w:
            body.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="24" class="{css}"/>')
        x += w
    desc = ", ".join(f"{value} {name}" for name, value, _ in parts)
    return _svg(width, 24, title, desc, body, cid)
