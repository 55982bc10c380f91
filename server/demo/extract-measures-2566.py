#!/usr/bin/env python3
"""Provenance of server/demo/measures-2566.json: extracts the measures tables of the seed
report (the FY2566 integrity report of Kudjok SAO, a text export of the PDF) into data.

Run once by hand: python3 server/demo/extract-measures-2566.py SEED.txt > server/demo/measures-2566.json
The product never runs this script; it reads the JSON file.

Rules: the table is cut by page breaks. A bold first cell opens a topic (its "(ต่อ)" repeats
on continued pages are not new topics). A body row whose first cell is empty, starts with
"(ต่อ)", is a bold "(ต่อ)" title, or repeats the title of the measure above (same first 25
letters) continues that measure: its steps, summary and outcomes are appended. Cell HTML
(<p>, <br>, <li>) becomes one line per paragraph; the text is otherwise kept as printed
(Thai and Arabic digits, typing slips included).
"""
import html, json, re, sys

def paragraphs(cell):
    s = re.sub(r'<br\s*/?>|</p>|</li>', '\n', cell)
    s = re.sub(r'<[^>]+>', '', s)
    s = html.unescape(s)
    out = []
    for line in s.split('\n'):
        line = re.sub(r'\s+', ' ', line).strip()
        if line:
            out.append(line)
    return out

def key(text):
    return re.sub(r'[\s\-]', '', text)[:25]

def main(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    topics = []
    for l in lines:
        if not l.startswith('|') or re.match(r'^\|[-| ]+\|\s*$', l):
            continue
        cells = [c.strip() for c in l.strip().strip('|').split('|')]
        if len(cells) != 5:
            raise SystemExit(f'row with {len(cells)} cells: {l[:80]}')
        if cells[0].startswith('มาตรการ/'):
            continue  # repeated header row
        first = cells[0]
        is_bold_title = re.fullmatch(r'(<p>)?<b>.*</b>(</p>)?', first) is not None
        if is_bold_title and not any(cells[1:]):
            title = ' '.join(paragraphs(first))
            if '(ต่อ)' in title:
                continue
            topics.append({'title': title, 'measures': []})
            continue
        measures = topics[-1]['measures']
        title_lines = paragraphs(first)
        continues = (
            not title_lines
            or title_lines[0].startswith('(ต่อ)')
            or (is_bold_title and '(ต่อ)' in first)
            or (measures and key(title_lines[0]) == key(measures[-1]['title'][0]))
        )
        period = ' '.join(paragraphs(cells[2]))
        if continues:
            m = measures[-1]
            m['steps'] += paragraphs(cells[1])
            m['summary'] += paragraphs(cells[3])
            m['outcomes'] += paragraphs(cells[4])
            if period != m['period']:
                raise SystemExit(f'period differs in a continued measure: {period}')
        else:
            measures.append({
                'title': title_lines,
                'steps': paragraphs(cells[1]),
                'period': period,
                'summary': paragraphs(cells[3]),
                'outcomes': paragraphs(cells[4]),
            })
    doc = {
        'fiscal_year': 2566,
        'title': 'ผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน',
        'subtitle': '(รอบ ๑๒ เดือน)',
        'prepared_by': 'สำนักปลัด งานธุรการ',
        'intro': [
            'จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2566',
            'นำมาสู่ข้อเสนอแนะในการกำหนดมาตรการในการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานของ องค์การบริหารส่วนตำบลกุดจอก ดังนี้',
        ],
        'topics': topics,
    }
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write('\n')

main(sys.argv[1])
