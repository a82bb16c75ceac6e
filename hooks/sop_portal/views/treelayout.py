"""A layered (Sugiyama-style) layout of a decision tree, for an SVG drawn at build time: no script, no network.

Top to bottom, so a phone scrolls down rather than sideways. Steps:

1. rank: a node's depth is its longest path from the start; nodes sit on even ranks, and every edge gets a
   *label vertex* on the odd rank just below its source, so edge labels are laid out like boxes and never
   overlap. Edges spanning more ranks get *dummy vertices* on the ranks in between, so they bend around boxes.
2. order: barycentre sweeps (down and up) reduce crossings; the best ordering seen is kept.
3. x: each vertex is pulled to the mean position of its neighbours, then overlaps are removed exactly with
   isotonic regression (pool adjacent violators), so the order is kept and boxes stay apart.
4. y: ranks are stacked with a gap; edges are cubic curves with vertical tangents.

Text is measured with an average character width (no font metrics at build time): the wrap width is kept
conservative. Everything here is plain data; ``overrides/sop/_tree_svg.md.html`` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations


@dataclass(frozen=True)
class Metrics:
    box_width: float = 176
    pad: float = 7
    font: float = 12  # px, node text
    line: float = 15  # px, node line height
    char: float = 6.7  # px, a generous average character width at 12 px (wide enough for "m" and capitals)
    text_lines: int = 3
    label_font: float = 11
    label_line: float = 13
    label_char: float = 6.2
    label_chars: int = 20
    label_lines: int = 3
    label_pad: float = 4
    gap_x: float = 14  # between neighbours on a rank
    gap_y: float = 18  # between ranks
    dummy_width: float = 6
    margin: float = 8

    @property
    def box_chars(self) -> int:
        return int((self.box_width - 2 * self.pad) // self.char)


@dataclass(frozen=True)
class NodeSpec:
    id: str
    tag: str  # short label, e.g. "P1" or "H2"
    text: str
    kind: str = "question"  # question | outcome
    variant: str = ""  # e.g. the outcome's urgency; becomes a CSS class
    note: str = ""  # a second word after the tag, e.g. the urgency in words


@dataclass(frozen=True)
class EdgeSpec:
    source: str
    target: str
    label: str


@dataclass(frozen=True)
class Box:
    id: str
    tag: str
    note: str
    lines: tuple[str, ...]
    kind: str
    variant: str
    x: float  # left
    y: float  # top
    width: float
    height: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Label:
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: Label
    points: tuple[tuple[float, float], ...]  # from the source's bottom to the target's top, through the label

    @property
    def d(self) -> str:
        """SVG path: straight where the edge runs through a rank, a smooth vertical S-curve between ranks."""
        (x0, y0), rest = self.points[0], self.points[1:]
        parts = [f"M{x0:.1f},{y0:.1f}"]
        px, py = x0, y0
        for x, y in rest:
            if abs(x - px) < 0.05:
                parts.append(f"L{x:.1f},{y:.1f}")
            else:
                my = (py + y) / 2
                parts.append(f"C{px:.1f},{my:.1f} {x:.1f},{my:.1f} {x:.1f},{y:.1f}")
            px, py = x, y
        return " ".join(parts)


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    metrics: Metrics = field(default_factory=Metrics)

    def box(self, node_id: str) -> Box:
        return next(b for b in self.boxes if b.id == node_id)


# -- text ----------------------------------------------------------------------------------------------


def wrap(text: str, width: int, max_lines: int) -> tuple[str, ...]:
    """Greedy word wrap to ``width`` characters; over-long words are cut; '…' ends text that did not fit."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > width:  # a word longer than a line: cut it
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [(last if len(last) < width else last[: width - 1].rstrip()) + "…"]
    return tuple(lines)


# -- layout --------------------------------------------------------------------------------------------


@dataclass
class _Vertex:
    key: str  # node id, or "label:<n>" / "dummy:<n>:<rank>"
    rank: int
    width: float
    height: float
    kind: str  # node | label | dummy
    preds: list[str] = field(default_factory=list)
    succs: list[str] = field(default_factory=list)
    x: float = 0.0  # centre
    y: float = 0.0  # top


def depths(start: str, edges: list[EdgeSpec]) -> dict[str, int]:
    """Longest-path depth of every node reachable from ``start`` (the graph is acyclic: the validator says so)."""
    out: dict[str, list[str]] = {}
    for e in edges:
        out.setdefault(e.source, []).append(e.target)
    order: list[str] = []  # reverse post-order = a topological order
    seen: set[str] = set()

    def visit(n: str) -> None:
        seen.add(n)
        for t in out.get(n, []):
            if t not in seen:
                visit(t)
        order.append(n)

    visit(start)
    depth = {start: 0}
    for n in reversed(order):
        for t in out.get(n, []):
            depth[t] = max(depth.get(t, 0), depth[n] + 1)
    return depth


def layout(
    start: str, nodes: list[NodeSpec], edges: list[EdgeSpec], metrics: Metrics | None = None, sweeps: int = 8
) -> Layout:
    """Lay out ``nodes`` (in reading order) and ``edges`` (parallel edges already merged, in answer order)."""
    mt = metrics or Metrics()
    depth = depths(start, edges)
    vertices: dict[str, _Vertex] = {}
    texts: dict[str, tuple[str, ...]] = {}
    for n in nodes:
        if n.id not in depth:
            continue  # unreachable: the validator reports it; nothing to draw
        texts[n.id] = wrap(n.text, mt.box_chars, mt.text_lines)
        height = 2 * mt.pad + mt.line * (1 + len(texts[n.id]))
        vertices[n.id] = _Vertex(n.id, 2 * depth[n.id], mt.box_width, height, "node")

    chains: list[tuple[EdgeSpec, list[str]]] = []
    label_lines: dict[str, tuple[str, ...]] = {}
    for i, e in enumerate(edges):
        if e.source not in vertices or e.target not in vertices:
            continue
        r0, r1 = vertices[e.source].rank, vertices[e.target].rank
        lines = wrap(e.label, mt.label_chars, mt.label_lines)
        key = f"label:{i}"
        label_lines[key] = lines
        width = max(len(line) for line in lines) * mt.label_char + 2 * mt.label_pad
        vertices[key] = _Vertex(key, r0 + 1, width, len(lines) * mt.label_line + 2 * mt.label_pad, "label")
        chain = [e.source, key]
        for r in range(r0 + 2, r1):
            dkey = f"dummy:{i}:{r}"
            vertices[dkey] = _Vertex(dkey, r, mt.dummy_width, 0, "dummy")
            chain.append(dkey)
        chain.append(e.target)
        for a, b in zip(chain, chain[1:]):
            vertices[a].succs.append(b)
            vertices[b].preds.append(a)
        chains.append((e, chain))

    ranks = _initial_order(start, vertices)
    ranks = _reduce_crossings(ranks, vertices, sweeps)
    _assign_x(ranks, vertices, mt, sweeps)
    height = _assign_y(ranks, vertices, mt)

    left = min(v.x - v.width / 2 for v in vertices.values())
    right = max(v.x + v.width / 2 for v in vertices.values())
    shift = mt.margin - left
    for v in vertices.values():
        v.x += shift

    boxes = tuple(
        Box(
            n.id,
            n.tag,
            n.note,
            texts[n.id],
            n.kind,
            n.variant,
            vertices[n.id].x - mt.box_width / 2,
            vertices[n.id].y,
            mt.box_width,
            vertices[n.id].height,
        )
        for n in nodes
        if n.id in vertices
    )
    ports_out = _ports(vertices, "succs")
    ports_in = _ports(vertices, "preds")
    band = _rank_bands(ranks, vertices)
    drawn = []
    for e, chain in chains:
        src, lab, dst = vertices[chain[0]], vertices[chain[1]], vertices[chain[-1]]
        label = Label(label_lines[lab.key], lab.x - lab.width / 2, lab.y, lab.width, lab.height)
        points = [(ports_out[(src.key, chain[1])], src.y + src.height), (lab.x, lab.y)]
        points.append((lab.x, lab.y + lab.height))
        for dkey in chain[2:-1]:
            d = vertices[dkey]
            top, bottom = band[d.rank]
            points += [(d.x, top), (d.x, bottom)]
        points.append((ports_in[(dst.key, chain[-2])], dst.y))
        drawn.append(Edge(e.source, e.target, label, tuple(points)))
    width = right - left + 2 * mt.margin
    return Layout(round(width, 1), round(height + mt.margin, 1), boxes, tuple(drawn), mt)


def _initial_order(start: str, vertices: dict[str, _Vertex]) -> list[list[str]]:
    """Depth-first discovery order from the start, following answers in order: a natural first guess."""
    seen: list[str] = []
    stack = [start]
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.append(key)
        stack.extend(reversed(vertices[key].succs))
    ranks: list[list[str]] = [[] for _ in range(max(v.rank for v in vertices.values()) + 1)]
    for key in seen:
        ranks[vertices[key].rank].append(key)
    return ranks


def _crossings(upper: list[str], lower: list[str], vertices: dict[str, _Vertex]) -> int:
    pos_u = {k: i for i, k in enumerate(upper)}
    pos_l = {k: i for i, k in enumerate(lower)}
    pairs = [(pos_u[k], pos_l[s]) for k in upper for s in vertices[k].succs if s in pos_l]
    return sum(1 for (a, b), (c, d) in combinations(pairs, 2) if (a - c) * (b - d) < 0)


def _total_crossings(ranks: list[list[str]], vertices: dict[str, _Vertex]) -> int:
    return sum(_crossings(a, b, vertices) for a, b in zip(ranks, ranks[1:]))


def _reduce_crossings(ranks: list[list[str]], vertices: dict[str, _Vertex], sweeps: int) -> list[list[str]]:
    best = [list(r) for r in ranks]
    best_count = _total_crossings(best, vertices)
    current = [list(r) for r in ranks]
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        indices = range(1, len(current)) if down else range(len(current) - 2, -1, -1)
        for i in indices:
            fixed = current[i - 1] if down else current[i + 1]
            pos = {k: j for j, k in enumerate(fixed)}

            def bary(key: str, index: int) -> float:
                # noqa: B023 below - bary is used by the sort of this same pass
                neighbours = [pos[n] for n in (vertices[key].preds if down else vertices[key].succs) if n in pos]  # noqa: B023
                return sum(neighbours) / len(neighbours) if neighbours else float(index)

            current[i] = [k for _, _, k in sorted((bary(k, j), j, k) for j, k in enumerate(current[i]))]
        count = _total_crossings(current, vertices)
        if count < best_count:
            best, best_count = [list(r) for r in current], count
    return best


def _isotonic(targets: list[float], weights: list[float]) -> list[float]:
    """Non-decreasing sequence closest to ``targets`` (weighted least squares): pool adjacent violators."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for t, w in zip(targets, weights):
        blocks.append([t, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for mean, _, count in blocks:
        out += [mean] * int(count)
    return out


def _place(rank: list[str], desired: dict[str, float], vertices: dict[str, _Vertex], mt: Metrics) -> None:
    """Centres as close as possible to ``desired``, in the rank's order, never closer than their widths allow."""
    offsets, acc = [], 0.0
    for i, key in enumerate(rank):
        if i:
            acc += vertices[rank[i - 1]].width / 2 + mt.gap_x + vertices[key].width / 2
        offsets.append(acc)
    weights = [1.0 if vertices[k].kind != "dummy" else 0.5 for k in rank]
    shifted = _isotonic([desired[k] - off for k, off in zip(rank, offsets)], weights)
    for key, y, off in zip(rank, shifted, offsets):
        vertices[key].x = y + off


def _assign_x(ranks: list[list[str]], vertices: dict[str, _Vertex], mt: Metrics, sweeps: int) -> None:
    for rank in ranks:
        _place(rank, {k: 0.0 for k in rank}, vertices, mt)  # packed and centred on 0
        mean = sum(vertices[k].x for k in rank) / len(rank) if rank else 0.0
        for k in rank:
            vertices[k].x -= mean
    for sweep in range(2 * sweeps):
        down = sweep % 2 == 0
        order = ranks[1:] if down else list(reversed(ranks[:-1]))
        for rank in order:
            desired = {}
            for key in rank:
                v = vertices[key]
                near = [vertices[n].x for n in (v.preds if down else v.succs)]
                if down and v.kind == "label":  # a label sits under its source, nudged toward its target
                    near = near + [vertices[n].x for n in v.succs]
                desired[key] = sum(near) / len(near) if near else v.x
            _place(rank, desired, vertices, mt)


def _rank_bands(ranks: list[list[str]], vertices: dict[str, _Vertex]) -> dict[int, tuple[float, float]]:
    bands = {}
    for r, rank in enumerate(ranks):
        tops = [vertices[k].y for k in rank if vertices[k].kind != "dummy"]
        bottoms = [vertices[k].y + vertices[k].height for k in rank if vertices[k].kind != "dummy"]
        if tops:
            bands[r] = (min(tops), max(bottoms))
        else:
            y = vertices[rank[0]].y
            bands[r] = (y, y)
    return bands


def _assign_y(ranks: list[list[str]], vertices: dict[str, _Vertex], mt: Metrics) -> float:
    y = mt.margin
    for rank in ranks:
        band = max((vertices[k].height for k in rank), default=0.0)
        for k in rank:
            v = vertices[k]
            v.y = y if v.kind == "node" else y + (band - v.height) / 2
        y += band + mt.gap_y
    return y - mt.gap_y


def _ports(vertices: dict[str, _Vertex], side: str) -> dict[tuple[str, str], float]:
    """Where each edge leaves a box's bottom (or enters its top): spread along the side, in neighbour order."""
    ports = {}
    for v in vertices.values():
        if v.kind != "node":
            continue
        others = sorted(getattr(v, side), key=lambda k: vertices[k].x)
        usable = v.width * 0.7
        for i, other in enumerate(others):
            offset = 0.0 if len(others) == 1 else -usable / 2 + usable * i / (len(others) - 1)
            ports[(v.key, other)] = v.x + offset
    return ports


def overlaps(layout_: Layout) -> list[tuple[str, str]]:
    """Pairs of drawn rectangles (boxes and edge labels) that overlap: a layout bug if not empty."""
    rects = [(b.id, b.x, b.y, b.width, b.height) for b in layout_.boxes]
    rects += [
        (f"label {e.source}->{e.target}", e.label.x, e.label.y, e.label.width, e.label.height) for e in layout_.edges
    ]
    found = []
    for (a, ax, ay, aw, ah), (b, bx, by, bw, bh) in combinations(rects, 2):
        if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
            found.append((a, b))
    return found
