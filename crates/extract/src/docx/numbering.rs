//! Automatic paragraph numbering (`numbering.xml`, and numbering set on paragraph styles): the
//! label Word shows before a numbered paragraph (`一、`, `（二）`, `3.`), which the text of the
//! paragraph itself lacks. The parser recognises section headings by their numbering, so the
//! label is written back in front of the text.

use std::collections::{HashMap, HashSet};

use super::xml::{Item, Ns, Xml};
use crate::Error;

/// Levels of a list (`w:ilvl` 0–8).
const LEVELS: usize = 9;

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    format: Option<String>,
    text: Option<String>,
    legal: bool,
    style: Option<String>,
}

/// The numbering definitions of a document and the paragraph styles that carry numbering.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    /// `w:abstractNum` by id: its levels.
    abstracts: HashMap<u32, Vec<Level>>,
    /// `w:num` by id: its abstract definition and per-level start overrides.
    nums: HashMap<u32, Num>,
    /// Paragraph styles: (`w:numId`, `w:ilvl`, `w:basedOn`).
    styles: HashMap<String, StyleNumbering>,
    /// Counters per abstract definition (Word continues a list across `w:num`s sharing one).
    counters: HashMap<u32, [Option<u32>; LEVELS]>,
    /// `w:num`s already used (their start overrides apply once, at first use).
    used: HashSet<u32>,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: u32,
    overrides: HashMap<usize, (Option<u32>, Option<Level>)>,
}

#[derive(Debug, Default, Clone)]
struct StyleNumbering {
    num_id: Option<u32>,
    level: Option<usize>,
    based_on: Option<String>,
}

/// The numbering a paragraph asks for in its own properties.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumPr {
    /// `w:numId` (0 turns numbering off).
    pub num_id: Option<u32>,
    /// `w:ilvl`.
    pub level: Option<usize>,
}

fn number(s: Option<&str>) -> Option<u32> {
    s.and_then(|v| v.trim().parse().ok())
}

fn level_index(s: Option<&str>) -> Option<usize> {
    number(s).map(|n| (n as usize).min(LEVELS - 1))
}

impl Numbering {
    #[cfg(test)]
    fn read(numbering: Option<&str>, styles: Option<&str>) -> Result<Numbering, Error> {
        let mut out = Numbering::default();
        if let Some(text) = numbering {
            out.read_numbering(text)?;
        }
        if let Some(text) = styles {
            out.read_styles(text)?;
        }
        Ok(out)
    }

    /// Reads the list definitions of `numbering.xml` (all or nothing).
    pub fn read_numbering(&mut self, text: &str) -> Result<(), Error> {
        let mut read = Numbering::default();
        read.numbering_part(text)?;
        self.abstracts = read.abstracts;
        self.nums = read.nums;
        Ok(())
    }

    /// Reads the numbering of paragraph styles in `styles.xml` (all or nothing).
    pub fn read_styles(&mut self, text: &str) -> Result<(), Error> {
        let mut read = Numbering::default();
        read.styles_part(text)?;
        self.styles = read.styles;
        Ok(())
    }

    fn numbering_part(&mut self, text: &str) -> Result<(), Error> {
        let mut xml = Xml::new(text, "word/numbering.xml");
        // Where we are: the abstract definition or num being read, and its level.
        let mut abstract_id: Option<u32> = None;
        let mut num_id: Option<u32> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_level: Option<usize> = None;
        loop {
            match xml.next()? {
                Item::Start(tag) if tag.ns == Ns::W => match tag.local() {
                    "abstractNum" => {
                        abstract_id = number(xml.w(&tag, "abstractNumId").as_deref());
                        if let Some(id) = abstract_id {
                            self.abstracts.entry(id).or_default();
                        }
                    }
                    "num" => {
                        num_id = number(xml.w(&tag, "numId").as_deref());
                    }
                    "abstractNumId" => {
                        if let (Some(id), Some(target)) =
                            (num_id, number(xml.w(&tag, "val").as_deref()))
                        {
                            self.nums.entry(id).or_default().abstract_id = target;
                        }
                    }
                    "lvlOverride" => override_level = level_index(xml.w(&tag, "ilvl").as_deref()),
                    "startOverride" => {
                        if let (Some(id), Some(l)) = (num_id, override_level) {
                            let entry = self.nums.entry(id).or_default();
                            entry.overrides.entry(l).or_default().0 =
                                number(xml.w(&tag, "val").as_deref());
                        }
                    }
                    "lvl" => {
                        level = Some((
                            level_index(xml.w(&tag, "ilvl").as_deref()).unwrap_or(0),
                            Level::default(),
                        ));
                    }
                    "start" => {
                        if let Some((_, l)) = &mut level {
                            l.start = number(xml.w(&tag, "val").as_deref());
                        }
                    }
                    "numFmt" => {
                        if let Some((_, l)) = &mut level {
                            l.format = xml.w(&tag, "val");
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = &mut level {
                            l.text = xml.w(&tag, "val");
                        }
                    }
                    "isLgl" => {
                        if let Some((_, l)) = &mut level {
                            l.legal = !matches!(
                                xml.w(&tag, "val").as_deref(),
                                Some("0" | "false" | "off")
                            );
                        }
                    }
                    "pStyle" => {
                        if let Some((_, l)) = &mut level {
                            l.style = xml.w(&tag, "val");
                        }
                    }
                    _ => {}
                },
                Item::End(end) if end.ns == Ns::W => match end.local() {
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    "lvlOverride" => override_level = None,
                    "lvl" => {
                        if let Some((index, def)) = level.take() {
                            if let Some(id) = num_id {
                                // A level redefined inside a `w:lvlOverride`.
                                let l = override_level.unwrap_or(index);
                                let entry = self.nums.entry(id).or_default();
                                entry.overrides.entry(l).or_default().1 = Some(def);
                            } else if let Some(id) = abstract_id {
                                let levels = self.abstracts.entry(id).or_default();
                                if levels.len() <= index {
                                    levels.resize(index + 1, Level::default());
                                }
                                levels[index] = def;
                            }
                        }
                    }
                    _ => {}
                },
                Item::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn styles_part(&mut self, text: &str) -> Result<(), Error> {
        let mut xml = Xml::new(text, "word/styles.xml");
        let mut style: Option<(String, StyleNumbering)> = None;
        let mut in_ppr = false;
        loop {
            match xml.next()? {
                Item::Start(tag) if tag.ns == Ns::W => match tag.local() {
                    "style" => {
                        let paragraph = xml.w(&tag, "type").is_none_or(|t| t == "paragraph");
                        style = match (paragraph, xml.w(&tag, "styleId")) {
                            (true, Some(id)) => Some((id, StyleNumbering::default())),
                            _ => None,
                        };
                    }
                    "basedOn" => {
                        if let Some((_, s)) = &mut style {
                            s.based_on = xml.w(&tag, "val");
                        }
                    }
                    "pPr" => in_ppr = true,
                    "pPrChange" | "rPr" => xml.skip()?,
                    "numId" if in_ppr => {
                        if let Some((_, s)) = &mut style {
                            s.num_id = number(xml.w(&tag, "val").as_deref());
                        }
                    }
                    "ilvl" if in_ppr => {
                        if let Some((_, s)) = &mut style {
                            s.level = level_index(xml.w(&tag, "val").as_deref());
                        }
                    }
                    _ => {}
                },
                Item::End(end) if end.ns == Ns::W => match end.local() {
                    "pPr" => in_ppr = false,
                    "style" => {
                        if let Some((id, s)) = style.take() {
                            self.styles.insert(id, s);
                        }
                    }
                    _ => {}
                },
                Item::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// The numbering of a paragraph with direct properties `direct` and style `style`: the
    /// direct `w:numId`/`w:ilvl`, else those of the style or the styles it is based on.
    fn resolve(&self, direct: NumPr, style: Option<&str>) -> Option<(u32, usize)> {
        let mut num_id = direct.num_id;
        let mut level = direct.level;
        let mut current = style.map(str::to_string);
        let mut style_of_num = None;
        for _ in 0..16 {
            if num_id.is_some() && level.is_some() {
                break;
            }
            let Some(id) = current else { break };
            let Some(s) = self.styles.get(&id) else { break };
            if num_id.is_none() && s.num_id.is_some() {
                num_id = s.num_id;
                style_of_num = Some(id.clone());
            }
            if level.is_none() && s.level.is_some() && num_id.is_some() {
                level = s.level;
            }
            current = s.based_on.clone();
        }
        let num_id = num_id.filter(|&n| n != 0)?;
        let level = level.or_else(|| {
            // A style-linked list: the level that names the style.
            let num = self.nums.get(&num_id)?;
            let levels = self.abstracts.get(&num.abstract_id)?;
            let style = style_of_num.as_deref().or(style)?;
            levels
                .iter()
                .position(|l| l.style.as_deref() == Some(style))
        });
        Some((num_id, level.unwrap_or(0)))
    }

    fn level(&self, num_id: u32, level: usize) -> Option<Level> {
        let num = self.nums.get(&num_id)?;
        if let Some((_, Some(def))) = num.overrides.get(&level) {
            return Some(def.clone());
        }
        self.abstracts.get(&num.abstract_id)?.get(level).cloned()
    }

    /// Counts the paragraph and returns its label (`一、`, `（二）`, `3. `), or `None` when it is
    /// not numbered, is a bullet, or its list cannot be found.
    pub fn label(&mut self, direct: NumPr, style: Option<&str>) -> Option<String> {
        let (num_id, level) = self.resolve(direct, style)?;
        let def = self.level(num_id, level)?;
        let abstract_id = self.nums.get(&num_id)?.abstract_id;
        let starts: Vec<u32> = (0..LEVELS).map(|l| self.start(num_id, l)).collect();
        let counters = self.counters.entry(abstract_id).or_default();
        if self.used.insert(num_id) {
            // Restarting overrides apply when the list is first used.
            if let Some(num) = self.nums.get(&num_id) {
                for (&l, (start, _)) in &num.overrides {
                    if start.is_some() && l < LEVELS {
                        counters[l] = None;
                    }
                }
            }
        }
        counters[level] = Some(counters[level].map_or(starts[level], |n| n.saturating_add(1)));
        for deeper in &mut counters[level + 1..] {
            *deeper = None;
        }
        let values: Vec<u32> = (0..LEVELS)
            .map(|l| counters[l].unwrap_or(starts[l]))
            .collect();
        let format = def.format.as_deref().unwrap_or("decimal");
        if format == "bullet" {
            return None;
        }
        let template = def.text.clone().unwrap_or_default();
        let mut label = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let l = d as usize - 1;
                let fmt = if def.legal {
                    "decimal".to_string()
                } else if l == level {
                    format.to_string()
                } else {
                    self.level(num_id, l)
                        .and_then(|x| x.format)
                        .unwrap_or_else(|| "decimal".to_string())
                };
                label.push_str(&format_number(values[l], &fmt));
            } else {
                label.push(c);
            }
        }
        if label.trim().is_empty() {
            return None;
        }
        if label.ends_with(|c: char| c.is_ascii_alphanumeric() || c.is_ascii_punctuation()) {
            label.push(' ');
        }
        Some(label)
    }

    fn start(&self, num_id: u32, level: usize) -> u32 {
        if let Some(num) = self.nums.get(&num_id)
            && let Some((Some(start), _)) = num.overrides.get(&level)
        {
            return *start;
        }
        self.level(num_id, level).and_then(|l| l.start).unwrap_or(1)
    }
}

/// `n` written in a `w:numFmt` format; formats not known here are written in decimal.
pub(crate) fn format_number(n: u32, format: &str) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    const HEAVENLY: &str = "甲乙丙丁戊己庚辛壬癸";
    const EARTHLY: &str = "子丑寅卯辰巳午未申酉戌亥";
    match format {
        "none" => String::new(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n, "零一二三四五六七八九", "十百千"),
        "chineseLegalSimplified" | "japaneseLegal" => chinese(n, "零壹贰叁肆伍陆柒捌玖", "拾佰仟"),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .filter_map(|d| d.to_digit(10))
            .filter_map(|d| "〇一二三四五六七八九".chars().nth(d as usize))
            .collect(),
        "ideographTraditional" => cycle(n, HEAVENLY),
        "ideographZodiac" => cycle(n, EARTHLY),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            CIRCLED
                .chars()
                .nth(n as usize - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalEnclosedParen" => format!("({n})"),
        "decimalEnclosedFullstop" => format!("{n}."),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32))
            .collect(),
        "upperLetter" | "lowerLetter" => {
            let letter = (b'A' + ((n.max(1) - 1) % 26) as u8) as char;
            let s = letter
                .to_string()
                .repeat(((n.max(1) - 1) / 26 + 1) as usize);
            if format == "lowerLetter" {
                s.to_lowercase()
            } else {
                s
            }
        }
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn cycle(n: u32, symbols: &str) -> String {
    let count = symbols.chars().count() as u32;
    symbols
        .chars()
        .nth(((n.max(1) - 1) % count) as usize)
        .map(String::from)
        .unwrap_or_default()
}

/// Chinese counting: 一 … 十, 十一, 二十, 一百零一, up to 9999 (decimal beyond).
fn chinese(n: u32, digits: &str, units: &str) -> String {
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let digit = |d: u32| digits.chars().nth(d as usize).unwrap_or('?');
    let units: Vec<char> = units.chars().collect();
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in parts.iter().enumerate() {
        let unit = match i {
            0 => Some(units[2]),
            1 => Some(units[1]),
            2 => Some(units[0]),
            _ => None,
        };
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push(digit(0));
            zero = false;
        }
        // 十一 rather than 一十一 when the number starts in the tens.
        if !(i == 2 && d == 1 && out.is_empty()) {
            out.push(digit(d));
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting() {
        let got: Vec<String> = [1, 6, 10, 11, 20, 21, 100, 101, 110, 1001]
            .iter()
            .map(|&n| format_number(n, "chineseCounting"))
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "六",
                "十",
                "十一",
                "二十",
                "二十一",
                "一百",
                "一百零一",
                "一百一十",
                "一千零一"
            ]
        );
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn numbering() -> Numbering {
        let numbering = format!(
            r#"<w:numbering {W}>
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles {W}>
<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style>
</w:styles>"#
        );
        Numbering::read(Some(&numbering), Some(&styles)).unwrap()
    }

    fn direct(num_id: u32, level: usize) -> NumPr {
        NumPr {
            num_id: Some(num_id),
            level: Some(level),
        }
    }

    #[test]
    fn labels_count_per_level_and_restart_below() {
        let mut n = numbering();
        assert_eq!(n.label(direct(1, 0), None).as_deref(), Some("一、"));
        assert_eq!(n.label(direct(1, 1), None).as_deref(), Some("（一）"));
        assert_eq!(n.label(direct(1, 1), None).as_deref(), Some("（二）"));
        assert_eq!(n.label(direct(1, 2), None).as_deref(), Some("1. "));
        assert_eq!(n.label(direct(1, 0), None).as_deref(), Some("二、"));
        assert_eq!(n.label(direct(1, 1), None).as_deref(), Some("（一）"));
        // Through a style, and a style based on it.
        assert_eq!(
            n.label(NumPr::default(), Some("H1b")).as_deref(),
            Some("三、")
        );
        // Bullets and numbering turned off get no label.
        assert_eq!(n.label(direct(2, 0), None), None);
        assert_eq!(n.label(direct(0, 0), Some("H1")), None);
        // A start override restarts the shared list.
        assert_eq!(n.label(direct(3, 0), None).as_deref(), Some("五、"));
    }
}
