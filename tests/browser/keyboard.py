"""Moving through a page with the Tab key, as a keyboard user does."""
from __future__ import annotations

DESCRIBE_FOCUS = """() => {
  const e = document.activeElement;
  const label = (e.getAttribute('aria-label') || e.innerText || e.value || '').trim().split('\\n')[0];
  return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${label.slice(0, 40)}"`;
}"""


def tab_to(page, locator, limit: int = 40) -> None:
    """Press Tab until `locator` has the focus; fail with the path taken if it never does."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
        path.append(page.evaluate(DESCRIBE_FOCUS))
    raise AssertionError(f"{limit} presses of Tab never reached {locator}; focus went: {' -> '.join(path)}")


#: What a focused element shows: its outline and box shadow, and whether it can be seen at all.
FOCUS_STYLE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  return {
    element: `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.getAttribute('aria-label') || e.innerText || '').trim().split('\\n')[0].slice(0, 40)}"`,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    boxShadow: style.boxShadow,
    width: box.width,
    height: box.height,
    visible: e.checkVisibility({visibilityProperty: true}),
  };
}"""


def focus_indicator_problem(style: dict) -> str | None:
    """Why a focused element's focus cannot be seen, or None when it can (WCAG 2.4.7).

    Our rule is stricter than "anything the browser draws": a solid outline of
    at least 2 px or a box-shadow ring. Chromium's default ring (outline auto
    1px) is thin and not under our control, so it does not count."""
    if not style["visible"] or style["width"] == 0 or style["height"] == 0:
        return f"{style['element']} takes the focus but is not visible"
    has_outline = style["outlineStyle"] not in ("none", "hidden") and style["outlineWidth"] >= 2
    has_ring = style["boxShadow"] not in ("", "none")
    if not (has_outline or has_ring):
        return (f"{style['element']} shows no focus indicator (outline {style['outlineStyle']} "
                f"{style['outlineWidth']}px, box-shadow {style['boxShadow']})")
    return None
