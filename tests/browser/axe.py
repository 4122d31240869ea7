"""axe-core, from npm (package.json pins it; `npm ci` puts it in node_modules/), run in a page."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field

from tests.fixtures.paths import ROOT

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices. No rule is disabled.
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")


class AxeMissing(RuntimeError):
    pass


def pinned_version() -> str:
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]


def axe_source() -> str:
    """The axe-core script; runs `npm ci` once if node_modules/ lacks it (make test does it first)."""
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise AxeMissing(
                f"{AXE_JS.relative_to(ROOT)} is missing and npm is not installed; "
                "install Node.js and npm, then run `npm ci` in the project root"
            )
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0 or not AXE_JS.is_file():
            raise AxeMissing(f"`npm ci` did not install axe-core: {done.stderr.strip()[-500:]}")
    return AXE_JS.read_text(encoding="utf-8")


@dataclass
class AxeResult:
    url: str
    version: str
    violations: list[dict]
    rules: set[str] = field(default_factory=set)


def run_axe(page, source: str, tags=TAGS) -> AxeResult:
    """axe on what the page shows now. The script is evaluated, not added as a
    <script> tag, so a strict Content-Security-Policy cannot block it."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    result = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]},
    )
    rules = {
        rule["id"] for kind in ("violations", "passes", "incomplete", "inapplicable") for rule in result[kind]
    }
    return AxeResult(result["url"], result["testEngine"]["version"], result["violations"], rules)


def describe(violations: list[dict]) -> str:
    """Violations as a person fixing them needs them: rule, impact, where, what to do."""
    lines = []
    for violation in violations:
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {' '.join(map(str, node['target']))}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)
