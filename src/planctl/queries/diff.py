"""What changed between two revisions of a plan, by meaning: a pure function over two plans.

Both plans are flattened into entries in document order (`entries`, the one place that walks
the model), matched, and compared field by field. Schedule tasks and units match by their
ID or name; numbered paragraphs, strategies and methods match by their text first (a new
paragraph renumbers the ones after it, which must not read as every text rewritten), then by
number, then by similarity; whatever is left is added or removed. Texts are compared by
tokens — each Chinese character is one, a run of Latin letters or digits is one — because
Chinese has no spaces to split words on; the marks are merged into readable runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher

from planctl.plan.model import (
    GoalsPart,
    Method,
    Paragraph,
    PeriodPart,
    Plan,
    SchedulePart,
    StrategyPart,
    TextPart,
)

Value = str | tuple[int, ...] | tuple[str, ...] | None
SIMILAR = 0.6
"""Two texts at least this similar (difflib ratio) are one entry reworded, not two."""
KEYED = frozenset({"header", "unit", "part", "table", "task"})
"""Kinds whose key is an identity (an ID, a name): matched by key before anything else."""


@dataclass(frozen=True)
class PlanElement:
    """One thing of the document that can change: its kind, identity, place and content.

    `parent` names the container (a task's table and item) to tell moves; `context` is the
    human label of that place (`附件 登記課及資料課 編號 1 104年度清查人口作業`)."""

    kind: str
    key: tuple[str, ...]
    context: str
    label: str
    text: str
    attrs: dict[str, Value] = field(default_factory=dict)
    parent: tuple[str, ...] = ()
    title: str = ""
    """The document's own name for this kind of entry (its column heading: 工作重點), if any."""
    within: str = ""
    """A task's item (`編號1 104年度清查人口作業`); `context` is then its table and item."""

    @property
    def group(self) -> str:
        """The part of the document it belongs to (`附件 登記課及資料課`, `伍、執行策略與方法`)."""
        if self.within:
            return self.context.removesuffix(self.within).rstrip()
        return self.context


@dataclass(frozen=True)
class Segment:
    """A run of text: `=` in both, `-` only in the old text, `+` only in the new."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: Value
    new: Value


@dataclass(frozen=True)
class Change:
    """An entry added (old is None), removed (new is None) or changed."""

    old: PlanElement | None
    new: PlanElement | None
    text: tuple[Segment, ...] = ()
    fields: tuple[FieldChange, ...] = ()
    moved: bool = False
    """Now under another container (a task under another item or section)."""

    @property
    def action(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def entry(self) -> PlanElement:
        entry = self.new or self.old
        assert entry is not None
        return entry

    @property
    def rekeyed(self) -> bool:
        """Matched by its text although its ID (or name) changed."""
        return bool(self.old and self.new and self.old.key != self.new.key)


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """Every change from `old` to `new`, in the new document's order (removed entries where
    they stood); empty when the plans say the same."""
    before, after = entries(old), entries(new)
    pairs = _match(before, after)
    changes: list[tuple[float, Change]] = []
    matched_old = {i: j for j, i in pairs.items()}
    renamed = {_ident(before[i]): _ident(after[j]) for j, i in pairs.items()}
    for j, entry in enumerate(after):
        i = pairs.get(j)
        change = Change(None, entry) if i is None else _compare(before[i], entry, renamed)
        if (
            change.action == "added"
            or change.text
            or change.fields
            or _rekeyed_itself(change, renamed)
            or change.moved
        ):
            changes.append((j, change))
    for i, entry in enumerate(before):
        if i not in matched_old:
            changes.append((_place_of_removed(i, matched_old), Change(entry, None)))
    return [change for _, change in sorted(changes, key=lambda pair: pair[0])]


def _rekeyed_itself(change: Change, renamed: dict[tuple[str, ...], tuple[str, ...]]) -> bool:
    """Rekeyed, and not only because its container was: the paragraphs of a part renumbered
    (伍、 to 五、) keep their own keys under it, and are no change of their own (the 修正對照表
    listed each of them, with nothing to say)."""
    old, new = change.old, change.new
    if old is None or new is None or old.key == new.key:
        return False
    parent, now = old.parent[1:], renamed.get(old.parent, old.parent)[1:]
    if parent != now and old.key[: len(parent)] == parent:
        return (*now, *old.key[len(parent) :]) != new.key
    return True


def _place_of_removed(i: int, matched_old: dict[int, int]) -> float:
    """Just after where the nearest earlier surviving entry now stands."""
    earlier = [matched_old[k] for k in range(i - 1, -1, -1) if k in matched_old]
    return (earlier[0] if earlier else -1) + 0.5 + i / 1e6


Keys = Callable[[PlanElement], list[Hashable]]
Check = Callable[[PlanElement, PlanElement], bool]
SIMILARITY_PAIRS = 250_000
"""Beyond this many (old, new) pairs of one kind left unmatched, texts are not compared for
similarity (they are reported added and removed): it would take minutes, not seconds."""


def _match(before: list[PlanElement], after: list[PlanElement]) -> dict[int, int]:
    """new index → old index, in phases from the surest to the loosest; each phase looks its
    candidates up in an index, so a plan of 20,000 tasks is matched in linear time."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for old_keys, new_keys, check in PHASES:
        index: dict[tuple[str, Hashable], list[int]] = {}
        for i, entry in enumerate(before):
            if i not in taken:
                for key in old_keys(entry):
                    index.setdefault((entry.kind, key), []).append(i)
        for j, entry in enumerate(after):
            if j in pairs:
                continue
            for key in new_keys(entry):
                candidates = index.get((entry.kind, key), [])
                hit = next(
                    (i for i in candidates if i not in taken and check(before[i], entry)), None
                )
                if hit is not None:
                    pairs[j] = hit
                    taken.add(hit)
                    break
    kinds = dict.fromkeys(entry.kind for entry in after)
    for kind in kinds:
        olds = [i for i, entry in enumerate(before) if entry.kind == kind and i not in taken]
        news = [j for j, entry in enumerate(after) if entry.kind == kind and j not in pairs]
        if len(olds) * len(news) <= SIMILARITY_PAIRS:
            _match_similar(before, after, olds, news, pairs)
    return pairs


def _id(entry: PlanElement) -> list[Hashable]:
    return [entry.key] if entry.kind in KEYED else []


def _names(entry: PlanElement) -> list[Hashable]:
    """A unit's name and aliases: a unit renamed keeps its old name as an alias (or the new
    name was an alias already)."""
    if entry.kind != "unit":
        return []
    aliases = entry.attrs.get("aliases") or ()
    return [entry.key[0], *aliases]


def _key_and_text(entry: PlanElement) -> list[Hashable]:
    return [(entry.key, entry.text)]


def _text_and_place(entry: PlanElement) -> list[Hashable]:
    return [(entry.text, entry.parent)] if entry.text else []


def _text(entry: PlanElement) -> list[Hashable]:
    """An empty text (a part without a lead text) says nothing about what an entry is."""
    return [entry.text] if entry.text else []


def _key(entry: PlanElement) -> list[Hashable]:
    return [entry.key]


def _any(a: PlanElement, b: PlanElement) -> bool:
    return True


def _alike(a: PlanElement, b: PlanElement) -> bool:
    """Same number, text reworded (not rewritten beyond recognition)."""
    return similarity(a.text, b.text) >= SIMILAR / 2


PHASES: tuple[tuple[Keys, Keys, Check], ...] = (
    (_id, _id, _any),
    (_names, _names, _any),
    (_key_and_text, _key_and_text, _any),
    (_text_and_place, _text_and_place, _any),
    (_text, _text, _any),
    (_key, _key, _alike),
)


def _match_similar(
    before: list[PlanElement],
    after: list[PlanElement],
    olds: list[int],
    news: list[int],
    pairs: dict[int, int],
) -> None:
    """Pair the most similar texts first, down to SIMILAR."""
    scored = sorted(
        (
            (score, i, j)
            for i in olds
            for j in news
            if (score := similarity(before[i].text, after[j].text)) >= SIMILAR
        ),
        reverse=True,
    )
    used_old: set[int] = set()
    for _, i, j in scored:
        if i not in used_old and j not in pairs:
            pairs[j] = i
            used_old.add(i)


def similarity(a: str, b: str) -> float:
    """difflib's ratio, after its cheap upper bounds rule most pairs out."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR / 2 or matcher.quick_ratio() < SIMILAR / 2:
        return 0.0
    return matcher.ratio()


def _ident(entry: PlanElement) -> tuple[str, ...]:
    return (entry.kind, *entry.key)


def _compare(
    old: PlanElement, new: PlanElement, renamed: dict[tuple[str, ...], tuple[str, ...]]
) -> Change:
    text = tuple(word_diff(old.text, new.text)) if old.text != new.text else ()
    names = list(dict.fromkeys([*old.attrs, *new.attrs]))
    fields = tuple(
        FieldChange(name, old.attrs.get(name), new.attrs.get(name))
        for name in names
        if old.attrs.get(name) != new.attrs.get(name)
    )
    moved = renamed.get(old.parent, old.parent) != new.parent
    return Change(old, new, text, fields, moved)


_TOKEN = re.compile(r"[A-Za-z0-9]+|\s+|.", re.DOTALL)


def word_diff(old: str, new: str) -> list[Segment]:
    """The two texts as runs kept, deleted and inserted. An unchanged run of one character
    between two changes is folded into them (「於104年2月4日」→「於105年3月1日」 reads as one
    change, not three), and a rewrite that keeps almost nothing is shown whole."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < 0.3:
        return [s for s in (Segment("-", old), Segment("+", new)) if s.text]
    chunks: list[tuple[str, str, str]] = [
        (tag, "".join(a[i1:i2]), "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    merged: list[tuple[str, str, str]] = []
    for index, (tag, was, now) in enumerate(chunks):
        between = 0 < index < len(chunks) - 1 and len(was) <= 1
        if tag == "equal" and not between:
            merged.append((tag, was, now))
        elif merged and merged[-1][0] == "change":
            _, was_before, now_before = merged.pop()
            merged.append(("change", was_before + was, now_before + now))
        else:
            merged.append(("change", was, now))
    return list(_segments(merged))


def _segments(chunks: list[tuple[str, str, str]]) -> Iterator[Segment]:
    for tag, was, now in chunks:
        if tag == "equal":
            yield Segment("=", was)
            continue
        if was:
            yield Segment("-", was)
        if now:
            yield Segment("+", now)


# --- the one place that walks the plan model ---------------------------------------------------


def entries(plan: Plan) -> list[PlanElement]:
    """The plan as entries in document order."""
    found = [
        PlanElement("header", ("title",), "", "計畫名稱", plan.title),
        PlanElement("header", ("office",), "", "機關", plan.office),
        PlanElement("header", ("year",), "", "年度", "", {"year": str(plan.year)}),
    ]
    found.extend(_approvals(plan))
    for unit in plan.units:
        found.append(
            PlanElement(
                "unit",
                (unit.name,),
                "單位",
                unit.name,
                unit.name,
                {"aliases": tuple(unit.aliases), "unit_kind": unit.kind},
            )
        )
    seen: dict[str, int] = {}
    for part in plan.parts:
        seen[part.kind] = seen.get(part.kind, 0) + 1
        key = (part.kind, part.number or part.heading or str(seen[part.kind]))
        found.extend(_part_entries(part, key))
    return found


def _approvals(plan: Plan) -> Iterator[PlanElement]:
    """Each record as the document prints it under the title (its text, so a changed date
    is marked in the line), and its fields, which the 說明 column names one by one. Keyed
    by kind and date: two records of one plan differ in at least one of them."""
    for approval in plan.approvals:
        day = approval.date.isoformat()
        attrs: dict[str, Value] = {
            "kind": approval.kind,
            "date": day,
            "ref": approval.ref,
            "note": approval.note,
        }
        yield PlanElement(
            "approval",
            (approval.kind, day),
            "",
            "",  # its place is its kind (修訂紀錄); the line itself is the text
            approval.line,
            attrs,
            title=f"{approval.kind}紀錄",
        )


def revision_date(plan: Plan) -> date | None:
    """The date of the plan's last revision or approval, as its records give it."""
    last = plan.last_approval
    return last.date if last else None


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def _heading(part: object) -> str:
    number, heading = getattr(part, "number", None), getattr(part, "heading", None)
    return "".join(filter(None, [number, heading])) or "條文"


def _part_entries(part: object, key: tuple[str, ...]) -> Iterator[PlanElement]:
    heading = _heading(part)
    attrs: dict[str, Value] = {
        "number": getattr(part, "number", None),
        "heading": getattr(part, "heading", None),
        "note": getattr(part, "note", None),
        "part_kind": key[0],  # the key begins with the kind
    }
    if isinstance(part, PeriodPart):
        attrs.update(start=_date(part.start), end=_date(part.end))
    text = getattr(part, "text", None) or ""
    # every part is the plan's: a part whose kind changes (條文 to 計畫依據) has not moved
    yield PlanElement("part", key, "", heading, text, attrs, ("plan",))
    if isinstance(part, TextPart | GoalsPart):
        yield from _paragraphs(part.items, key, heading)
    if isinstance(part, GoalsPart) and part.acronym:
        for letter in part.acronym.letters:
            text = f"{letter.letter} {letter.word}({letter.meaning})"
            yield PlanElement(
                "letter", (*key, letter.letter), heading, letter.letter, text, {}, ("part", *key)
            )
    if isinstance(part, StrategyPart):
        labels = [column.label for column in part.header for _ in range(column.span)]
        titles = dict(zip(("principle", "strategy", "method"), labels[: part.levels], strict=False))
        for entry in _strategies(part, key, heading):
            yield replace(entry, title=titles.get(entry.kind, ""))
    if isinstance(part, SchedulePart):
        yield from _schedules(part, heading)


def _paragraphs(
    items: list[Paragraph], key: tuple[str, ...], heading: str
) -> Iterator[PlanElement]:
    for index, item in enumerate(items, 1):
        number = item.number or str(index)
        attrs: dict[str, Value] = {
            "number": item.number,
            "deadline": _date(item.deadline),
            "note": item.note,
        }
        yield PlanElement(
            "paragraph", (*key, number), heading, number, item.text, attrs, ("part", *key)
        )


def _strategies(part: StrategyPart, key: tuple[str, ...], heading: str) -> Iterator[PlanElement]:
    for p_index, principle in enumerate(part.principles, 1):
        p_key = (*key, principle.number or str(p_index))
        p_label = principle.number or ""
        attrs: dict[str, Value] = {"number": principle.number, "note": principle.note}
        yield PlanElement(
            "principle", p_key, heading, p_label, principle.text, attrs, ("part", *key)
        )
        for s_index, strategy in enumerate(principle.strategies, 1):
            s_key = (*p_key, strategy.number or str(s_index))
            s_label = p_label + (strategy.number or "")
            attrs = {
                "number": strategy.number,
                "units": tuple(strategy.units),
                "note": strategy.note,
            }
            yield PlanElement(
                "strategy", s_key, heading, s_label, strategy.text, attrs, ("principle", *p_key)
            )
            for m_index, method in enumerate(strategy.methods, 1):
                yield from _method(method, (*s_key, str(m_index)), heading, s_label)


def _method(
    method: Method, key: tuple[str, ...], heading: str, label: str
) -> Iterator[PlanElement]:
    m_label = label + (method.number or "")
    attrs: dict[str, Value] = {
        "number": method.number,
        "units": tuple(method.units),
        "note": method.note,
    }
    yield PlanElement("method", key, heading, m_label, method.text, attrs, ("strategy", *key[:-1]))
    for index, sub in enumerate(method.subitems, 1):
        attrs = {"number": sub.number, "units": tuple(sub.units), "note": sub.note}
        sub_label = m_label + (sub.number or "")
        yield PlanElement(
            "subitem", (*key, str(index)), heading, sub_label, sub.text, attrs, ("method", *key)
        )


def _schedules(part: SchedulePart, heading: str) -> Iterator[PlanElement]:
    for table in part.tables:
        attrs: dict[str, Value] = {
            "section": table.section,
            "units": tuple(table.units),
            "note": table.note,
        }
        context = f"{heading} {table.section}".strip()
        yield PlanElement("table", (table.code,), context, table.section, table.title or "", attrs)
        for item in table.items:
            item_key = (table.code, str(item.number))
            within = " ".join(filter(None, [f"編號{item.number}", item.name]))
            item_context = f"{context} {within}"
            attrs = {"number": str(item.number), "note": item.note}
            label = f"編號{item.number}"
            name = item.name or ""
            yield PlanElement("item", item_key, context, label, name, attrs, ("table", table.code))
            for task in item.tasks:
                attrs = {"months": tuple(task.month_numbers), "note": task.note}
                yield PlanElement(
                    "task",
                    (task.id,),
                    item_context,
                    task.id,
                    task.text,
                    attrs,
                    ("item", *item_key),
                    within=within,
                )
