#!/usr/bin/env python3
"""Checks the synthetic example reports in this folder against the spec.

For every NAME.cells.tsv beside this script:
  (a) its keys are exactly the keys of spec/cells-20XX.tsv, in order (pre2019: the four meta keys),
      apart from keys deliberately omitted (declared in EXPECT below);
  (b) the values have the canonical shapes of spec/cells.md;
  (c) identities I1-I4 of spec/templates.md §5 are recomputed from the expected cells; each is
      reported as holding, broken, or unchecked (a blank, a mark such as "—", or an omitted key);
  (d) the report beside it (NAME.txt / NAME.md) decodes, its title names meta.agency and meta.year,
      and its last date line matches meta.published;
  (e) for a report whose tables run together on one line (crawled web text), every row's digit run
      has exactly one split into the row's cells that satisfies the row's identity.

What each example is meant to break is declared in EXPECT; the script fails (exit 1) when the
recomputed result differs from the declaration, so a valid example must hold every identity it can.

Usage: python3 examples/verify.py [--spec DIR] [-v]
The spec folder defaults to ../shared/spec relative to the repository root (this file's parent's parent).
Standard library only.
"""
import argparse, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SPEC = os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'spec'))

COLS = ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other_org', 'total']
NON_LEAF = ('received', 'carried_over', 'total', 'carried_forward')
T4_GROUPS = ['review', 'litigation_direct', 'litigation_after_review']
T4_RES = ['upheld', 'corrected', 'other', 'pending', 'total']
META = ['meta.agency', 'meta.year', 'meta.template', 'meta.published']
REPORT_EXTS = ('.txt', '.md', '.html', '.htm', '.docx', '.pdf')


def col_keys(row):
    return [f'requests.{row}.{c}' for c in COLS]


# What each example breaks or cannot check. Anything not listed must hold (or be checkable).
#   breaks:    identity instances that must fail, e.g. "I2 granted" (row), "I3 natural" (column),
#              "I4 review" (group)
#   unchecked: identity instances that cannot be evaluated (blank, mark or omitted cell)
#   omitted:   keys deliberately absent from the expected file
EXPECT = {
    'error-outcome-total': {
        'breaks': {'I2 granted', 'I3 natural'},
    },
    'error-review-total': {
        'breaks': {'I4 review', 'I4 litigation_direct'},
    },
    'error-blank-and-marks': {
        'omitted': set(col_keys('carried_over')),
        'unchecked': {f'I1 {c}' for c in COLS} | {'I2 carried_over', 'I2 denied.query', 'I3 research'},
    },
    'error-missing-table': {
        'unchecked': {f'I4 {g}' for g in T4_GROUPS},
    },
}


def spec_keys(spec, template):
    if template == 'pre2019':
        return list(META)
    path = os.path.join(spec, f'cells-{template}.tsv')
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    return [l.split('\t')[0] for l in lines[1:] if l.strip()]


def read_cells(path):
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    if not lines or lines[0] != 'key\tvalue':
        raise ValueError('first line is not "key<TAB>value"')
    pairs = []
    for n, line in enumerate(lines[1:], 2):
        if '\t' not in line:
            raise ValueError(f'line {n} has no TAB: {line!r}')
        k, v = line.split('\t', 1)
        pairs.append((k, v))
    return pairs


def count(v):
    """An integer cell value, or None when it is blank or a mark."""
    return int(v) if v is not None and re.fullmatch(r'-?\d+', v) else None


# ---------- (a) keys ----------

def check_keys(pairs, want, omitted_ok):
    errors = []
    keys = [k for k, _ in pairs]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        errors.append(f'duplicate keys: {dup}')
    unknown = [k for k in keys if k not in want]
    if unknown:
        errors.append(f'keys not in the spec: {unknown[:5]}')
    pos = [want.index(k) for k in keys if k in want]
    if pos != sorted(pos):
        errors.append('keys are not in spec order')
    missing = [k for k in want if k not in keys]
    if set(missing) != set(omitted_ok):
        extra = sorted(set(missing) - set(omitted_ok))
        gone = sorted(set(omitted_ok) - set(missing))
        if extra:
            errors.append(f'{len(extra)} keys missing that are not declared omitted: {extra[:5]}')
        if gone:
            errors.append(f'{len(gone)} keys declared omitted are present: {gone[:5]}')
    return errors, missing


# ---------- (b) value shapes ----------

MARKS = {'/', '—', '-', '无', '－', '／'}


def check_values(cells):
    errors = []
    tm = cells.get('meta.template')
    if tm not in ('2019', '2021', 'pre2019'):
        errors.append(f'meta.template {tm!r}')
    if not re.fullmatch(r'\d{4}', cells.get('meta.year', '')):
        errors.append(f'meta.year {cells.get("meta.year")!r}')
    pub = cells.get('meta.published', '')
    if pub and not re.fullmatch(r'\d{4}-\d\d-\d\d', pub):
        errors.append(f'meta.published {pub!r}')
    if not cells.get('meta.agency'):
        errors.append('meta.agency is empty')
    for k, v in cells.items():
        if k.startswith('meta.') or v == '' or v in MARKS:
            continue
        if k == 'active.procurement.amount_unit':
            ok = v in ('元', '万元')
        elif k in ('active.procurement.amount', 'active.fees.amount'):
            ok = re.fullmatch(r'\d+(\.\d+)?', v) is not None
        elif k.endswith('.change'):
            ok = re.fullmatch(r'-?\d+', v) is not None
        else:
            ok = re.fullmatch(r'\d+', v) is not None
        if not ok:
            errors.append(f'{k} has a non-canonical value {v!r}')
    return errors


# ---------- (c) identities ----------

def identities(cells, template):
    """Returns {instance: (state, detail)} with state 'holds' | 'broken' | 'unchecked'."""
    keys = spec_keys_cache[template]
    rows = []
    for k in keys:
        if k.startswith('requests.'):
            row = k[len('requests.'):].rsplit('.', 1)[0]
            if row not in rows:
                rows.append(row)
    leaves = [r for r in rows if r not in NON_LEAF]
    g = lambda k: count(cells.get(k))
    out = {}

    def judge(name, lhs_keys, rhs_keys, lhs_label, rhs_label):
        lv = [g(k) for k in lhs_keys]
        rv = [g(k) for k in rhs_keys]
        if None in lv or None in rv:
            bad = [k for k in lhs_keys + rhs_keys if g(k) is None]
            shown = ', '.join(f'{k}={cells.get(k, "<omitted>")!r}' for k in bad[:3])
            out[name] = ('unchecked', shown)
        elif sum(lv) == sum(rv):
            out[name] = ('holds', '')
        else:
            out[name] = ('broken', f'{lhs_label} = {sum(lv)} but {rhs_label} = {sum(rv)}')

    for c in COLS:
        judge(f'I1 {c}', [f'requests.received.{c}', f'requests.carried_over.{c}'],
              [f'requests.total.{c}', f'requests.carried_forward.{c}'], '一+二', '（七）+四')
    for r in rows:
        judge(f'I2 {r}', [f'requests.{r}.total'], [f'requests.{r}.{c}' for c in COLS[:6]],
              '总计', 'sum of the six applicant columns')
    for c in COLS:
        judge(f'I3 {c}', [f'requests.total.{c}'], [f'requests.{r}.{c}' for r in leaves],
              '（七）总计', f'sum of the {len(leaves)} outcome rows')
    for grp in T4_GROUPS:
        judge(f'I4 {grp}', [f'{grp}.total'], [f'{grp}.{r}' for r in T4_RES[:4]],
              '总计', 'sum of the four results')
    return out


# ---------- (d) the report beside the cells ----------

def read_report(path):
    raw = open(path, 'rb').read()
    if raw[:2] in (b'\xff\xfe', b'\xfe\xff'):
        return raw.decode('utf-16'), 'UTF-16 (BOM)'
    if raw[:3] == b'\xef\xbb\xbf':
        return raw[3:].decode('utf-8'), 'UTF-8 (BOM)'
    try:
        return raw.decode('utf-8'), 'UTF-8'
    except UnicodeDecodeError:
        return raw.decode('gbk'), 'GBK'


def cn_date(iso):
    y, m, d = iso.split('-')
    return f'{int(y)}年{int(m)}月{int(d)}日'


def check_report(stem, cells):
    errors, note = [], ''
    found = [stem + e for e in REPORT_EXTS if os.path.exists(stem + e)]
    if not found:
        return [f'no report file beside {os.path.basename(stem)}.cells.tsv'], '', None
    try:
        text, note = read_report(found[0])
    except UnicodeDecodeError as e:
        return [f'{found[0]} does not decode: {e}'], '', None
    flat = re.sub(r'\s+', '', text)
    title = f'{cells["meta.agency"]}{cells["meta.year"]}年'
    if title + '政府信息公开工作年度报告' not in flat[:200]:
        errors.append(f'the title does not read {title}…年度报告')
    date_lines = [l.strip(' \f\r') for l in text.splitlines()
                  if re.fullmatch(r'20\d\d年\d{1,2}月\d{1,2}日', l.strip(' \f\r'))]
    pub = cells['meta.published']
    if pub:
        ok = (date_lines and date_lines[-1] == cn_date(pub)) or text.rstrip().endswith(cn_date(pub))
        if not ok:
            errors.append(f'the report does not end with the date line {cn_date(pub)}')
    elif date_lines:
        errors.append(f'the report has a date line {date_lines[-1]} but meta.published is empty')
    return errors, note, text


# ---------- (e) cells that run together ----------

def valid_token(t):
    body = t[1:] if t[:1] in '+-' else t
    if '.' in body:
        a, _, b = body.partition('.')
        return a.isdigit() and b.isdigit() and (a == '0' or a[0] != '0')
    return body.isdigit() and (body == '0' or body[0] != '0')


def splits(run, n, pred):
    found = []

    def rec(i, acc):
        if len(acc) == n:
            if i == len(run) and pred(acc):
                found.append(acc)
            return
        for j in range(i + 1, len(run) + 1):
            if valid_token(run[i:j]):
                rec(j, acc + [run[i:j]])
    rec(0, [])
    return found


def check_runs(cells, text):
    """Each row's cells, written together as the report prints them, must split one way only."""
    errors, n = [], 0
    groups = {}
    for k, v in cells.items():
        if k.startswith('active.') and k != 'active.procurement.amount_unit':
            groups.setdefault(k.rsplit('.', 1)[0], []).append(k)
        elif k.startswith('requests.'):
            groups.setdefault(k.rsplit('.', 1)[0], []).append(k)
        elif k.split('.')[0] in T4_GROUPS:
            groups.setdefault('review-table', []).append(k)
    for grp, keys in groups.items():
        vals = [cells[k] for k in keys]
        if all(v == '' for v in vals):
            continue   # left unresolved (a table 二 run that also splits with blank cells)
        run = ''.join(vals)
        if run not in text:   # 本年增/减 may be printed with a '+' that the cells drop
            vals = ['+' + v if k.endswith('.change') and re.fullmatch(r'[1-9]\d*', v) else v
                    for k, v in zip(keys, vals)]
            run = ''.join(vals)
        if grp.startswith('requests.'):
            pred = lambda t: sum(map(int, t[:6])) == int(t[6])
        elif grp == 'review-table':
            pred = lambda t: all(sum(map(int, t[i:i + 4])) == int(t[i + 4]) for i in (0, 5, 10))
        else:
            pred = lambda t: True
        unit = cells.get('active.procurement.amount_unit', '') if grp == 'active.procurement' else ''
        if run + unit not in text:
            errors.append(f'{grp}: the run {run + unit!r} is not in the report')
            continue
        ways = splits(run, len(keys), pred)
        n += 1
        if len(ways) != 1:
            errors.append(f'{grp}: the run {run!r} splits {len(ways)} ways: {ways[:3]}')
    return errors, n


# ---------- main ----------

spec_keys_cache = {}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--spec', default=DEFAULT_SPEC)
    ap.add_argument('-v', '--verbose', action='store_true')
    a = ap.parse_args()
    for t in ('2019', '2021', 'pre2019'):
        spec_keys_cache[t] = spec_keys(a.spec, t)
    files = sorted(f for f in os.listdir(HERE) if f.endswith('.cells.tsv'))
    failed = 0
    for f in files:
        name = f[:-len('.cells.tsv')]
        exp = EXPECT.get(name, {})
        problems = []
        try:
            pairs = read_cells(os.path.join(HERE, f))
        except ValueError as e:
            print(f'FAIL {name}: {e}')
            failed += 1
            continue
        cells = dict(pairs)
        tm = cells.get('meta.template', '')
        if tm not in spec_keys_cache:
            print(f'FAIL {name}: meta.template {tm!r}')
            failed += 1
            continue
        want = spec_keys_cache[tm]
        errs, missing = check_keys(pairs, want, exp.get('omitted', set()))
        problems += errs
        problems += check_values(cells)
        rerrs, enc, text = check_report(os.path.join(HERE, name), cells)
        problems += rerrs
        summary = [f'{tm}', f'{len(pairs)}/{len(want)} keys', enc]
        if missing:
            summary.append(f'{len(missing)} omitted')
        states = identities(cells, tm) if tm != 'pre2019' else {}
        by = {'holds': [], 'broken': [], 'unchecked': []}
        for inst, (state, _) in states.items():
            by[state].append(inst)
        if states:
            for ident in ('I1', 'I2', 'I3', 'I4'):
                insts = [i for i in states if i.startswith(ident + ' ')]
                ok = sum(states[i][0] == 'holds' for i in insts)
                summary.append(f'{ident} {ok}/{len(insts)}')
        if set(by['broken']) != exp.get('breaks', set()):
            problems.append(f'breaks {sorted(by["broken"])}, declared {sorted(exp.get("breaks", set()))}')
        if set(by['unchecked']) != exp.get('unchecked', set()):
            problems.append(f'unchecked {sorted(by["unchecked"])}, declared {sorted(exp.get("unchecked", set()))}')
        if text is not None and tm != 'pre2019' and '（七）总计' in max(text.splitlines(), key=len):
            rerr, n = check_runs(cells, text)
            problems += rerr
            summary.append(f'runs {n - len(rerr)}/{n} split uniquely')
        status = 'FAIL' if problems else 'ok'
        failed += bool(problems)
        print(f'{status:4} {name}: ' + ', '.join(s for s in summary if s))
        for inst in sorted(by['broken']):
            print(f'       broken    {inst}: {states[inst][1]}')
        if a.verbose:
            for inst in sorted(by['unchecked']):
                print(f'       unchecked {inst}: {states[inst][1]}')
        for p in problems:
            print(f'       PROBLEM   {p}')
    print(f'{len(files)} examples, {failed} failing')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
