"""Deterministic synthetic plans for the benchmarks: same shape as plans/2015.yaml, any size.

A generated plan has the units registry, the text parts (壹 … 拾), a strategy table (伍) and a
schedules part (附件) whose size is set by the number of tasks, sections and items. Texts are
Traditional Chinese built from the vocabulary of the real plan, of similar lengths; months are
written as the real plan writes them (`[1-2]`, `[3, 5-6]`, a few `[]`). Every generated plan
passes `planctl check` with no errors; the only findings are PC301 warnings for `months: []`.

Same arguments, same seed → byte-identical output (no clock, no network, no hash order).

    python bench/generate.py --tasks 20000 -o /tmp/plan-20000.yaml
    python bench/generate.py --tasks 85 --count 1000 -o /tmp/plans-1000/

or from Python: `generate_plan(tasks=2000, seed=1)`, `write_plans(folder, count=100)`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROC_OFFSET = 1911
TASKS_2015 = 85
"""The bundled plan has 85 tasks (51 items, 6 tables, 64 KB); a generated one about 55 KB."""


def _words(text: str) -> list[str]:
    """A vocabulary written as one space-separated string, as a list."""
    return text.split()


DISTRICTS = _words("中正 大同 中山 松山 大安 萬華 信義 士林 北投 內湖 南港 文山")
DIGITS = "零一二三四五六七八九"
HEAVENLY = "壹貳參肆伍陸柒捌玖拾"

# The sections of the real plan first (name, aliases, code), then generated ones.
BASE_SECTIONS = [
    ("戶籍登記課", ["登記課"], "reg"),
    ("戶籍資料課", ["資料課"], "dat"),
    ("行政庶務課", ["行政課"], "adm"),
    ("資訊", [], "it"),
    ("會計", [], "acc"),
    ("政風", [], "eth"),
    ("人事", [], "hr"),
]
ROLES = ["研考", "文管", "總務", "各責任里同仁"]
EVERY_UNIT = ("各課室", ["各課"])

VERBS = _words(
    "辦理 推動 清查 受理 檢討 落實 加強 規劃 執行 彙整 追蹤 宣導 研擬 召開 配合 審核 更新 "
    "協助 參與 建置 維護 評估 統計 督導 稽核 整理 製作 申請 發放 核對"
)
OBJECTS = _words(
    "戶籍登記 門牌整編 國民身分證換發 戶口名簿 出生登記 死亡登記 結婚登記 遷徙登記 人口統計 "
    "為民服務 公文檔案 預算執行 內部控制 教育訓練 資訊安全 個人資料保護 服務品質 市民滿意度 "
    "志工服務 廉政宣導 生育獎勵金 百歲人瑞 選舉人名冊 檔案清查 電腦戶籍資料 網路申辦 線上預約 "
    "跨機關服務 到府服務 雙語環境 健康職場 員工協助方案 採購業務 財產管理 薪資發放 考績作業 "
    "差勤管理 公務車輛 消防安全 會計報告"
)
SUFFIXES = _words(
    "作業 事宜 相關措施 工作計畫 檢核 業務 成效評估 宣導活動 教育訓練 資料建置 執行進度 "
    "申請案件 報表 管制 督考 研習 會議 查核"
)
CLAUSES = [
    "，並定期檢討執行成效",
    "，按月彙報辦理情形",
    "，提升為民服務品質",
    "，落實資訊安全管理",
    "及相關配套措施",
    "，配合民政局期程辦理",
    "，並於網站公告周知",
    "，當事人不知去向者",
    "，逐案追蹤至結案為止",
    "（含督考規定）",
]
NOTES = [
    "原表此列有 {n} 個 ■（轉檔重複欄位，超出 12 個月）；1–12 月各欄均有 ■，定為 1–12 月。",
    "原表此列有 {n} 個 ■，其中 {k} 個落在 12 月欄之後的重複欄位；工作內容未載明月份，"
    "僅保留落在各月欄者。",
    "工作內容未載明月份，依原表 ■ 所在欄位定之。",
    "原表此列跨頁斷開，已接合；月份依前頁之 ■。",
]
EMPTY_NOTE = "原表此列無 ■，工作內容亦未載明月份，月份待補。"
METHOD_NOTE = "執行課室欄依序列「{units}」{n} 組，子項 {k} 項，無法逐項對齊，列於本方法。"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 105 → 一百零五: the document's numbering."""
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if rest == 0 else ("零" + DIGITS[rest] if rest < 10 else chinese_number(rest))
    if 10 <= rest < 20:
        tail = "一" + tail
    return DIGITS[hundreds] + "百" + tail


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when it is safe (the usual case), else double-quoted."""
    risky = (
        not text
        or text[0] in "-?:,[]{}#&*!|>'\"%@`(. "
        or text[-1] == " "
        or ": " in text
        or " #" in text
        or text.replace(".", "", 1).isdigit()
    )
    return json.dumps(text, ensure_ascii=False) if risky else text


class _Writer:
    """Builds the YAML text of one plan, line by line."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []

    def add(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text)

    def phrase(self, clauses: int = 1) -> str:
        """A task-like text: 辦理戶籍登記作業，並定期檢討執行成效 (about 6–40 characters)."""
        rng = self.rng
        text = rng.choice(VERBS) + rng.choice(OBJECTS) + rng.choice(SUFFIXES)
        for _ in range(clauses):
            text += rng.choice(CLAUSES)
        return text

    def sentence(self) -> str:
        """A longer text for the plan body and the strategy table, ending with 。."""
        return self.phrase(self.rng.randint(1, 3)).lstrip("，") + "。"

    def months(self) -> str:
        """A months list as the real plan writes them: [1-2], [3, 5-6], [1-12], [4] …"""
        rng = self.rng
        kind = rng.random()
        if kind < 0.15:
            specs = ["1-12"]
        elif kind < 0.45:
            first = rng.randint(1, 11)
            specs = [f"{first}-{rng.randint(first + 1, min(12, first + 5))}"]
        elif kind < 0.65:
            specs = [str(rng.randint(1, 12))]
        elif kind < 0.85:
            single = rng.randint(1, 9)
            start = rng.randint(single + 2, 11)
            specs = [str(single), f"{start}-{rng.randint(start + 1, 12)}"]
        else:
            specs = [str(m) for m in sorted(rng.sample(range(1, 13), 3))]
        return "[" + ", ".join(specs) + "]"


def _spread(total: int, bins: int, rng: random.Random) -> list[int]:
    """`total` split into `bins` counts, each at least 1, a little uneven, deterministic."""
    counts = [1] * bins
    for _ in range(total - bins):
        counts[rng.randrange(bins)] += 1
    return counts


def _sections(count: int) -> list[tuple[str, list[str], str]]:
    sections = list(BASE_SECTIONS[:count])
    n = len(sections)
    while len(sections) < count:
        district = DISTRICTS[n % len(DISTRICTS)]
        kind = ["戶政課", "服務站", "資料組", "登記組", "綜合組"][n // len(DISTRICTS) % 5]
        round_ = n // (len(DISTRICTS) * 5)
        name = f"{district}{kind}" + (f"第{chinese_number(round_ + 1)}" if round_ else "")
        sections.append((name, [], f"s{n:03d}"))
        n += 1
    return sections


def generate_plan(
    tasks: int = TASKS_2015,
    *,
    sections: int | None = None,
    items: int | None = None,
    principles: int = 5,
    seed: int = 0,
    year: int = 2015,
    empty_months: float = 0.03,
) -> str:
    """The YAML text of a plan with `tasks` schedule tasks.

    `sections` (schedule tables) defaults to 6 up to 6,000 tasks, then one per 1,000 tasks;
    `items` (編號) defaults to 0.6 per task, as in 2015.yaml. `principles` sizes the strategy
    table (5 ≈ the real one). About `empty_months` of the tasks have `months: []` (PC301
    warnings)."""
    if tasks < 1:
        raise ValueError("a plan needs at least one task")
    rng = random.Random(f"planctl-bench/{seed}/{tasks}/{year}")
    sections = sections or max(6, round(tasks / 1000))
    sections = min(sections, tasks)
    items = items or max(sections, round(tasks * 0.6))
    items = min(max(items, sections), tasks)
    roc = year - ROC_OFFSET
    office = f"臺北市{rng.choice(DISTRICTS)}區戶政事務所"
    table_sections = _sections(sections)
    w = _Writer(rng)

    w.add(0, f"# Synthetic plan: {tasks} tasks, seed {seed} (bench/generate.py). Not real.")
    w.add(0, f"title: {office}{roc}年度提升服務品質實施計畫")
    w.add(0, f"office: {office}")
    w.add(0, f"year: {year}")
    w.add(0, "approvals:")
    w.add(2, "- kind: 修訂")
    w.add(4, f"date: {year}-02-04")
    w.add(0, "")
    w.add(0, "units:")
    referable: list[list[str]] = []  # each unit's names: a list never names one unit twice
    for name, aliases, _code in table_sections:
        w.add(2, f"- name: {name}")
        if aliases:
            w.add(4, f"aliases: [{', '.join(aliases)}]")
        referable.append([name, *aliases])
    for role in ROLES:
        w.add(2, f"- name: {role}")
        w.add(4, "kind: role")
    w.add(2, f"- name: {EVERY_UNIT[0]}")
    w.add(4, f"aliases: [{', '.join(EVERY_UNIT[1])}]")
    w.add(4, "kind: all")
    referable += [[role] for role in ROLES] + [[EVERY_UNIT[0], *EVERY_UNIT[1]]]

    w.add(0, "")
    w.add(0, "parts:")
    _text_part(w, "objectives", 0, "計畫目標", 3)
    _text_part(w, "basis", 1, "計畫依據", 3)
    _goals(w)
    w.add(2, "- kind: audience")
    w.add(4, f"number: {HEAVENLY[3]}、")
    w.add(4, "heading: 實施對象")
    w.add(4, "text: 本所全體同仁。")
    _strategies(w, principles, referable)
    w.add(2, "- kind: period")
    w.add(4, f"number: {HEAVENLY[5]}、")
    w.add(4, "heading: 實施期間")
    w.add(4, f"text: 實施期間於本計畫完成報局核備後至 {roc} 年 12 月 31 日止。")
    w.add(4, f"end: {year}-12-31")
    _steps(w, roc, year)
    _text_part(w, "evaluation", 7, "管考方式及獎懲", 5)
    for n, text in ((8, "本計畫如有未盡事宜，得隨時補充與協調辦理。"), (9, "本計畫奉核後實施。")):
        w.add(2, "- kind: clause")
        w.add(4, f"number: {HEAVENLY[n]}、")
        w.add(4, f"text: {text}")
    _schedules(w, table_sections, items, tasks, empty_months, office, roc)
    return "\n".join(w.lines) + "\n"


def _text_part(w: _Writer, kind: str, number: int, heading: str, count: int) -> None:
    w.add(2, f"- kind: {kind}")
    w.add(4, f"number: {HEAVENLY[number]}、")
    w.add(4, f"heading: {heading}")
    w.add(4, "items:")
    for n in range(1, count + 1):
        w.add(6, f"- number: {chinese_number(n)}、")
        w.add(8, f"text: {scalar(w.sentence())}")


def _goals(w: _Writer) -> None:
    w.add(2, "- kind: goals")
    w.add(4, f"number: {HEAVENLY[2]}、")
    w.add(4, "heading: 組織目標")
    w.add(4, "text: 以市民為主，建立以民意為導向的服務型戶政機關，以達成SMILE之目標。")
    w.add(4, "acronym:")
    w.add(6, "word: SMILE")
    w.add(6, "letters:")
    for letter, word, meaning in (
        ("S", "Speed", "速度"),
        ("M", "Merriness", "愉快"),
        ("I", "Innovation", "革新"),
        ("L", "Learning", "學習"),
        ("E", "Efficiency", "效率"),
    ):
        w.add(8, f"- {{letter: {letter}, word: {word}, meaning: {meaning}}}")
    w.add(4, "items:")
    for n in range(1, 5):
        w.add(6, f"- number: {chinese_number(n)}、")
        w.add(8, f"text: {scalar(w.sentence())}")


def _strategies(w: _Writer, principles: int, units: list[list[str]]) -> None:
    rng = w.rng

    def pick(count: int) -> list[str]:
        return [rng.choice(names) for names in rng.sample(units, count)]

    w.add(2, "- kind: strategies")
    w.add(4, f"number: {HEAVENLY[4]}、")
    w.add(4, "heading: 執行策略與方法")
    w.add(4, "columns: [實施要領, 執行策略, 執行方法, 執行課室]")
    w.add(4, "principles:")
    for p in range(1, principles + 1):
        w.add(6, f"- number: {chinese_number(p)}、")
        w.add(8, f"text: {scalar(w.sentence())}")
        w.add(8, "strategies:")
        for s in range(1, rng.randint(3, 7) + 1):
            w.add(10, f"- number: ({chinese_number(s)})")
            w.add(12, f"text: {scalar(w.sentence())}")
            w.add(12, "methods:")
            methods = rng.choice([1, 1, 2, 2, 3, 4])
            for m in range(1, methods + 1):
                w.add(14, f'- number: "{m}."' if methods > 1 else "- text: " + scalar(w.sentence()))
                if methods > 1:
                    w.add(16, f"text: {scalar(w.sentence())}")
                subitems = rng.choice([0, 0, 0, 2, 3, 4, 5, 8])
                per_subitem = subitems and rng.random() < 0.4
                if not per_subitem:
                    listed = pick(rng.randint(1, 3))
                    w.add(16, f"units: [{', '.join(listed)}]")
                    if subitems and rng.random() < 0.5:
                        note = METHOD_NOTE.format(
                            units="／".join(listed), n=len(listed), k=subitems
                        )
                        w.add(16, f"note: {note}")
                if subitems:
                    w.add(16, "subitems:")
                for k in range(1, subitems + 1):
                    w.add(18, f"- number: ({k})")
                    w.add(20, f"text: {scalar(w.phrase(rng.randint(0, 1)))}。")
                    if per_subitem:
                        w.add(20, f"units: [{', '.join(pick(rng.randint(1, 2)))}]")


def _steps(w: _Writer, roc: int, year: int) -> None:
    w.add(2, "- kind: steps")
    w.add(4, f"number: {HEAVENLY[6]}、")
    w.add(4, "heading: 實施步驟及分工")
    w.add(4, "items:")
    for n, (month, day) in enumerate(((2, 4), (2, 16), (6, 30)), 1):
        w.add(6, f"- number: {chinese_number(n)}、")
        w.add(8, f"text: 各課室於{roc}年{month}月{day}日前，{w.sentence()}")
        w.add(8, f"deadline: {year}-{month:02}-{day:02}")
    w.add(6, "- number: 四、")
    w.add(8, "text: 工作進度控管應依計畫作業時程管制表期程掌握工作進度，定期召開執行進度檢討會議。")


def _schedules(
    w: _Writer,
    sections: list[tuple[str, list[str], str]],
    items: int,
    tasks: int,
    empty_months: float,
    office: str,
    roc: int,
) -> None:
    rng = w.rng
    w.add(2, "- kind: schedules")
    w.add(4, "heading: 附件")
    w.add(4, "tables:")
    items_per_table = _spread(items, len(sections), rng)
    tasks_per_item = _spread(tasks, items, rng)
    next_item = 0
    for (name, aliases, code), table_items in zip(sections, items_per_table, strict=True):
        w.add(6, f"- section: {name}")
        w.add(8, f"code: {code}")
        w.add(8, f"units: [{rng.choice([name, *aliases])}]")
        w.add(8, f"title: {office}({name}){roc}年度重要工作計畫作業時程管制表")
        w.add(8, "items:")
        for number in range(1, table_items + 1):
            prefix = f"{roc}年度" if rng.random() < 0.2 else ""
            w.add(10, f"- number: {number}")
            w.add(12, f"name: {scalar(prefix + w.phrase(0))}")
            w.add(12, "tasks:")
            for row in range(1, tasks_per_item[next_item] + 1):
                w.add(14, f"- id: {code}-{number}.{row}")
                w.add(16, f"text: {scalar(w.phrase(rng.choice([0, 0, 1, 1, 2])))}")
                if rng.random() < empty_months:
                    w.add(16, "months: []")
                    w.add(16, f"note: {EMPTY_NOTE}")
                    continue
                w.add(16, f"months: {w.months()}")
                if rng.random() < 0.5:
                    note = rng.choice(NOTES).format(n=rng.randint(13, 15), k=rng.randint(1, 3))
                    w.add(16, f"note: {note}")
            next_item += 1


def write_plans(
    folder: Path, count: int, tasks: int = TASKS_2015, seed: int = 0, **options: int | None
) -> list[Path]:
    """`count` different plans (seeds `seed` … `seed + count - 1`) as folder/plan-NNNNN.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"plan-{n:05d}.yaml"
        path.write_text(generate_plan(tasks, seed=seed + n, **options), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=TASKS_2015, help="schedule tasks per plan")
    parser.add_argument("--sections", type=int, help="schedule tables (default: by size)")
    parser.add_argument("--items", type=int, help="items (編號) in all (default: 0.6 per task)")
    parser.add_argument("--principles", type=int, default=5, help="size of the strategy table")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--year", type=int, default=2015)
    parser.add_argument("--count", type=int, default=1, help="plans to write (-o is a folder)")
    parser.add_argument("-o", "--output", help="file (folder with --count); default stdout")
    args = parser.parse_args(argv)
    options = {
        "sections": args.sections,
        "items": args.items,
        "principles": args.principles,
        "year": args.year,
    }
    if args.count > 1:
        if not args.output:
            parser.error("--count needs -o FOLDER")
        write_plans(Path(args.output), args.count, args.tasks, args.seed, **options)
        return
    text = generate_plan(args.tasks, seed=args.seed, **options)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
