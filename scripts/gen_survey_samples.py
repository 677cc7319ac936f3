#!/usr/bin/env python3
# Makes samples/uploads/: filled-in survey answer files of round R2026 (questionnaire
# tt12-self-assessment@1), as provinces would upload them with `syscensus survey upload`:
#   R2026_01.csv  Hà Nội           valid; UTF-8 BOM, ';' delimiter, CRLF, decimal comma (Vietnamese Excel)
#   R2026_79.csv  TP Hồ Chí Minh   valid; ',' delimiter, CRLF
#   R2026_48.csv  Đà Nẵng          valid; ',' delimiter, LF
#   R2026_92_errors.csv  Cần Thơ   UTF-8 BOM, ',' and CRLF, with planted mistakes (see README.md there)
# All answers are invented. The three valid files leave 2-3 systems per province without a row.
# It loads samples/*.csv and the questionnaire into a throwaway SQLite database (/tmp/gen_samples.db,
# recreated on every run), opens round R2026, takes each province's template from the CLI and fills it.
# Deterministic (fixed seed), Python 3 standard library only. Needs a built CLI.
# Rerun: python3 scripts/gen_survey_samples.py
#        (env SYSCENSUS_BIN overrides the CLI, default build/cli/syscensus; GEN_SAMPLES_DB the database file)
"""Writes samples/uploads/R2026_{01,79,48}.csv, R2026_92_errors.csv and README.md."""

import csv
import io
import json
import os
import random
import subprocess
import sys
import unicodedata
from datetime import date, timedelta

SEED = 20261101
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SAMPLES = os.path.join(ROOT, "samples")
OUT_DIR = os.path.join(SAMPLES, "uploads")
CLI = os.environ.get("SYSCENSUS_BIN", os.path.join(ROOT, "build", "cli", "syscensus"))
DB_FILE = os.environ.get("GEN_SAMPLES_DB", "/tmp/gen_samples.db")
CAMPAIGN = "R2026"
QUESTIONNAIRE = "tt12-self-assessment@1"
NA_MARK = "\u2014"  # "—", what the template puts in cells of questions that do not apply

# How each file is written: (file name, BOM, delimiter, line end, decimal mark).
VALID_FILES = {
    "01": ("R2026_01.csv", True, ";", "\r\n", ","),
    "79": ("R2026_79.csv", False, ",", "\r\n", "."),
    "48": ("R2026_48.csv", False, ",", "\n", "."),
}
ERROR_PROVINCE = "92"
ERROR_FILE = ("R2026_92_errors.csv", True, ",", "\r\n", ".")
PROVINCE_NAMES = {"01": "Hà Nội", "79": "Thành phố Hồ Chí Minh", "48": "Đà Nẵng", "92": "Cần Thơ"}

# Compliance answers: base shares by level band, then a small invented tilt per province and per
# system so provinces and systems differ. Shares of (yes, partial, no, na).
BASE_HIGH = (0.80, 0.12, 0.05, 0.03)   # level 3-5
BASE_LOW = (0.55, 0.20, 0.20, 0.05)    # level 1-2 (and systems without a level)
PROVINCE_TILT = {"01": 0.01, "79": -0.02, "48": 0.04, "92": -0.04}
SYSTEM_TILT = 0.07                     # each system: yes share moves by up to +/- this

DATE_FIRST, DATE_LAST = date(2024, 1, 1), date(2026, 10, 31)  # before the round opens

NOTES_GOOD = [
    "Đã rà soát, cập nhật quy chế bảo đảm an toàn thông tin năm 2025",
    "Đã khắc phục toàn bộ lỗ hổng theo cảnh báo của cơ quan chuyên trách",
    "Sao lưu hằng ngày, thử khôi phục 6 tháng một lần",
    "Đã diễn tập ứng cứu sự cố tháng 9/2026",
    "Thuê dịch vụ giám sát an toàn thông tin (SOC) từ năm 2025",
    "Máy chủ đặt tại trung tâm dữ liệu của tỉnh, dùng chung hạ tầng",
    "Đã kiểm thử xâm nhập sau đợt nâng cấp phiên bản 3.0",
    "Hệ thống đã được phê duyệt hồ sơ đề xuất cấp độ",
]
NOTES_WEAK = [
    "Đang triển khai xác thực hai yếu tố, dự kiến hoàn thành quý II/2027",
    "Chưa bố trí kinh phí diễn tập, đề xuất trong kế hoạch năm 2027",
    "Thiết bị tường lửa hết hạn bản quyền, đang làm thủ tục gia hạn",
    "Cán bộ phụ trách kiêm nhiệm, chưa có chứng chỉ chuyên môn",
    "Hồ sơ đề xuất cấp độ đang trình thẩm định",
    "Chưa có phòng máy chủ đạt chuẩn; thiết bị đặt tại phòng làm việc",
    "Phần mềm do nhà thầu bảo trì, chưa có điều khoản bảo mật trong hợp đồng",
    "Hệ thống sắp nâng cấp, một số yêu cầu sẽ đáp ứng sau khi nghiệm thu",
]


def nfc(s):
    return unicodedata.normalize("NFC", s)


def run(*args, capture=False):
    env = dict(os.environ, SYSCENSUS_DB="sqlite:" + DB_FILE)
    r = subprocess.run([CLI, *args], env=env, cwd=ROOT, text=True, encoding="utf-8",
                       stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit(f"syscensus {' '.join(args)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def prepare_database():
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(DB_FILE + suffix):
            os.remove(DB_FILE + suffix)
    run("init")
    run("units", "import", "samples/units.csv")
    run("entities", "import", "samples/entities.csv")
    run("systems", "import", "samples/systems.csv")
    run("questionnaire", "import", "samples/questionnaire.json")
    run("campaign", "create", CAMPAIGN, "--questionnaire", QUESTIONNAIRE,
        "--title", "Tự đánh giá bảo đảm an toàn hệ thống thông tin năm 2026",
        "--opens", "2026-11-01", "--closes", "2026-12-25")
    run("campaign", "open", CAMPAIGN)


def questions():
    doc = json.loads(run("questionnaire", "show", QUESTIONNAIRE, "--format", "json", capture=True))
    return {q["id"]: q for s in doc["sections"] for q in s["questions"]}


def levels():
    systems = json.loads(run("systems", "list", "--format", "json", capture=True))
    return {s["code"]: s["level"] or 0 for s in systems}


def template(province):
    text = run("survey", "template", CAMPAIGN, "--province", province, capture=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    return rows[0], [r for r in rows[1:] if r]


def random_date(rng, first=DATE_FIRST):
    d = first + timedelta(days=rng.randrange((DATE_LAST - first).days + 1))
    return d.strftime("%d/%m/%Y")


def weighted(rng, shares):
    x, acc = rng.random(), 0.0
    for answer, share in shares:
        acc += share
        if x < acc:
            return answer
    return shares[-1][0]


class Filler:
    """Answers for one system's row, consistent within the system."""

    def __init__(self, rng, qs, province, level, decimal_mark):
        self.rng, self.qs, self.level, self.decimal_mark = rng, qs, level, decimal_mark
        self.high = level >= 3
        yes, partial, no, na = BASE_HIGH if self.high else BASE_LOW
        tilt = PROVINCE_TILT[province] + rng.uniform(-SYSTEM_TILT, SYSTEM_TILT)
        new_yes = min(0.97, max(0.2, yes + tilt))
        rest = (1 - new_yes) / (partial + no + na)
        self.shares = [("yes", new_yes), ("partial", partial * rest), ("no", no * rest), ("na", na * rest)]

    def compliance(self):
        return weighted(self.rng, self.shares)

    def fill(self, header, row):
        rng, out, answers = self.rng, list(row), {}
        for i, qid in enumerate(header):
            q = self.qs.get(qid)
            if q is None or row[i] == NA_MARK:   # system, system_name, and cells that do not apply
                continue
            kind = q["type"]
            if kind == "compliance":
                value = self.compliance()
            elif kind == "single":          # OPS.01, backup frequency
                value = weighted(rng, [("daily", 0.7), ("weekly", 0.22), ("monthly", 0.05), ("none", 0.03)]
                                 if self.high else
                                 [("daily", 0.35), ("weekly", 0.35), ("monthly", 0.2), ("none", 0.1)])
            elif kind == "multiple":        # NET.04, monitoring tools
                if rng.random() < 0.25:
                    value = ""
                else:
                    tools = [t for t in q["options"] if t != "none"
                             and rng.random() < (0.55 if self.high else 0.2)]
                    value = "|".join(tools) if tools else "none"
            elif kind == "integer":
                value = str(self.integer(q))
            elif kind == "decimal":         # DAT.06, RTO in hours
                value = "" if rng.random() < 0.3 else self.decimal(q)
            elif kind == "date":
                blank = 0.2 if self.high else 0.35
                value = "" if rng.random() < blank else random_date(rng)
            else:                           # text: APP.08
                value = "" if rng.random() < 0.55 else None   # decided once compliance is known
            if not q.get("required") and value and rng.random() < 0.05:
                value = ""                  # a few more optional answers left blank
            answers[qid] = value
            out[i] = value
        self.make_consistent(header, out, answers)
        return out

    def integer(self, q):
        lo, hi = q.get("min", 0), q.get("max", 10**6)
        if q["id"] == "ORG.02":             # staff in charge of security
            n = self.rng.choice([1, 1, 2, 2, 3, 4, 5] if self.high else [0, 1, 1, 1, 2])
        elif q["id"] == "OPS.04":           # days to patch a critical flaw
            n = self.rng.choice([3, 5, 7, 7, 10, 14, 15, 30] if self.high else [7, 14, 15, 30, 30, 45, 60, 90])
        else:
            n = self.rng.randint(lo, min(hi, lo + 100))
        return max(lo, min(hi, n))

    def decimal(self, q):
        choices = [0.5, 1, 1.5, 2, 4, 4] if self.level >= 4 else [2, 4, 6, 8, 12, 24, 24, 48, 2.5]
        x = self.rng.choice(choices)
        text = str(int(x)) if x == int(x) else str(x)
        return text.replace(".", self.decimal_mark)

    def make_consistent(self, header, out, answers):
        col = {qid: i for i, qid in enumerate(header)}
        if answers.get("OPS.01") == "none":           # no backups: the backup questions say no
            for qid in ("DAT.01", "DAT.03", "DAT.04"):
                if qid in answers:
                    out[col[qid]] = "no"
        if answers.get("ORG.02") == "0" and "ORG.01" in answers:
            out[col["ORG.01"]] = "no"
        if "APP.08" in answers and answers["APP.08"] is None:
            given = [out[col[q]] for q in answers if self.qs[q]["type"] == "compliance"]
            weak = sum(a in ("no", "partial") for a in given) > len(given) * 0.2
            out[col["APP.08"]] = self.rng.choice(NOTES_WEAK if weak else NOTES_GOOD)


def write_csv(path, header, rows, bom, delimiter, line_end):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow([nfc(c) for c in r])
    data = ("\ufeff" if bom else "") + nfc(buf.getvalue())
    with open(path, "wb") as f:
        f.write(data.encode("utf-8"))


def fill_province(rng, qs, lv, province, mark, drop):
    header, rows = template(province)
    missing = set(rng.sample(range(len(rows)), drop)) if drop else set()
    filled = []
    for n, row in enumerate(rows):
        if n in missing:
            continue
        filled.append(Filler(rng, qs, province, lv.get(row[0], 0), mark).fill(header, row))
    return header, filled, [rows[n][0] for n in sorted(missing)]


def plant_errors(rng, qs, header, rows, other_row):
    """Changes rows of a valid file into one with distinct mistakes; returns (rows, descriptions)."""
    col = {qid: i for i, qid in enumerate(header)}
    compliance = [q for q in header if q in qs and qs[q]["type"] == "compliance"]
    taken, notes = set(), []

    def pick(test):
        for n in rng.sample(range(len(rows)), len(rows)):
            if n not in taken and test(rows[n]):
                taken.add(n)
                return n
        raise SystemExit("no row fits a planted mistake")

    def applicable(row, qids):
        return [q for q in qids if row[col[q]] not in ("", NA_MARK)]

    n = pick(lambda r: applicable(r, compliance))
    q = rng.choice(applicable(rows[n], compliance))
    rows[n][col[q]] = "maybe"
    notes.append(f'{rows[n][0]}, {q}: "maybe" is not a compliance answer')

    n = pick(lambda r: [q for q in compliance if r[col[q]] == NA_MARK])
    q = rng.choice([q for q in compliance if rows[n][col[q]] == NA_MARK])
    rows[n][col[q]] = "yes"
    notes.append(f'{rows[n][0]}, {q}: "yes" where the template had "{NA_MARK}" (question does not apply)')

    n = pick(lambda r: applicable(r, compliance))
    q = rng.choice(applicable(rows[n], compliance))
    rows[n][col[q]] = ""
    notes.append(f"{rows[n][0]}, {q}: required answer left blank")

    n = pick(lambda r: applicable(r, ["ORG.02"]))
    rows[n][col["ORG.02"]] = "1.200"
    notes.append(f'{rows[n][0]}, ORG.02: "1.200" (integer with a thousands separator)')

    n = pick(lambda r: r[col["RSK.01"]] != NA_MARK)
    rows[n][col["RSK.01"]] = "31/02/2026"
    notes.append(f'{rows[n][0]}, RSK.01: date "31/02/2026" does not exist')

    n = pick(lambda r: applicable(r, ["OPS.01"]))
    rows[n][col["OPS.01"]] = "quarterly"
    notes.append(f'{rows[n][0]}, OPS.01: "quarterly" is not an option (daily, weekly, monthly, none)')

    # Extra rows: another province's system, an unknown code, a system pasted twice.
    rows.insert(len(rows) // 2, other_row)
    notes.append(f"{other_row[0]}: a system of province 79, not of Cần Thơ")
    unknown = list(rows[rng.choice([i for i in range(len(rows)) if i not in taken and rows[i] is not other_row])])
    unknown[0], unknown[1] = "CTO-9999", "Hệ thống quản lý văn bản và điều hành cũ (đã thay thế)"
    rows.insert(len(rows) - 3, unknown)
    notes.append("CTO-9999: no system with this code")
    dup = rng.choice([i for i in range(len(rows) // 2) if i not in taken and rows[i][0].startswith("CTO-0")])
    rows.append(list(rows[dup]))
    notes.append(f"{rows[dup][0]}: the same system's row appears twice")
    return rows, notes


def main():
    rng = random.Random(SEED)
    os.makedirs(OUT_DIR, exist_ok=True)
    prepare_database()
    qs, lv = questions(), levels()

    summary = []
    other_row = None
    for province, (name, bom, delim, line_end, mark) in VALID_FILES.items():
        header, rows, missing = fill_province(rng, qs, lv, province, mark, drop=rng.choice([2, 3]))
        write_csv(os.path.join(OUT_DIR, name), header, rows, bom, delim, line_end)
        summary.append((name, province, len(rows), missing))
        if province == "79":
            # a 79 row pasted into Cần Thơ's file; answered to fit its own template
            other_row = list(rows[rng.randrange(len(rows))])

    name, bom, delim, line_end, mark = ERROR_FILE
    header, rows, _ = fill_province(rng, qs, lv, ERROR_PROVINCE, mark, drop=0)
    rows, mistakes = plant_errors(rng, qs, header, rows, other_row)
    write_csv(os.path.join(OUT_DIR, name), header, rows, bom, delim, line_end)

    lines = [
        "# samples/uploads: filled-in survey answer files of round R2026 (questionnaire tt12-self-assessment@1)",
        "Made by `scripts/gen_survey_samples.py` (deterministic; rerun with `python3 scripts/gen_survey_samples.py`). "
        "The systems are those of `samples/systems.csv`; all answers are invented.",
        "Valid files, each leaving a few systems without a row: "
        + "; ".join(f"`{n}` ({PROVINCE_NAMES[p]}, {k} systems, no row for {', '.join(m)})"
                    for n, p, k, m in summary) + ".",
        "Saved as spreadsheets save them: `R2026_01.csv` UTF-8 BOM, `;`, CRLF, decimal comma; `R2026_79.csv` `,` + CRLF; "
        "`R2026_48.csv` `,` + LF. Upload each with `syscensus survey upload R2026 FILE --as province:CODE`.",
        f"`{name}` ({PROVINCE_NAMES[ERROR_PROVINCE]}, UTF-8 BOM, `,`, CRLF; upload `--as province:92`, must be refused) has "
        f"{len(mistakes)} planted mistakes: " + "; ".join(mistakes) + ".",
    ]
    with open(os.path.join(OUT_DIR, "README.md"), "wb") as f:
        f.write(nfc("\n".join(lines) + "\n").encode("utf-8"))
    for n, p, k, m in summary:
        print(f"samples/uploads/{n}: {k} systems answered, {len(m)} left out ({', '.join(m)})")
    print(f"samples/uploads/{name}: {len(rows)} rows, {len(mistakes)} planted mistakes")


if __name__ == "__main__":
    main()
