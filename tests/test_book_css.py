"""book.css: every text colour on its background reaches a contrast of 4.5:1 (WCAG AA), in the light and
the dark theme; the figure's bars reach 3:1 against the page (a graphic, not text)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

CSS = (ROOT / "src" / "sourcequiz" / "static" / "book.css").read_text(encoding="utf-8")
TEXT_PAIRS = [("--sq-cite-fg", "--sq-page-bg"), ("--sq-muted-fg", "--sq-page-bg"), ("--sq-mark-fg", "--sq-mark-bg"),
              ("--sq-panel-fg", "--sq-panel-bg"), ("--sq-muted-fg", "--sq-panel-bg"), ("--sq-bad-fg", "--sq-bad-bg"),
              ("--sq-warn-fg", "--sq-warn-bg"), ("--sq-ok-fg", "--sq-ok-bg")]


def palette(selector: str) -> dict[str, str]:
    block = re.search(re.escape(selector) + r"\s*\{(.*?)\}", CSS, re.S)
    assert block, f"book.css has no {selector} block"
    return dict(re.findall(r"(--sq-[a-z-]+):\s*(#[0-9a-fA-F]{6})", block.group(1)))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ['html[data-theme="light"]', 'html[data-theme="dark"]'])
def test_text_contrast(theme):
    colours = palette(theme)
    for fg, bg in TEXT_PAIRS:
        ratio = contrast(colours[fg], colours[bg])
        assert ratio >= 4.5, f"{theme}: {fg} on {bg} is {ratio:.2f}:1"
    assert contrast(colours["--sq-bar"], colours["--sq-page-bg"]) >= 3


def test_both_themes_define_every_colour():
    assert palette('html[data-theme="light"]').keys() == palette('html[data-theme="dark"]').keys()


def test_contrast_helper():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5
