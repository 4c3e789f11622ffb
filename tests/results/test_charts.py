"""Server-drawn SVG charts: well-formed, labels escaped, values written beside the marks."""

import xml.etree.ElementTree as ET

from judging.results.charts import BarRow, BoxRow, box_plot, diverging_bar_chart

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
