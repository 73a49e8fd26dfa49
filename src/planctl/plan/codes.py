"""The codes of reading a plan: its YAML (PC001–PC006, raised by planctl.plan.source) and its
schema (PC101–PC103, planctl.plan.validate). Declared here, a stage below the rules, so that
the reader and the validator make their errors and findings from them; the registry
(planctl.rules.registry) collects them with the rules' own."""

from __future__ import annotations

from planctl.plan.findings import Code

YAML_SYNTAX = Code.parse(
    """
PC001 error: YAML syntax error (tabs for indentation, unclosed brackets, a control character, a
  second document after `---`, …)
why: The file cannot be read at all, so nothing else in it can be checked and no command can answer
  from it. The position is where the YAML parser gave up; the mistake is often just before it (an
  unclosed `[` a line or two above).
fix: Look at the line shown and the one before it: indent with spaces (never tabs), close every
  `[`/`{` and quote, remove a stray `:` inside text (or quote the text), and keep one document per
  file (no second `---`).
bad:
  tasks:
    - id: reg-1.1
      months: [1, 2
good:
  tasks:
    - id: reg-1.1
      months: [1, 2]
"""
)


DUPLICATE_KEY = Code.parse(
    """
PC002 error: the same key twice in one mapping (YAML would silently keep one)
why: YAML tools keep only one of the two values without a word, so half of what was typed (often a
  whole 工作內容 pasted twice and then edited) would vanish from every report.
fix: Keep one of the keys: merge the two values, or rename the second if it was meant to be another
  key. The hint names the line of the first.
bad:
  tasks:
    - id: reg-1.1
      text: 清查百歲人瑞
      text: 清查死亡通報
good:
  tasks:
    - id: reg-1.1
      text: 清查百歲人瑞
"""
)


ALIAS = Code.parse(
    """
PC003 error: an alias (`*name`) or merge key (`<<`): plans are written out in full
why: An alias makes one value stand for another place in the file: a reader (or a clerk diffing two
  revisions) cannot see what the plan says where it says it, and a chain of aliases can expand to
  gigabytes (a "billion laughs" file).
fix: Write the value out again where it is used, and delete the anchor (`&name`).
bad:
  units: &reg [戶籍登記課]
  …
      units: *reg
good:
  units: [戶籍登記課]
  …
      units: [戶籍登記課]
"""
)


TAG = Code.parse(
    """
PC004 error: a tag (`!!python/…`, `!!binary`, `!include`, …), or a value its standard tag cannot
  read (`!!int 一`): never constructed
why: Tags make YAML build objects or read other files; in a file that many people edit that is a way
  to run code on the IT desk's machine. planctl never constructs them, and a plan needs nothing but
  text, numbers, lists and mappings.
fix: Remove the tag and write the plain value; quote it if it should be text.
bad:
  title: !!python/object/apply:os.system [echo hi]
good:
  title: 臺北市中正區戶政事務所104年度提升服務品質實施計畫
"""
)


EMPTY_DOCUMENT = Code.parse(
    """
PC005 error: empty document: no plan in the file
why: A file under plans/ that holds nothing (or only comments) is almost always a save that went
  wrong; passing it silently would let CI go green on an empty plan.
fix: Restore the file from version control (`git checkout -- FILE`), or delete it if it is not a
  plan.
bad:
  # 104年度計畫（待補）
good:
  title: 臺北市中正區戶政事務所104年度提升服務品質實施計畫
  office: …
"""
)


TOO_DEEP = Code.parse(
    """
PC006 error: nesting deeper than 64 levels
why: A real plan nests about a dozen levels deep. Deeper nesting is a broken file (brackets opened
  and never closed) or an attempt to exhaust the reader; planctl stops there rather than use
  unbounded memory.
fix: Look for `[` or `{` that are opened and never closed, or indentation that keeps growing; write
  the plan in block style, one key per line.
bad:
  months: [[[[[[[[[[[[ … 3 ]]]]]]]]]]]]
good:
  months: [3]
"""
)


MISSING_KEY = Code.parse(
    """
PC101 error: a required key is missing
why: Every report needs the key: without a task's `text` the 工作內容 column would be empty, without
  `months` `due` could not know when it is due.
fix: Add the key named in the message at the place shown (the mapping that lacks it);
  docs/plan-format.md lists the keys of each part.
example:
   tasks:
     - id: reg-1.1
  +    text: 清查百歲人瑞
       months: [1-2]
"""
)


UNKNOWN_KEY = Code.parse(
    """
PC102 error: an unknown key (a typo: the hint suggests the known key)
why: A misspelt key would otherwise be ignored: `month:` instead of `months:` would leave the task
  unscheduled without anyone noticing.
fix: Correct the spelling (the hint names the key meant), or move the value to a `note:` if it is a
  remark. A key written in the wrong place (`cells:` on a sub-item) is moved where the hint says it
  belongs.
example of a task:
  -month: [1-2]
  +months: [1-2]
"""
)


WRONG_VALUE = Code.parse(
    """
PC103 error: a wrong type or value: text expected, a date not written YYYY-MM-DD, an unknown part
  `kind`, `no`/`yes` read as true/false …
why: YAML guesses types: an unquoted `no` is false, `1.` a number, `2015/2/16` text rather than a
  date. The plan would then print or compare something other than what the document says.
fix: Write the value in the form the message asks for: quote text that YAML would read as something
  else (`"1."`, `"yes"`), write dates as YYYY-MM-DD, use one of the part kinds listed in
  docs/plan-format.md. A plan's `check: {ignore: […]}` lists codes of warnings only (PC301, or a
  prefix such as PC3).
bad:
  items:
    - number: 1.
      text: 各課室於104年2月16日前提出。
      deadline: 104/2/16
good:
  items:
    - number: "1."
      text: 各課室於104年2月16日前提出。
      deadline: 2015-02-16
"""
)


READING: dict[str, Code] = {
    code.code: code
    for code in (
        YAML_SYNTAX,
        DUPLICATE_KEY,
        ALIAS,
        TAG,
        EMPTY_DOCUMENT,
        TOO_DEEP,
        MISSING_KEY,
        UNKNOWN_KEY,
        WRONG_VALUE,
    )
}
"""The codes of reading a file by their numbers: a file that could not be read at all
(InvalidPlan) is reported as a finding of its error's code."""
