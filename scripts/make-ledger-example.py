#!/usr/bin/env python3
"""Writes examples/ledger/qinghe-2024.csv: a synthetic 台账 of a year of disclosure requests for an
invented agency (青禾县市场监督管理局), GBK-encoded with CRLF as Excel's 另存为 CSV writes it on a
Chinese Windows. Deterministic (fixed seed); names, numbers and contents are all invented.

Usage: python3 scripts/make-ledger-example.py
"""
import datetime as dt
import pathlib
import random

rng = random.Random(20240101)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "海燕", "志强", "建华"]
COMPANIES = ["青禾县丰源食品有限公司", "青禾县安达建材厂", "青禾县绿源农业合作社", "青禾县鑫盛商贸有限公司", "青禾县福临餐饮店"]
SUBJECTS = [
    "{y}年第{q}季度食品安全监督抽检结果", "某超市的行政处罚决定书", "某餐饮店的食品经营许可证信息",
    "辖区农贸市场的检查记录", "某企业的营业执照登记信息", "价格违法举报的处理结果",
    "电梯定期检验报告", "某药店的药品经营许可", "特种设备使用登记信息", "某投诉事项的调查结论",
    "计量器具强制检定情况", "化妆品抽检不合格名单", "学校食堂的量化分级评定", "某企业年度报告公示信息",
    "广告违法案件的处罚依据", "农资产品质量抽检报告",
]
OUTCOMES = [
    ("予以公开", 70), ("部分公开", 18), ("属于国家秘密", 1), ("其他法律行政法规禁止公开", 1),
    ("保护第三方合法权益", 5), ("属于三类内部事务信息", 3), ("属于四类过程性信息", 6),
    ("属于行政执法案卷", 8), ("属于行政查询事项", 4), ("本机关不掌握相关政府信息", 30),
    ("没有现成信息需要另行制作", 5), ("补正后申请内容仍不明确", 2), ("信访举报投诉类申请", 6),
    ("重复申请", 3), ("要求提供公开出版物", 1), ("无正当理由大量反复申请", 1),
    ("要求行政机关确认或重新出具已获取信息", 1), ("撤回", 5),
]
CHANNELS = [("网络", 60), ("邮寄", 20), ("当面", 12), ("信函", 6), ("传真", 2)]
APPLICANTS = [("自然人", 82), ("商业企业", 9), ("法律服务机构", 5), ("科研机构", 1), ("社会公益组织", 1), ("其他", 2)]


def pick(weighted):
    total = sum(w for _, w in weighted)
    r = rng.uniform(0, total)
    for v, w in weighted:
        r -= w
        if r <= 0:
            return v
    return weighted[-1][0]


def fmt(d, style):
    if d is None:
        return ""
    return [f"{d:%Y-%m-%d}", f"{d.year}/{d.month}/{d.day}", f"{d.year}年{d.month}月{d.day}日"][style]


def row(number, received, year_end):
    style = rng.choice([0, 0, 0, 1, 2])
    channel, applicant = pick(CHANNELS), pick(APPLICANTS)
    subject = rng.choice(SUBJECTS).format(y=received.year, q=rng.randint(1, 4))
    name = rng.choice(COMPANIES) if applicant == "商业企业" else rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
    start, asked, back, sent, opinion = received, None, None, None, None
    if rng.random() < 0.08:
        asked = received + dt.timedelta(days=rng.randint(1, 5))
        back = asked + dt.timedelta(days=rng.randint(2, 10))
        start = back
    if rng.random() < 0.06:
        sent = start + dt.timedelta(days=rng.randint(2, 6))
        opinion = sent + dt.timedelta(days=rng.randint(3, 12))
    extended = rng.random() < 0.07
    base = opinion or start
    late = rng.random() < 0.02
    answer = base + dt.timedelta(days=rng.randint(30, 40) if late else rng.randint(1, 25) if not extended else rng.randint(28, 50))
    outcome = pick(OUTCOMES)
    if outcome == "撤回":
        answer = received + dt.timedelta(days=rng.randint(1, 8))
        asked = back = sent = opinion = None
        extended = False
    if answer > year_end or (received.month >= 10 and rng.random() < 0.05):
        # Not answered by 31 December: carried forward (a few are a backlog, overdue).
        answer, outcome = None, ""
    return [number, fmt(received, style), channel, applicant, subject, fmt(asked, style), fmt(back, style),
            "是" if extended else "否", fmt(sent, style), fmt(opinion, style), fmt(answer, style), outcome,
            name, phone]


def main():
    header = ["编号", "收到日期", "申请方式", "申请人类型", "申请内容", "补正告知日期", "补正收到日期", "延期",
              "征求意见开始", "征求意见结束", "答复日期", "办理结果", "申请人", "联系电话"]
    year_end = dt.date(2024, 12, 31)
    rows = []
    for i, day in enumerate([dt.date(2023, 12, 11), dt.date(2023, 12, 20), dt.date(2023, 12, 27)]):
        r = row(f"2023-{188 + i:03d}", day, year_end)
        rows.append(r)
    days = sorted(dt.date(2024, 1, 2) + dt.timedelta(days=rng.randint(0, 362)) for _ in range(197))
    for i, day in enumerate(days, 1):
        if day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        rows.append(row(f"2024-{i:03d}", min(day, year_end), year_end))
    def cell(v):
        return f'"{v}"' if any(c in v for c in ',"\n') else v
    lines = ["青禾县市场监督管理局政府信息公开申请台账（2024年度）" + "," * (len(header) - 1), ",".join(header)]
    lines += [",".join(cell(v) for v in r) for r in rows]
    out = pathlib.Path(__file__).resolve().parent.parent / "examples" / "ledger" / "qinghe-2024.csv"
    out.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    print(f"{out}: {len(rows)} requests")


if __name__ == "__main__":
    main()
