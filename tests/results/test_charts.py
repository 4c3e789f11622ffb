"""Server-drawn SVG charts: well-formed, labels escaped, values written beside the marks."""

import xml.etree.ElementTree as ET

from judging.results.ranking.charts import BarRow, BoxRow, box_plot, diverging_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    return [element.text or "" for element in ET.fromstring(svg).iter(f"{SVG}text")]


def _box(**fields) -> str:
    options = {
        "chart_id": "box",
        "title": "Scores",
        "description": "Per judge",
        "axis_label": "Score",
        "legend": "Box: quartiles",
        "count_text": "n = %(n)s",
        "empty_text": "No scores",
    }
    return box_plot(fields.pop("rows"), **{**options, **fields})


def _bars(rows) -> str:
    return diverging_bar_chart(
        rows,
        chart_id="bars",
        title="Leniency",
        description="Points",
        axis_label="Points",
        negative_label="stricter",
        positive_label="more lenient",
        missing_text="Not compared",
    )


def test_box_plot_escapes_labels_and_stays_well_formed():
    label = 'Dr. <Anna> & "Müller" 张敏'
    svg = _box(rows=[BoxRow(label, 3, 10, 20, 30, 40, 50, 31)])
    root = ET.fromstring(svg)
    assert label in {element.text for element in root.iter(f"{SVG}title")}
    assert "&lt;Anna&gt; &amp;" in svg


def test_box_plot_writes_each_rows_count_and_marks_empty_rows():
    svg = _box(
        rows=[
            BoxRow("Panel", 6, 0, 25, 50, 75, 100, 50, emphasis=True),
            BoxRow("Nobody", 0, None, None, None, None, None, None),
        ]
    )
    texts = _texts(svg)
    assert "n = 6" in texts
    assert "No scores" in texts
    bold = [e.text for e in ET.fromstring(svg).iter(f"{SVG}text") if e.get("font-weight")]
    assert "Panel" in bold


def test_box_plot_uses_no_style_attributes():
    svg = _box(rows=[BoxRow("A", 2, 1, 2, 3, 4, 5, 3)], reference=3, reference_label="median")
    assert "style=" not in svg
    assert "median" in _texts(svg)


def test_bars_are_signed_hatched_when_negative_and_missing_values_say_so():
    svg = _bars([BarRow("Lenient", 4.26), BarRow("Strict", -3.0), BarRow("Alone", None)])
    texts = _texts(svg)
    assert "+4.3" in texts
    assert "\u22123.0" in texts
    assert "Not compared" in texts
    fills = [rect.get("fill") for rect in ET.fromstring(svg).iter(f"{SVG}rect")]
    assert "url(#bars-hatch)" in fills


def test_bar_axis_is_symmetric_and_leaves_room_for_the_labels():
    svg = _bars([BarRow("Far", 9.9)])
    ticks = [text for text in _texts(svg) if text.lstrip("+\u2212").isdigit()]
    assert (ticks[0], ticks[-1]) == ("\u221215", "+15")


def _text_at(svg: str, content: str) -> ET.Element:
    return next(e for e in ET.fromstring(svg).iter(f"{SVG}text") if e.text == content)


def test_a_negative_bars_value_stands_right_of_zero_clear_of_the_row_label():
    svg = _bars([BarRow("Kenji Tanaka", -16.7, "(n = 40)"), BarRow("Chen Jie", 2.0)])
    zero = 300 + (1000 - 120 - 300) / 2
    value = _text_at(svg, "\u221216.7 (n = 40)")
    assert float(value.get("x")) > zero
    assert value.get("text-anchor") == "start"


def test_long_labels_are_cut_to_their_room_and_keep_the_whole_label_as_tooltip():
    chinese = "中国门户大师创新创业大赛国际评审委员会主任委员张敏教授"
    svg = _box(rows=[BoxRow(chinese, 3, 10, 20, 30, 40, 50, 31)])
    shown = [text for text in _texts(svg) if text.endswith("…")]
    assert len(shown) == 1
    # Chinese characters take about one em each: at 20 px in 276 px, 13 of them and the "…".
    assert chinese.startswith(shown[0][:-1])
    assert len(shown[0]) == 14
    assert chinese in {e.text for e in ET.fromstring(svg).iter(f"{SVG}title")}
    assert "Sarah Cohen" in _texts(_box(rows=[BoxRow("Sarah Cohen", 3, 10, 20, 30, 40, 50, 31)]))


def test_a_title_too_long_for_the_chart_is_set_smaller_to_fit():
    short = _text_at(_box(rows=[], title="Scores"), "Scores")
    long_title = "Leniency: each judge against the other judges of the same projects"
    long = _text_at(_box(rows=[], title=long_title), long_title)
    assert int(short.get("font-size")) == 26
    assert int(long.get("font-size")) < 26
    assert len(long_title) * 0.6 * int(long.get("font-size")) <= 1000 - 32
