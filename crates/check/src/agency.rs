//! Who published a report: government or department (for the 第四十九条 deadline), and whether
//! two names are one agency.

use gongkai_model::Date;

/// The publication deadline of 政府信息公开条例 第四十九条 for a report covering `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// 县级以上人民政府部门: 1月31日 of the next year.
    Department(Date),
    /// 县级以上地方人民政府 (published by its 政府信息公开工作主管部门): 3月31日.
    Government(Date),
    /// The name does not tell (e.g. 乡镇人民政府, 街道办事处, unnamed).
    Unknown,
}

const GOVERNMENT_LEVELS: &[char] = &['省', '市', '县', '区', '州', '盟', '旗'];
const TOWNSHIP: &[&str] = &["乡人民政府", "镇人民政府", "街道办事处", "街道", "苏木"];
const DEPARTMENT_ENDINGS: &[&str] = &[
    "局",
    "委",
    "委员会",
    "厅",
    "办",
    "办公室",
    "中心",
    "院",
    "署",
    "部",
    "所",
    "站",
    "队",
    "处",
    "管委会",
    "管理委员会",
    "监督管理局",
    "事务服务中心",
];

/// The deadline for the report of `agency` covering `year`, from the agency's name.
pub fn deadline(agency: &str, year: i32) -> Deadline {
    let name: String = agency.chars().filter(|c| !c.is_whitespace()).collect();
    if TOWNSHIP.iter().any(|t| name.ends_with(t)) {
        return Deadline::Unknown;
    }
    if let Some(stem) = name.strip_suffix("人民政府")
        && stem.chars().any(|c| GOVERNMENT_LEVELS.contains(&c))
    {
        return Date::new(year + 1, 3, 31).map_or(Deadline::Unknown, Deadline::Government);
    }
    if DEPARTMENT_ENDINGS.iter().any(|e| name.ends_with(e)) {
        return Date::new(year + 1, 1, 31).map_or(Deadline::Unknown, Deadline::Department);
    }
    Deadline::Unknown
}

/// True when two names denote one agency: equal after removing spaces, or one is the other with
/// its higher-level place names in front (淮安市洪泽区人民政府 and 洪泽区人民政府).
pub fn same_agency(a: &str, b: &str) -> bool {
    let a: String = a.chars().filter(|c| !c.is_whitespace()).collect();
    let b: String = b.chars().filter(|c| !c.is_whitespace()).collect();
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (long, short) = if a.chars().count() >= b.chars().count() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if short.chars().count() < 4 || !long.ends_with(short.as_str()) {
        return false;
    }
    // What is cut off must be whole place names (…省, …市, …县, …区, …州).
    let prefix = &long[..long.len() - short.len()];
    prefix.ends_with(GOVERNMENT_LEVELS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_by_kind_of_agency() {
        assert!(
            matches!(deadline("淮安市人民政府", 2024), Deadline::Government(d) if d.to_string() == "2025-03-31")
        );
        assert!(
            matches!(deadline("宜春市卫生健康委", 2020), Deadline::Department(d) if d.to_string() == "2021-01-31")
        );
        assert!(matches!(
            deadline("淮安市人民政府办公室", 2020),
            Deadline::Department(_)
        ));
        assert_eq!(deadline("白石镇人民政府", 2020), Deadline::Unknown);
        assert_eq!(deadline("平潭综合实验区", 2019), Deadline::Unknown);
    }

    #[test]
    fn loose_agency_names() {
        assert!(same_agency("淮安市洪泽区人民政府", "洪泽区人民政府"));
        assert!(same_agency("洪泽区人民政府", "洪泽区 人民政府"));
        assert!(!same_agency("淮安市人民政府", "洪泽区人民政府"));
        assert!(!same_agency("市人民政府", "淮安市人民政府办"));
    }
}
