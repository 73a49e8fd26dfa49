"""The one registry of check codes: severity, summary, why it matters, how to fix it, an example.

The README's code table (`python -m planctl.rules.registry`, checked by `tests/test_readme.py`)
and `planctl explain` are both generated from it, so they cannot drift. Every `PCnnn` that
planctl reports is here.
"""

from __future__ import annotations

from dataclasses import dataclass

from planctl.plan.findings import Severity


@dataclass(frozen=True)
class Code:
    """A check code: stable across releases, documented in the README and by `explain`."""

    code: str
    severity: Severity
    summary: str
    """What it means, one line (the README table's last column)."""
    why: str
    """Why it matters: what goes wrong for the office if the finding is left in."""
    fix: str
    """How to fix it."""
    bad: str
    """A YAML excerpt that has the problem."""
    good: str
    """The same excerpt, fixed."""


E, W = Severity.ERROR, Severity.WARNING

_SMILE = "acronym:\n  word: SMILE\n  letters:\n    - {letter: S, word: Speed, meaning: 速度}\n"
_TASK = "tasks:\n  - id: reg-1.1\n    text: 清查百歲人瑞\n"

CODES: dict[str, Code] = {
    code.code: code
    for code in (
        Code(
            "PC001",
            E,
            "YAML syntax error (tabs for indentation, unclosed brackets, a control character, a "
            "second document after `---`, …)",
            why="The file cannot be read at all, so nothing else in it can be checked and no "
            "command can answer from it. The position is where the YAML parser gave up; the "
            "mistake is often just before it (an unclosed `[` a line or two above).",
            fix="Look at the line shown and the one before it: indent with spaces (never tabs), "
            "close every `[`/`{` and quote, remove a stray `:` inside text (or quote the text), "
            "and keep one document per file (no second `---`).",
            bad="tasks:\n  - id: reg-1.1\n    months: [1, 2\n",
            good="tasks:\n  - id: reg-1.1\n    months: [1, 2]\n",
        ),
        Code(
            "PC002",
            E,
            "the same key twice in one mapping (YAML would silently keep one)",
            why="YAML tools keep only one of the two values without a word, so half of what was "
            "typed (often a whole 工作內容 pasted twice and then edited) would vanish from "
            "every report.",
            fix="Keep one of the keys: merge the two values, or rename the second if it was "
            "meant to be another key. The hint names the line of the first.",
            bad=_TASK + "    text: 清查死亡通報\n",
            good=_TASK,
        ),
        Code(
            "PC003",
            E,
            "an alias (`*name`) or merge key (`<<`): plans are written out in full",
            why="An alias makes one value stand for another place in the file: a reader (or "
            "a clerk diffing two revisions) cannot see what the plan says where it says it, "
            'and a chain of aliases can expand to gigabytes (a "billion laughs" file).',
            fix="Write the value out again where it is used, and delete the anchor (`&name`).",
            bad="units: &reg [戶籍登記課]\n…\n    units: *reg\n",
            good="units: [戶籍登記課]\n…\n    units: [戶籍登記課]\n",
        ),
        Code(
            "PC004",
            E,
            "a tag (`!!python/…`, `!!binary`, `!include`, …), or a value its standard tag "
            "cannot read (`!!int 一`): never constructed",
            why="Tags make YAML build objects or read other files; in a file that many people "
            "edit that is a way to run code on the IT desk's machine. planctl never constructs "
            "them, and a plan needs nothing but text, numbers, lists and mappings.",
            fix="Remove the tag and write the plain value; quote it if it should be text.",
            bad="title: !!python/object/apply:os.system [echo hi]\n",
            good="title: 臺北市中正區戶政事務所104年度提升服務品質實施計畫\n",
        ),
        Code(
            "PC005",
            E,
            "empty document: no plan in the file",
            why="A file under plans/ that holds nothing (or only comments) is almost always a "
            "save that went wrong; passing it silently would let CI go green on an empty plan.",
            fix="Restore the file from version control (`git checkout -- FILE`), or delete it "
            "if it is not a plan.",
            bad="# 104年度計畫（待補）\n",
            good="title: 臺北市中正區戶政事務所104年度提升服務品質實施計畫\noffice: …\n",
        ),
        Code(
            "PC006",
            E,
            "nesting deeper than 64 levels",
            why="A real plan nests about a dozen levels deep. Deeper nesting is a broken file "
            "(brackets opened and never closed) or an attempt to exhaust the reader; planctl "
            "stops there rather than use unbounded memory.",
            fix="Look for `[` or `{` that are opened and never closed, or indentation that "
            "keeps growing; write the plan in block style, one key per line.",
            bad="months: [[[[[[[[[[[[ … 3 ]]]]]]]]]]]]\n",
            good="months: [3]\n",
        ),
        Code(
            "PC101",
            E,
            "a required key is missing",
            why="Every report needs the key: without a task's `text` the 工作內容 column would "
            "be empty, without `months` `due` could not know when it is due.",
            fix="Add the key named in the message at the place shown (the mapping that lacks "
            "it); docs/plan-format.md lists the keys of each part.",
            bad="tasks:\n  - id: reg-1.1\n    months: [1-2]\n",
            good="tasks:\n  - id: reg-1.1\n    text: 清查百歲人瑞\n    months: [1-2]\n",
        ),
        Code(
            "PC102",
            E,
            "an unknown key (a typo: the hint suggests the known key)",
            why="A misspelt key would otherwise be ignored: `month:` instead of `months:` would "
            "leave the task unscheduled without anyone noticing.",
            fix="Correct the spelling (the hint names the key meant), or move the value to a "
            "`note:` if it is a remark.",
            bad=_TASK + "    month: [1-2]\n",
            good=_TASK + "    months: [1-2]\n",
        ),
        Code(
            "PC103",
            E,
            "a wrong type or value: text expected, a date not written YYYY-MM-DD, an unknown "
            "part `kind`, `no`/`yes` read as true/false …",
            why="YAML guesses types: an unquoted `no` is false, `1.` a number, `2015/2/16` text "
            "rather than a date. The plan would then print or compare something other than "
            "what the document says.",
            fix="Write the value in the form the message asks for: quote text that YAML would "
            'read as something else (`"1."`, `"yes"`), write dates as YYYY-MM-DD, use one '
            "of the part kinds listed in docs/plan-format.md. A plan's `check: {ignore: […]}` "
            "lists codes of warnings only (PC301, or a prefix such as PC3).",
            bad="items:\n  - number: 1.\n    text: 各課室於104年2月16日前提出。\n"
            "    deadline: 104/2/16\n",
            good='items:\n  - number: "1."\n    text: 各課室於104年2月16日前提出。\n'
            "    deadline: 2015-02-16\n",
        ),
        Code(
            "PC201",
            E,
            "a unit not in the plan's `units:` registry (names and aliases count)",
            why="`due --unit` and the 執行課室 column match units by their registered names; a "
            "unit typed differently (登紀課) would drop its rows from that unit's monthly list.",
            fix="Correct the name (the hint suggests the nearest registered one), or add the "
            "unit, or the spelling as an `aliases:` entry, to `units:`.",
            bad="units:\n  - name: 戶籍登記課\n    aliases: [登記課]\n…\n    units: [登紀課]\n",
            good="units:\n  - name: 戶籍登記課\n    aliases: [登記課]\n…\n    units: [登記課]\n",
        ),
        Code(
            "PC202",
            E,
            "a unit name or alias defined twice in the registry",
            why="If one name stands for two units, `due --unit 登記課` cannot know which one is "
            "meant, and rows would go to the wrong section.",
            fix="Give each name or alias to one unit only: delete the repeated alias, or rename "
            "one of the units.",
            bad="units:\n  - name: 戶籍登記課\n    aliases: [登記課]\n  - name: 登記課\n",
            good="units:\n  - name: 戶籍登記課\n    aliases: [登記課]\n",
        ),
        Code(
            "PC203",
            W,
            "one unit listed twice in the same list (also through an alias)",
            why="Listing a unit twice (often once by name and once by alias) prints it twice in "
            "the 執行課室 column; it is usually a copy-paste slip hiding a unit that was meant.",
            fix="Remove the repeat; if another unit was meant, name that one.",
            bad="units: [各課室, 研考, 各課]\n",
            good="units: [各課室, 研考]\n",
        ),
        Code(
            "PC204",
            W,
            "a unit written differently from its `units:` name only by invisible characters (a "
            "zero-width space), full-width forms or 台 for 臺; or a registry name holding an "
            "invisible character",
            why="planctl finds the unit anyway, but other tools (a spreadsheet filter, a "
            "search in the PDF) would not: the two spellings look the same and are different "
            "text. A zero-width space usually comes from pasting out of a web page or a PDF.",
            fix="Retype the name as the registry writes it (the hint shows it); for an "
            "invisible character, delete and retype the whole name.",
            bad='units: [台北市政府, "登記\\u200b課"]  # \\u200b: a zero-width space\n',
            good="units: [臺北市政府, 登記課]\n",
        ),
        Code(
            "PC301",
            W,
            "a task with no months (`months: []`: not known yet)",
            why="A task without months never appears in `due` for any month and its row in "
            "the printed 管制表 has no ■: nobody is reminded of it. It is a warning because the "
            "source document sometimes does not tell the months yet.",
            fix="Fill in the months when they are decided. Until then, say why in a `note:`; "
            "an office that accepts the gap can list PC301 under the plan's "
            "`check: {ignore: [PC301]}` or run `planctl check --ignore PC301`.",
            bad=_TASK + "    months: []\n",
            good=_TASK + "    months: [1-2]\n",
        ),
        Code(
            "PC302",
            E,
            "a month outside 1–12, or a reversed range",
            why="Month 13 or a range `5-3` schedules nothing: the task would drop out of `due` "
            "and show no ■ in the printed table.",
            fix="Use months 1–12 of the plan year, ranges written low to high (`3-5`). Work "
            "that runs into the next year belongs in next year's plan.",
            bad=_TASK + "    months: [11-13]\n",
            good=_TASK + "    months: [11-12]\n",
        ),
        Code(
            "PC303",
            W,
            "a month listed twice in one task",
            why="Harmless for planctl (each month counts once), but it usually means a typo in "
            "a range: `[3-5, 5]` where `[3-5, 6]` was meant.",
            fix="Remove the repeated month, or correct the one that was mistyped.",
            bad=_TASK + "    months: [3-6, 6]\n",
            good=_TASK + "    months: [3-6]\n",
        ),
        Code(
            "PC304",
            E,
            "a task ID that is not a short ASCII name (letters, digits, `.-_`)",
            why="Task IDs are used as keys by scripts, in URLs (the HTML row anchors) and in "
            "CSV files; spaces and Chinese characters break those, and an ID should stay the "
            "same when the 工作內容 is reworded.",
            fix="Use the table's code, the item's 編號 and the row: `reg-2.1`. At most 32 "
            "characters of letters, digits, `.`, `-` and `_`.",
            bad="tasks:\n  - id: 登記 2.1\n",
            good="tasks:\n  - id: reg-2.1\n",
        ),
        Code(
            "PC305",
            E,
            "a task ID used twice in the plan",
            why="An ID names one task everywhere (JSON and CSV output, the row anchors of "
            "the HTML); two tasks with one ID cannot be told apart.",
            fix="Give the second task its own ID, usually the next row number (`reg-1.2`). "
            "The hint names the task that already uses it.",
            bad="tasks:\n  - id: reg-1.1\n    …\n  - id: reg-1.1\n",
            good="tasks:\n  - id: reg-1.1\n    …\n  - id: reg-1.2\n",
        ),
        Code(
            "PC306",
            W,
            "a task ID that does not start with its table's code (`reg-`)",
            why="The prefix tells a reader of a JSON or CSV row which section the task belongs "
            "to; a task copied from another table often keeps the other table's prefix.",
            fix="Rename the ID to start with the table's `code` and a dash. Check nothing "
            "outside the plan refers to the old ID.",
            bad="- section: 人事\n  code: hr\n  items:\n    - number: 9\n      tasks:\n"
            "        - id: reg-9.1\n",
            good="- section: 人事\n  code: hr\n  items:\n    - number: 9\n      tasks:\n"
            "        - id: hr-9.1\n",
        ),
        Code(
            "PC307",
            E,
            "the same 編號 twice in a table (an item repeated after a page break is one item)",
            why="Source documents printed over several pages often repeat an item's 編號 on the "
            "next page; typed in twice, the item would print as two rows with one 編號 and "
            "its tasks would be split.",
            fix="Merge the two items: move the second one's tasks under the first and delete "
            "the repeat.",
            bad="items:\n  - number: 1\n    name: 清查人口\n    tasks: [ … ]\n"
            "  - number: 1\n    name: 清查人口\n    tasks: [ … ]\n",
            good="items:\n  - number: 1\n    name: 清查人口\n    tasks: [ … , … ]\n",
        ),
        Code(
            "PC308",
            W,
            "編號 out of order in a table",
            why="The printed 管制表 follows the file's order; 編號 3 before 2 reads as a "
            "mistake to whoever signs it, and often means an item was pasted in the wrong place.",
            fix="Move the item to its place, or renumber the items if the order is right.",
            bad="items:\n  - number: 2\n    …\n  - number: 1\n    …\n",
            good="items:\n  - number: 1\n    …\n  - number: 2\n    …\n",
        ),
        Code(
            "PC309",
            E,
            "two schedule tables for one section, or with one code",
            why="`due --section` and `render --section` pick a table by its section name or "
            "code; two tables with one name make the choice ambiguous and the task-ID "
            "prefixes collide.",
            fix="Merge the two tables, or give the second its own `section` and `code`.",
            bad="tables:\n  - section: 人事\n    code: hr\n    …\n  - section: 會計\n"
            "    code: hr\n",
            good="tables:\n  - section: 人事\n    code: hr\n    …\n  - section: 會計\n"
            "    code: acc\n",
        ),
        Code(
            "PC401",
            E,
            "a deadline outside the plan year",
            why="A plan covers one year: a deadline in another year never shows up in `due` "
            "for any month of the plan, so nobody is reminded of it. It is usually a 民國 year "
            "converted wrongly (104 + 1911 = 2015).",
            fix="Write the Gregorian date of the plan year: 民國104年2月16日 is 2015-02-16.",
            bad="text: 各課室於104年2月16日前提出。\ndeadline: 2016-02-16\n",
            good="text: 各課室於104年2月16日前提出。\ndeadline: 2015-02-16\n",
        ),
        Code(
            "PC402",
            E,
            "a deadline before the plan's text was written: its first 函頒 or 修訂 date (a later "
            "核定 or 核備 does not count)",
            why="A deadline that had passed before the plan's text was issued or revised cannot "
            "be met by it; usually the month and day are swapped or mistyped. A superior's "
            "核定 or 核備 often comes after the plan's first deadlines, so it does not count.",
            fix="Correct the date to the one the text states; if the step really lies in the "
            "past, update the text and the 修訂 record in `approvals:` together.",
            bad="approvals:\n  - {kind: 修訂, date: 2015-02-04}\n…\n    deadline: 2015-01-16\n",
            good="approvals:\n  - {kind: 修訂, date: 2015-02-04}\n…\n    deadline: 2015-02-16\n",
        ),
        Code(
            "PC403",
            W,
            "a step's deadline is not a date its text states",
            why="The printed plan shows the text, `due` uses the `deadline`: when they differ, "
            "the counter and the paper disagree about when the step is due.",
            fix="Make the `deadline` the date the text states (or correct the text, if the "
            "date was changed on purpose).",
            bad="text: 各課室於104年2月16日前提出。\ndeadline: 2015-02-26\n",
            good="text: 各課室於104年2月16日前提出。\ndeadline: 2015-02-16\n",
        ),
        Code(
            "PC404",
            W,
            "a step's text states a date of the plan year but has no `deadline`",
            why="`due` lists only dated deadlines: a step whose text says 「2月16日前」 but has no "
            "`deadline` key is never shown at the counter in February.",
            fix="Add `deadline:` with the date in YYYY-MM-DD (the hint gives it).",
            bad="- number: 二、\n  text: 各課室於104年2月16日前提出。\n",
            good="- number: 二、\n  text: 各課室於104年2月16日前提出。\n  deadline: 2015-02-16\n",
        ),
        Code(
            "PC405",
            E,
            "the year a title names disagrees with `year` (2015 = 民國104年; 104年度, "
            "民國104年, 一〇四年度 and 2015年度 all read)",
            why="A plan copied from last year's file often keeps last year's `year:` or title; "
            "every month `due` answers would then be for the wrong year.",
            fix="Make `year` the Gregorian form of the title's 民國 year (民國 + 1911), or "
            "correct the title.",
            bad="title: 臺北市中正區戶政事務所104年度提升服務品質實施計畫\nyear: 2014\n",
            good="title: 臺北市中正區戶政事務所104年度提升服務品質實施計畫\nyear: 2015\n",
        ),
        Code(
            "PC406",
            E,
            "the period ends before it starts",
            why="A reversed 實施期間 is a typo in one of the two dates; the printed plan would "
            "state an impossible period.",
            fix="Correct the date that is wrong (compare with the period's text).",
            bad="kind: period\nstart: 2015-03-01\nend: 2015-02-28\n",
            good="kind: period\nstart: 2015-03-01\nend: 2015-12-31\n",
        ),
        Code(
            "PC407",
            E,
            "a period date outside the plan year (`due` would never reach it)",
            why="A 實施期間 that reaches into another year is most often a 民國 year converted "
            "wrongly (民國105年 for 104年); `due` and `status` ask about months of the plan "
            "year, so an end date in another year is never due and the plan's last deadline "
            "silently disappears.",
            fix="Check the date against the text: 民國104年12月31日 is 2015-12-31. A plan that "
            "really runs over two years is two plans, one per year.",
            bad="kind: period\ntext: 至 104 年 12 月 31 日止。\nend: 2016-12-31\n",
            good="kind: period\ntext: 至 104 年 12 月 31 日止。\nend: 2015-12-31\n",
        ),
        Code(
            "PC408",
            W,
            "a text states a date that does not exist (13月45日, 2月30日)",
            why="A date that does not exist (13月45日) is a typing slip in the plan's own "
            "wording; the office would print and sign it as it stands.",
            fix="Correct the text from the source document; if the step has a `deadline:`, make "
            "it the same date.",
            bad="text: 各課室於104年13月45日前提出。\n",
            good="text: 各課室於104年3月15日前提出。\n",
        ),
        Code(
            "PC409",
            W,
            "a period's text states a start or end (to the day, or to the month: "
            "自民國107年1月起至民國107年12月止) that `start:`/`end:` do not carry",
            why="`due` reads the period's end from `end:`, not from the text: a 實施期間 stated "
            "in words but not in `start:`/`end:` is never due, and one that disagrees answers "
            "with the wrong date.",
            fix="Write the dates the text states: to the month, the first and last day of "
            "those months (自民國107年1月起至民國107年12月止: 2018-01-01 and 2018-12-31).",
            bad="kind: period\ntext: 自民國107年1月起至民國107年12月止。\n",
            good="kind: period\ntext: 自民國107年1月起至民國107年12月止。\n"
            "start: 2018-01-01\nend: 2018-12-31\n",
        ),
        Code(
            "PC410",
            E,
            "two plans for the same office and year in one run (the finding names both files)",
            why="`due`, `duties` and `status` would merge the two plans' tasks as if they were "
            "one office's work: every task listed twice, or an old revision's months mixed "
            "with the new one's.",
            fix="Keep one file per office and year: a revised plan replaces the old file (git "
            "keeps the old revision). Check that `office:` and `year:` of a copied plan were "
            "changed.",
            bad="# plans/2015.yaml and plans/2015-revised.yaml, both:\n"
            "office: 臺北市中正區戶政事務所\nyear: 2015\n",
            good="# plans/2015.yaml only (the revision replaces it):\n"
            "office: 臺北市中正區戶政事務所\nyear: 2015\n",
        ),
        Code(
            "PC501",
            E,
            "an empty text (also one of only invisible characters: U+200B, U+3164, U+3000 …)",
            why="An empty `text` prints as an empty cell or line in the printed plan; it is "
            "a place where something was meant to be filled in.",
            fix="Write the text as the source document gives it, or remove the entry.",
            bad='tasks:\n  - id: reg-1.1\n    text: ""\n',
            good="tasks:\n  - id: reg-1.1\n    text: 清查百歲人瑞\n",
        ),
        Code(
            "PC502",
            W,
            "text that begins or ends with spaces",
            why="Spaces (also the full-width space U+3000) pasted with the text shift the "
            "printed cells and make two equal texts compare different in a spreadsheet.",
            fix="Remove the spaces at the start and end (an editor that shows whitespace "
            "helps to see a full-width one).",
            bad='text: "\\u3000清查百歲人瑞 "  # \\u3000: a full-width space\n',
            good="text: 清查百歲人瑞\n",
        ),
        Code(
            "PC503",
            E,
            "the acronym's letters do not spell it (SMILE), or a word does not begin with its "
            "letter",
            why="The 組織目標 acronym is printed letter by letter; a letter out of place or a "
            "word that does not begin with its letter is a visible mistake in the document "
            "the office files.",
            fix="Put the letters in the order of the `word` and make each `word` begin with "
            "its `letter`.",
            bad=_SMILE + "    - {letter: M, word: Learning, meaning: 學習}\n",
            good=_SMILE + "    - {letter: M, word: Merriness, meaning: 愉快}\n",
        ),
        Code(
            "PC601",
            E,
            "a strategy table's `columns:` do not reach its units column (one per numbering "
            "level, then the units; `{label: …, span: 2}` covers two)",
            why="Each numbering level of the strategy table (要領, 策略, 方法) is a column; with "
            "fewer labels than levels, a column of the plan's text would print under the "
            "wrong heading or not at all.",
            fix="Give one label per level, then the units column (and any further columns); a "
            "header that spans two levels is `{label: 工作要領, span: 2}`.",
            bad="columns: [工作要領, 業務單位]   # over principles, strategies and methods\n",
            good="columns: [{label: 工作要領, span: 2}, 工作重點, 業務單位]\n",
        ),
        Code(
            "PC602",
            E,
            "units on both a strategy and one of its methods",
            why="A unit cell shared by a strategy's rows and units on one of its methods cannot "
            "both be printed in one column: the table would say two things about who does it.",
            fix="Keep the units where the printed table has them: on the strategy (one "
            "spanning cell) or on each method.",
            bad="- text: 訂定計畫。\n  units: [研考]\n  methods:\n    - text: 充實設備\n"
            "      units: [總務]\n",
            good="- text: 訂定計畫。\n  methods:\n    - text: 充實設備\n      units: [總務]\n",
        ),
        Code(
            "PC603",
            E,
            "a row's `cells` name a column the table's `columns:` do not have",
            why="A cell under a heading the table does not have is never printed: its text "
            "would be lost from every output.",
            fix="Name the cell by one of the table's `columns:` labels, or add the column.",
            bad="columns: [實施策略, 推動方法, 完成期限, 執行單位]\n…\n"
            "    cells: {完成日期: 3月底}\n",
            good="columns: [實施策略, 推動方法, 完成期限, 執行單位]\n…\n"
            "    cells: {完成期限: 3月底}\n",
        ),
        Code(
            "PC701",
            E,
            "a progress ledger entry for a task ID the plan does not have",
            why="A report that names no task of the plan counts for nothing: the task it was "
            "meant for stays behind and its report missing in `status`.",
            fix="Use the task's ID as the plan writes it (`planctl duties --unit NAME` lists "
            "them); the hint suggests the closest one.",
            bad="entries:\n  - id: reg-1.1-m01-4f2a9c\n    task: reg1.1\n",
            good="entries:\n  - id: reg-1.1-m01-4f2a9c\n    task: reg-1.1\n",
        ),
        Code(
            "PC702",
            W,
            "a progress report for a month its task is not scheduled in",
            why="Work reported outside the ■ months does not move the planned figures; it is "
            "often the wrong month typed, which leaves the real month's report missing.",
            fix="Check the month: a report for January's work made in February is `month: 1`. "
            "If the work really moved, revise the plan's months.",
            bad="# task reg-1.1 has months: [1-2]\n    task: reg-1.1\n    month: 3\n",
            good="# task reg-1.1 has months: [1-2]\n    task: reg-1.1\n    month: 2\n",
        ),
        Code(
            "PC703",
            E,
            "a ledger date outside the plan year (completion) or the plan year and the next "
            "(report, review), or after `check --as-of`",
            why="A report dated in another year, or in the future, is a typing slip (often a "
            "民國 year) that would make a late report look on time.",
            fix="Write the date in the Western calendar: 民國104年4月8日 is 2015-04-08.",
            bad="    month: 3\n    date: 2014-04-08\n",
            good="    month: 3\n    date: 2015-04-08\n",
        ),
        Code(
            "PC704",
            E,
            "a report that leaves its task behind without 落後原因 or 因應對策",
            why="The monthly meeting reviews every task that is behind by its 落後原因 and "
            "因應對策; a report without them leaves the 研考 clerk nothing to review.",
            fix="Add `reason:` (落後原因) and `measure:` (因應對策) to the entry, or a `percent:` "
            "that shows the task on schedule.",
            bad="    status: 辦理中\n    percent: 10\n    text: 清查中\n",
            good="    status: 辦理中\n    percent: 10\n    text: 清查中\n"
            "    reason: 通報延遲\n    measure: 每週催辦\n",
        ),
        Code(
            "PC705",
            E,
            "a correction (`replaces`) naming no other entry of its task",
            why="A correction that names no entry replaces nothing: the wrong report still "
            "counts, and the correction is counted as a second report.",
            fix="Copy the id of the entry being corrected into `replaces:` (the hint suggests "
            "the closest one of the same task).",
            bad="    replaces: reg-1.2-m03-e2f76\n",
            good="    replaces: reg-1.2-m03-e2f765\n",
        ),
        Code(
            "PC706",
            E,
            "two reports for one task and month, neither replacing the other",
            why="With two reports for one month, which one counts is a guess; often both units "
            "of a section reported, or a correction forgot its `replaces:`.",
            fix="Make the later entry a correction (`replaces: <id of the earlier>`), or "
            "delete the one entered by mistake if it was never shared.",
            bad="  - id: reg-1.2-m03-e2f765\n    …\n  - id: reg-1.2-m03-9b41c0\n    …\n",
            good="  - id: reg-1.2-m03-e2f765\n    …\n  - id: reg-1.2-m03-9b41c0\n"
            "    replaces: reg-1.2-m03-e2f765\n",
        ),
        Code(
            "PC707",
            E,
            "a ledger entry id used twice",
            why="Corrections and reviews name entries by id; with two entries of one id, a "
            "correction could replace the wrong one.",
            fix="Give the entry written by hand a new id (`planctl done` and `report` make "
            "unique ones: the task, the month and six random hex digits).",
            bad="  - id: reg-1.1-m01-4f2a9c\n  - id: reg-1.1-m01-4f2a9c\n",
            good="  - id: reg-1.1-m01-4f2a9c\n  - id: reg-1.1-m01-a07d13\n",
        ),
        Code(
            "PC708",
            E,
            "with `check --as-of DATE`: a progress report missing after its reporting day "
            "(the 10th of the next month, or the plan's `control.report_day`)",
            why="Units report last month's progress by the reporting day; a CI job that runs "
            "`planctl check --as-of today` enforces it like a test, and the 研考 clerk sees "
            "who has not reported before the meeting.",
            fix="The unit records the month (`planctl done TASK_ID --month M` or `planctl "
            "report …`); the finding points at the task in the plan.",
            bad="# reg-1.1 (months 1-2), no entry for month 1, checked --as-of 2015-02-11\n",
            good="entries:\n  - id: reg-1.1-m01-4f2a9c\n    task: reg-1.1\n    month: 1\n"
            "    status: 已完成\n",
        ),
    )
}


def markdown_table() -> str:
    """The README's code table."""
    lines = ["| code | severity | what it means |", "| --- | --- | --- |"]
    lines += [f"| {c.code} | {c.severity.value} | {c.summary} |" for c in CODES.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
