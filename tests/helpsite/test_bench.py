"""The build benchmark (bench/site_build.py), run small so that it keeps working."""

import re
from pathlib import Path

from bs4 import BeautifulSoup

from bench import site_build, synthetic
from tests.bench.helpers import is_quotient, verdict_agrees


def test_benchmark_builds_both_sites_and_reports(tmp_path, capsys):
    assert site_build.main(["--pages", "6", "12", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out

    seconds, per_page, ratio, preview = {}, {}, {}, {}
    for n in (6, 12):
        block = out.split(f"N = {n} (")[1].split("N = ")[0]
        for build in ("ours", "bare"):
            row = re.search(rf"{build} \(.*?\)\s+([\d.]+) s\s+([\d.]+) ms\s+(\d+) MB", block)
            assert row, block
            time, ms_per_page, memory = map(float, row.groups())
            assert time > 0 and memory > 0
            # The time is printed to 0.1 s, the time per page to 0.1 ms.
            assert abs(ms_per_page - 1000 * time / (3 * n)) <= 1000 * 0.05 / (3 * n) + 0.05
            seconds[n, build], per_page[n, build] = time, ms_per_page
        printed = re.search(r"ratio ours / bare: (\d+\.\d\d)", block)
        assert printed, block
        ratio[n] = float(printed[1])
        assert is_quotient(
            ratio[n], seconds[n, "ours"], seconds[n, "bare"], rounding=0.05, printed_rounding=0.005
        ), block
        served = re.search(r"one en page served after ([\d.]+) s; .* after ([\d.]+) s", block)
        assert served and 0 < float(served[1]) < 30 and 0 < float(served[2]) < 30
        preview[n] = max(float(served[1]), float(served[2]))

    growth = re.search(r"Time per page at N = 12 / at N = 6: ours (\d+\.\d\d)×, bare (\d+\.\d\d)×", out)
    assert growth, out
    for build, printed in zip(("ours", "bare"), (growth[1], growth[2]), strict=True):
        assert is_quotient(
            float(printed), per_page[12, build], per_page[6, build], rounding=0.05, printed_rounding=0.005
        ), (build, growth[0])
    targets = re.search(
        r"Targets at N = 12: ours / bare (?P<ratio>\d+\.\d\d) \(≤ (?P<ratio_limit>[\d.]+): "
        r"(?P<ratio_verdict>met|NOT met)\); per-page growth (?P<growth>\d+\.\d\d)× "
        r"\(≤ (?P<growth_limit>[\d.]+): (?P<growth_verdict>met|NOT met)\); "
        r"preview (?P<preview>\d+\.\d\d) s \(< (?P<preview_limit>[\d.]+) s: "
        r"(?P<preview_verdict>met|NOT met)\)",
        out,
    )
    assert targets, out
    # Each figure is the one printed above, against the benchmark's own target, with the verdict it gives.
    for name, figure, target in (
        ("ratio", ratio[12], site_build.TARGET_RATIO),
        ("growth", float(growth[1]), site_build.TARGET_GROWTH),
        ("preview", preview[12], site_build.TARGET_PREVIEW),
    ):
        assert float(targets[name]) == figure and float(targets[f"{name}_limit"]) == target, targets[0]
        assert verdict_agrees(figure, target, targets[f"{name}_verdict"]), targets[0]

    # The pages were really built, by both set-ups, in every language.
    ours, bare = tmp_path / "n12" / "ours" / "site", tmp_path / "n12" / "bare" / "site"
    for lang in synthetic.LANGS:
        # The pages, and the site map (nettstedskart/index.html).
        assert len(list((ours / lang).rglob("index.html"))) == 12 + 1
    assert len(list((bare / "se").rglob("index.html"))) == 12
    page = BeautifulSoup((ours / "se" / "side-0004" / "index.html").read_text(), "html.parser")
    assert page.html["lang"] == "se"
    assert page.select_one('article div[lang="nb"]') is not None  # se falls back to nb here
    nav = page.select("nav.md-nav--primary > ul > li")
    assert len(nav) == 12
    assert [a["href"] for a in page.select("a.md-nav__link--active")] == ["./"]

    # The preview's edits reached the sources it served, and the preview and
    # its language processes are gone.
    assert "Redigert" in (tmp_path / "n12" / "ours" / "content" / "en" / "side-0006.md").read_text()
    assert not [
        p
        for p in Path("/proc").glob("[0-9]*/cmdline")
        if str(tmp_path).encode() in _read(p) and b"serve" in _read(p)
    ]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # the process ended meanwhile
        return b""


def test_pages_too_few_is_a_usage_error(capsys):
    try:
        site_build.main(["--pages", "2"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("--pages 2 was accepted")
    assert "at least 3" in capsys.readouterr().err


def _navigation(page_file, url: str) -> list[tuple]:
    """The primary navigation as a reader gets it: links resolved, marking, labels, structure."""
    from urllib.parse import urljoin

    page = BeautifulSoup(page_file.read_text(), "html.parser")
    nav = page.select_one("nav.md-nav--primary")
    base = f"http://site/en/{url}"
    return [
        (
            el.name,
            urljoin(base, el["href"]) if el.has_attr("href") else None,
            " ".join(el.get_text().split()),
            sorted(el.get("class", [])),
            {k: v for k, v in el.attrs.items() if k.startswith("aria") or k in ("for", "id", "checked")},
        )
        for el in nav.find_all(True)
    ]


def test_reused_navigation_is_materials_navigation(tmp_path, monkeypatch):
    """The navigation items rendered once per build read exactly as Material renders them per page."""
    from app.helpsite.build import build_site, plugin

    config = synthetic.ours(site_build.ROOT, tmp_path / "src", 8)
    build_site(config, tmp_path / "fast", parallel=False)

    on_env = plugin.LanguagePlugin.on_env

    def without_reuse(self, env, config, files):
        env = on_env(self, env, config, files)
        del env.globals["innboks_nav_items"]  # overrides/partials/nav.html then renders every item
        return env

    monkeypatch.setattr(plugin.LanguagePlugin, "on_env", without_reuse)
    build_site(config, tmp_path / "plain", parallel=False)

    for url in ("", "side-0003/", "side-0007/"):
        fast = _navigation(tmp_path / "fast" / "en" / url / "index.html", url)
        plain = _navigation(tmp_path / "plain" / "en" / url / "index.html", url)
        assert fast == plain
        assert sum("md-nav__link--active" in classes for _, _, _, classes, _ in fast) >= 1
