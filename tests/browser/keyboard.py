"""Moving through a page with the Tab key, as a keyboard user does."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

#: The skip link's text. se has no Sámi string for it yet: the catalog falls back to nb.
SKIP_TEXT = {"nb": "Gå til innhold", "en": "Skip to content", "se": "Gå til innhold"}

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


def follow_by_keyboard(page, locator, limit: int = 40) -> None:
    """Tab to a link or button and press Enter; returns when the page it leads to has loaded."""
    tab_to(page, locator, limit)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def first_tab_to_the_skip_link(page, lang: str) -> Locator:
    """The first Tab on a freshly loaded page: it must reach the skip link, shown (Material fades it
    in when focused) and on screen. Returns the link."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=SKIP_TEXT[lang], exact=True)
    expect(skip).to_be_focused()
    expect(skip).to_have_css("opacity", "1")
    expect(skip).to_be_in_viewport()
    return skip


#: What a focused element shows: its outline and box shadow, and whether it can be seen at all.
FOCUS_STYLE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  return {
    element: `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ` +
      `"${(e.getAttribute('aria-label') || e.innerText || '').trim().split('\\n')[0].slice(0, 40)}"`,
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
        return (
            f"{style['element']} shows no focus indicator (outline {style['outlineStyle']} "
            f"{style['outlineWidth']}px, box-shadow {style['boxShadow']})"
        )
    return None


def tab_through_page(page, limit: int = 120) -> list[dict]:
    """Tab from where the focus is round the whole page; the FOCUS_STYLE of each stop, in order."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        style = page.evaluate(FOCUS_STYLE)
        if style is None or (seen and style["element"] == seen[0]["element"]):
            return seen  # round the whole page and back to the start
        seen.append(style)
    raise AssertionError(
        f"{limit} presses of Tab did not get round the page: {[s['element'] for s in seen[-10:]]}"
    )


#: Remembers every element that gets the focus, from now on.
TRACK_FOCUS = """() => {
  window.__innboksFocused = new Set();
  document.addEventListener('focusin', event => window.__innboksFocused.add(event.target));
}"""

#: What a keyboard user can operate inside `scope` that never had the focus.
#: A group of radio buttons is one tab stop (the arrow keys move inside it).
NOT_REACHED = """scope => {
  const interactive = scope.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])');
  const focused = window.__innboksFocused;
  const groupReached = radio => [...document.querySelectorAll(`input[type=radio][name="${radio.name}"]`)]
    .some(other => focused.has(other));
  return [...interactive]
    .filter(e => !e.disabled && e.checkVisibility())
    .filter(e => !focused.has(e) && !(e.type === 'radio' && groupReached(e)))
    .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} ` +
      `"${(e.innerText || e.value || '').trim().slice(0, 40)}"`);
}"""
