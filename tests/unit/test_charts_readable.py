"""Charts people can read (issue 19): round ticks, axis titles, text size in drawing units."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ckanext.dgplan.kpi.charts import FONT_SIZE, WIDTH, bar_chart_svg, line_chart_svg, nice_ticks

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("low, high, expected", [
    (33.8, 71, [30, 40, 50, 60, 70, 80]),  # the 33.80, 52.40, 71
    (40, 102, [40, 60, 80, 100, 120]),
    (0.72, 0.9, [0.7, 0.75, 0.8, 0.85, 0.9]),
    (0, 5400, [0, 2000, 4000, 6000]),
    (52, 52, [45, 50, 55, 60]),
])
def test_ticks_are_round_and_cover_the_data(low, high, expected):
    ticks = nice_ticks(low, high)
    assert ticks == pytest.approx(expected)
    assert ticks[0] <= low and ticks[-1] >= high


def test_line_chart_has_axis_titles_and_readable_text():
    svg = line_chart_svg([2565, 2567, 2570], [55, 52, None], [None, None, 40], title="EGDI", invert=True,
                         x_title="ปีงบประมาณ (พ.ศ.)", y_title="อันดับ (น้อยดีกว่า อยู่บน)")
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "ปีงบประมาณ (พ.ศ.)" in texts and "อันดับ (น้อยดีกว่า อยู่บน)" in texts
    assert "33.80" not in texts and "40" in texts
    # 14 units of text in a 440-unit drawing: >= 12 px from 378 px wide, >= 10 px from 315 px.
    assert root.get("viewBox") == f"0 0 {WIDTH} 300" and root.get("font-size") == str(FONT_SIZE)
    assert not [t for t in root.iter(f"{NS}text") if t.get("font-size")]  # nothing smaller inside


def test_bar_chart_legend_lists_long_names_one_per_line():
    name = "ส่งเสริมการมีส่วนร่วมของประชาชน และเปิดเผยข้อมูลเปิดภาครัฐ เพื่อความโปร่งใส"
    root = ET.fromstring(bar_chart_svg(["2567"], [(name, [5e9]), ("S2", [1e9])], title="b", scale=1e6,
                                       scale_label="ล้านบาท", x_title="ปีงบประมาณ (พ.ศ.)"))
    legend = [t.text for t in root.iter(f"{NS}text") if t.text and t.text.startswith(("ส่งเสริม", "S2"))]
    assert legend == [name[:49] + "…", "S2"]
    assert "ล้านบาท" in [t.text for t in root.iter(f"{NS}text")]
