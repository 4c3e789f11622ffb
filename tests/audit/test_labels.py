"""Every kind of audit event the code records has a label in both languages, and the
histories show labels, not the stored codes."""

from __future__ import annotations

import ast

from judging.audit.labels import ACTION_LABELS, action_label
from judging.i18n import translate
from judging.settings import PROJECT_ROOT
from tests.submissions.organizer_world import add_project, sign_in_organizer


def _callee(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _literals(node: ast.expr) -> set[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return body | orelse if body is not None and orelse is not None else None
    return None


def _recorded_actions() -> tuple[set[str], list[str]]:
    """The kinds passed to ``audit.record`` anywhere in ``judging/``, directly or through a
    helper that hands its own ``action`` parameter on; and the calls whose kind is not a
    literal (each must be resolvable, or the test could not see what they record)."""
    trees = {
        path: ast.parse(path.read_text())
        for path in (PROJECT_ROOT / "judging").rglob("*.py")
        if "piccolo_migrations" not in path.parts
    }
    forwarders: dict[str, int] = {}
    for tree in trees.values():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = [arg.arg for arg in function.args.args + function.args.kwonlyargs]
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and _callee(call) == "record":
                    for keyword in call.keywords:
                        value = keyword.value
                        forwards = isinstance(value, ast.Name) and value.id == "action"
                        if keyword.arg == "action" and forwards and "action" in params:
                            forwarders[function.name] = params.index("action")
    actions: set[str] = set()
    opaque: list[str] = []
    for path, tree in trees.items():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = _callee(call)
            if name == "record":
                given = [k.value for k in call.keywords if k.arg == "action"]
                given = [value for value in given if not isinstance(value, ast.Name)]
            elif name in forwarders:
                position = forwarders[name]
                given = [k.value for k in call.keywords if k.arg == "action"]
                given = given or call.args[position : position + 1]
            else:
                continue
            for value in given:
                found = _literals(value)
                if found is None:
                    opaque.append(f"{path.relative_to(PROJECT_ROOT)}:{call.lineno}")
                else:
                    actions |= found
    return actions, opaque


def test_every_recorded_event_kind_has_a_label():
    actions, opaque = _recorded_actions()
    assert not opaque, f"audit kinds this test cannot read: {opaque}"
    assert {"deck_uploaded", "policy_adopted", "published", "excluded"} <= actions
    assert sorted(actions - ACTION_LABELS.keys()) == []


def test_every_label_is_translated_into_chinese():
    untranslated = [msgid for msgid in ACTION_LABELS.values() if translate("zh_CN", msgid) == msgid]
    assert untranslated == []


def test_an_event_kind_without_a_label_still_reads_as_words():
    assert action_label("seat_moved_twice", "en") == "Seat moved twice"
    assert action_label("deck_uploaded", "en") == "Pitch deck uploaded"
    assert action_label("deck_uploaded", "zh_CN") == "已上传路演材料"


async def test_the_submission_history_names_events_and_statuses_in_words(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Audited words")
    await client.post_form(
        f"/organize/{demo.id}/submissions/{project.id}/disqualify",
        {"reason": "Copied slides."},
    )
    client.http.cookies.set("lang", "zh_CN")
    page = (
        await client.get(
            f"/organize/{demo.id}/submissions/{project.id}", headers={"accept-language": "zh-CN"}
        )
    ).text
    history = page.split('id="history-heading"')[1].split("</table>")[0]
    assert "已取消资格" in history
    assert "已提交 → 已取消资格" in history
    assert "disqualified" not in history
