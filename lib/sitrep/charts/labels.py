"""Label placement: try offsets around each point, keep the first that overlaps nothing already placed."""

from __future__ import annotations

import math
from collections.abc import Iterable

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from sitrep.charts.style import INK, LABEL_SIZE


def _bbox_overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(fig: Figure, ax: plt.Axes, xs, ys, labels, radii_pt, *, fontsize: float = LABEL_SIZE,
                  obstacles: Iterable[Bbox] = (), color: str = INK, gid: str = "label") -> list:
    """Annotate points (data coords) with non-overlapping labels; returns the Text artists.

    ``radii_pt`` are the marker radii in points; markers are obstacles too. Labels that cannot be placed
    without overlap anywhere within the search radius take the least overlapping spot, with a leader line.
    """
    renderer = fig.canvas.get_renderer()
    pt = fig.dpi / 72.0
    placed: list[Bbox] = list(obstacles)
    markers = []
    for x, y, r in zip(xs, ys, radii_pt, strict=True):
        cx, cy = ax.transData.transform((x, y))
        rr = r * pt
        markers.append(Bbox.from_extents(cx - rr, cy - rr, cx + rr, cy + rr))
    axbox = ax.get_window_extent(renderer)
    angles = (0, 180, 35, 145, -35, -145, 90, -90, 15, 165, -15, -165, 60, 120, -60, -120)
    artists = []
    order = sorted(range(len(labels)), key=lambda i: -radii_pt[i])
    for i in order:
        x, y, r, label = xs[i], ys[i], radii_pt[i], labels[i]
        best = None
        for step in (2.5, 8, 16, 26, 38, 52):
            dist = r + step
            for a in angles:
                dx, dy = dist * math.cos(math.radians(a)), dist * math.sin(math.radians(a)) * 0.8
                ha = "left" if dx > 1 else "right" if dx < -1 else "center"
                va = "bottom" if dy > 1 else "top" if dy < -1 else "center"
                text = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                   fontsize=fontsize, color=color, zorder=6, annotation_clip=False)
                box = text.get_window_extent(renderer).expanded(1.06, 1.12)
                text.remove()
                cost = sum(_bbox_overlap(box, b) for b in placed)
                cost += sum(_bbox_overlap(box, m) for j, m in enumerate(markers) if j != i)
                outside = (max(0, axbox.x0 - box.x0) + max(0, box.x1 - axbox.x1)
                           + max(0, axbox.y0 - box.y0) + max(0, box.y1 - axbox.y1))
                cost += outside * box.height * 4
                if best is None or cost < best[0] - 1e-6:
                    best = (cost, dx, dy, ha, va, box, step)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, dx, dy, ha, va, box, step = best
        leader = {"arrowstyle": "-", "color": "#999999", "lw": 0.6, "shrinkA": 0, "shrinkB": r * 0.9} \
            if step > 8 else None
        text = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                           fontsize=fontsize, color=color, zorder=6, arrowprops=leader, annotation_clip=False,
                           bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.75})
        text.set_gid(gid)
        placed.append(box)
        artists.append(text)
    return artists
