"""IBM's accessibility checker engine (npm's accessibility-checker-engine, pinned in package.json;
`npm ci` puts it in node_modules/), run in a page beside axe.

A second engine, because its rules are written apart from axe's: it catches some things
axe does not, and finds different false positives. It is the browser build of the engine
alone (ace.js), offline: the `accessibility-checker` package around it downloads the engine
from IBM's rule server by default, which the tests cannot reach.

What fails: results of level "violation", where the engine is sure a rule of the WCAG 2.2
policy failed. Counted and printed, not failures: "potentialviolation" (the engine cannot
decide: whether focus is visible, whether text over a gradient has contrast, whether a short
bold line is a heading; some twenty on every page here), "recommendation" and
"potentialrecommendation" (IBM's advice beyond WCAG) and "manual" (only a person can check).
Failing on them would take a list of exceptions covering every page, under which a new real
problem would pass as easily as the old undecidable ones.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field

from tests.fixtures.paths import ROOT

PACKAGE = "accessibility-checker-engine"
ACE_DIR = ROOT / "node_modules" / PACKAGE
ACE_JS = ACE_DIR / "ace.js"
#: The engine's help pages ship in the package, so a failure points to one readable offline.
HELP = ACE_DIR / "help" / "en-US"

#: WCAG 2.2 levels A and AA. The pinned engine's guidelines are WCAG_2_0, WCAG_2_1, WCAG_2_2,
#: IBM_Accessibility (7.3: WCAG 2.2 AA plus IBM's own requirements, beyond what issue 14
#: asks) and IBM_Accessibility_next; WCAG_2_2 is the one that matches our target exactly.
POLICY = "WCAG_2_2"

#: Levels that fail the check; the others are only counted (see the module's docstring).
FAILING = "violation"


class IbmCheckerMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class FalsePositive:
    """A violation the engine reports wrongly: its rule, a CSS selector for the element, and why."""

    rule: str
    selector: str
    why: str


#: Material's CSS-only toggles: a display:none checkbox holds whether the navigation drawer,
#: the search or the contents are open, and labels for it are the mouse's click areas.
_MATERIAL_TOGGLES = 'label[for="__drawer"], label[for="__search"], label[for="__toc"]'

#: Violations the engine reports wrongly: a rule and the elements (a CSS selector), each
#: with why. Each must still be found somewhere, so a fixed engine or page shortens the list.
KNOWN_FALSE_POSITIVES: tuple[FalsePositive, ...] = (
    FalsePositive(
        "label_ref_valid",
        _MATERIAL_TOGGLES,
        "the display:none checkbox is Material's open/closed state, not a field anyone fills in; "
        "keyboards get real buttons for the drawer and search (assets/javascripts/header-buttons.js)",
    ),
    FalsePositive(
        "form_label_unique",
        _MATERIAL_TOGGLES,
        "several click areas (backdrop, title, icon) toggle one hidden state checkbox; "
        "no field is labelled twice",
    ),
    FalsePositive(
        "label_content_exists",
        "label.md-overlay, label.md-search__overlay, label.md-search__icon",
        "an empty backdrop or icon click area of a hidden state checkbox names nothing a reader meets",
    ),
    FalsePositive(
        "svg_graphics_labelled",
        "a[aria-label] svg",
        "an icon in a link named by aria-label (logo, footer's previous/next) is not read; ACT rule "
        "7d6734, which this rule implements, applies only to an svg with an explicit role",
    ),
    FalsePositive(
        "aria_form_label_unique",
        "form:not([aria-label]):not([aria-labelledby]):not([title])",
        "a form without a name is no landmark (ARIA 1.2, HTML-AAM), so there are no labels to tell "
        "apart; axe's landmark-unique passes the same pages",
    ),
)


def pinned_version() -> str:
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"][PACKAGE]


def installed_version() -> str:
    """The engine's script carries no version, so the installed package's own package.json says."""
    return json.loads((ACE_DIR / "package.json").read_text(encoding="utf-8"))["version"]


def ace_source() -> str:
    """The engine's script; runs `npm ci` once if node_modules/ lacks it (make test does it first)."""
    if not ACE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise IbmCheckerMissing(
                f"{ACE_JS.relative_to(ROOT)} is missing and npm is not installed; "
                "install Node.js and npm, then run `npm ci` in the project root"
            )
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0 or not ACE_JS.is_file():
            raise IbmCheckerMissing(f"`npm ci` did not install {PACKAGE}: {done.stderr.strip()[-500:]}")
    return ACE_JS.read_text(encoding="utf-8")


@dataclass
class IbmResult:
    url: str
    violations: list[dict]  # level "violation" and not a known false positive
    known: list[dict]  # violations a FalsePositive matched; it is in each one's "known"
    #: (level, rule) -> count, for the levels that do not fail
    others: Counter = field(default_factory=Counter)
    #: the rules that applied to something, passed or not
    rules: set[str] = field(default_factory=set)


# The engine alone reports [policy, confidence] per result, not the levels its README and
# IBM's other tools report (violation, potentialviolation, recommendation,
# potentialrecommendation, manual), so they are derived here; "information" results are
# the engine's notes, never failures. The element itself (result.node) cannot leave the
# page, so a known false positive is matched in it, by selector, and only text comes back.
_CHECK = """
async ({policy, known}) => {
  const level = ([policy, confidence]) => {
    if (confidence === "PASS") return "pass";
    if (confidence === "MANUAL") return "manual";
    const potential = confidence === "POTENTIAL" ? "potential" : "";
    if (policy === "VIOLATION") return potential + "violation";
    if (policy === "RECOMMENDATION") return potential + "recommendation";
    return "information";
  };
  const report = await new ace.Checker().check(document, [policy]);
  const results = [];
  for (const result of report.results) {
    const found = level(result.value);
    if (found === "pass" || found === "information") continue;
    const element = result.node instanceof Element ? result.node : null;
    const match = known.findIndex(fp => fp.rule === result.ruleId && element && element.matches(fp.selector));
    results.push({
      rule: result.ruleId, reason: String(result.reasonId), level: found, message: result.message,
      xpath: result.path.dom, snippet: result.snippet, known: match >= 0 ? match : null,
    });
  }
  return {url: location.href, rules: [...new Set(report.results.map(result => result.ruleId))], results};
}
"""


def run_ibm(page, source: str, known: tuple[FalsePositive, ...] = (), policy: str = POLICY) -> IbmResult:
    """The engine on what the page shows now. The script is evaluated, not added as a
    <script> tag, so a strict Content-Security-Policy cannot block it (as axe.py does)."""
    if not page.evaluate("() => typeof window.ace === 'object'"):
        page.evaluate(source)
    found = page.evaluate(
        _CHECK,
        {"policy": policy, "known": [{"rule": fp.rule, "selector": fp.selector} for fp in known]},
    )
    result = IbmResult(found["url"], [], [], rules=set(found["rules"]))
    for item in found["results"]:
        if item["level"] != FAILING:
            result.others[item["level"], item["rule"]] += 1
        elif item["known"] is not None:
            result.known.append({**item, "known": known[item["known"]]})
        else:
            result.violations.append(item)
    return result


def describe(violations: list[dict]) -> str:
    """Violations as a person fixing them needs them: rule, where, what the engine says, its help."""
    lines = []
    for rule, items in _by_rule(violations).items():
        lines.append(f"  {rule}: {HELP.relative_to(ROOT) / (rule + '.html')}")
        for item in items[:5]:
            snippet = " ".join(item["snippet"].split())
            lines.append(f"    at {item['xpath']} {snippet[:160]}: {item['message']} ({item['reason']})")
        if len(items) > 5:
            lines.append(f"    … and {len(items) - 5} more")
    return "\n".join(lines)


def _by_rule(violations: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for item in violations:
        grouped.setdefault(item["rule"], []).append(item)
    return grouped
