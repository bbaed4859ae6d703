"""Browser helpers for the accessibility tests: contrast of the focus ring, page width."""

from __future__ import annotations

from pathlib import Path

# Returns, for the focused element, the outline and box-shadow colours with the background they
# are drawn on (the first opaque background of an ancestor) and the outline width in px.
FOCUS_RING_JS = """
() => {
  const el = document.activeElement;
  const cs = getComputedStyle(el);
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  let bg = null;
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c && c.a > 0.5) { bg = c; break; }
  }
  bg = bg || {r: 255, g: 255, b: 255, a: 1};
  const shadow = cs.boxShadow && cs.boxShadow !== 'none' ? parse(cs.boxShadow) : null;
  return {tag: el.tagName, cls: el.className, outlineStyle: cs.outlineStyle,
          outlineWidth: parseFloat(cs.outlineWidth), outline: parse(cs.outlineColor),
          shadow, bg};
}
"""


def _luminance(c: dict) -> float:
    def ch(v: float) -> float:
        v = v / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c["r"]) + 0.7152 * ch(c["g"]) + 0.0722 * ch(c["b"])


def contrast(a: dict, b: dict) -> float:
    """The WCAG contrast ratio of two colours (dicts with r, g, b)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def focus_ring_contrast(page) -> tuple[float, dict]:
    """The contrast of the focused element's outer ring (its outline) to the background it is on.

    The outline is the part of the ring that touches the page background; 0 when there is no
    outline of at least 2 px.
    """
    info = page.evaluate(FOCUS_RING_JS)
    if info["outlineStyle"] in ("none", "") or info["outlineWidth"] < 2 or not info["outline"]:
        return 0.0, info
    return contrast(info["outline"], info["bg"]), info


def horizontal_overflow(page) -> int:
    """How many CSS px the page is wider than the window (0 = no sideways scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


# The elements that reach past the window's right edge (to name them when reflow fails).
WIDE_ELEMENTS_JS = """() => { const w = document.documentElement.clientWidth; const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect(); if (r.right <= w + 1) continue;
    const cs = getComputedStyle(el);
    out.push(el.tagName + '.' + el.className + ' right=' + Math.round(r.right) + ' ox=' + cs.overflowX + ' ' + (el.textContent||'').trim().slice(0,30).replace(/\\s+/g,' '));
  } return out.slice(0, 8); }"""


def wide_elements(page) -> list[str]:
    """Up to 8 elements wider than the window, as 'TAG.class right=px …'."""
    return page.evaluate(WIDE_ELEMENTS_JS)


AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now (e.g. with a listbox open); return the violations."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
          const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                             resultTypes: ['violations']});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""",
        AXE_TAGS,
    )
