//! Synthetic reports for the layout matrix: authoring files filled with numbers that keep every
//! identity (I1–I4), in both templates, with zeros, blank cells and large numbers, built from a
//! fixed seed so that every run writes the same files.

use gongkai_model::labels::{
    Applicant, ColumnKind, REVIEW_COLUMNS, ReviewGroup, Template, active_rows, request_rows,
};
use gongkai_model::{Report, SourceId};

/// One synthetic report: a name for its files and the report itself.
pub struct Synthetic {
    /// File stem (`2021-small`, …).
    pub name: &'static str,
    /// The report as the authoring file states it.
    pub report: Report,
}

/// How the numbers of one synthetic report are drawn.
struct Recipe {
    name: &'static str,
    agency: &'static str,
    template: Template,
    year: i32,
    seed: u64,
    /// Largest number in an outcome cell.
    max: u64,
    /// One cell in `zero_one_in` is drawn as 0 (before the totals are summed).
    zero_one_in: u64,
    /// Table 二 cells left blank (one in this many; 0: none).
    blank_one_in: u64,
}

const RECIPES: [Recipe; 4] = [
    Recipe {
        name: "2021-small",
        agency: "青禾县市场监督管理局",
        template: Template::Y2021,
        year: 2023,
        seed: 11,
        max: 9,
        zero_one_in: 2,
        blank_one_in: 0,
    },
    Recipe {
        name: "2021-large",
        agency: "白石市人民政府办公室",
        template: Template::Y2021,
        year: 2024,
        seed: 29,
        max: 900,
        zero_one_in: 4,
        blank_one_in: 0,
    },
    Recipe {
        name: "2019-mixed",
        agency: "云岭县教育局",
        template: Template::Y2019,
        year: 2020,
        seed: 47,
        max: 60,
        zero_one_in: 3,
        blank_one_in: 5,
    },
    Recipe {
        name: "2021-sparse",
        agency: "东川区人民政府",
        template: Template::Y2021,
        year: 2022,
        seed: 83,
        max: 3,
        zero_one_in: 1,
        blank_one_in: 3,
    },
];

/// Every synthetic report.
pub fn all() -> Vec<Synthetic> {
    RECIPES
        .iter()
        .map(|r| Synthetic {
            name: r.name,
            report: build(r),
        })
        .collect()
}

/// A small deterministic generator (xorshift64*): the same files on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// A count: 0 one time in `zero_one_in`, else 1..=max.
    fn count(&mut self, max: u64, zero_one_in: u64) -> u64 {
        if zero_one_in <= 1 || self.below(zero_one_in) == 0 {
            if zero_one_in == 1 && self.below(4) == 0 {
                return 1 + self.below(max);
            }
            0
        } else {
            1 + self.below(max)
        }
    }
}

fn build(r: &Recipe) -> Report {
    let mut rng = Rng(r.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut toml = gongkai_authoring::skeleton(r.template, Some(r.agency), Some(r.year));
    let mut set = |key: &str, value: String| {
        let empty = format!("\"{key}\" = \"\"");
        assert!(toml.contains(&empty), "skeleton has no {key}");
        toml = toml.replacen(&empty, &format!("\"{key}\" = {value}"), 1);
    };
    // Table 二: counts, or blank cells; amounts as whole 万元.
    for spec in active_rows(r.template) {
        for (col, _, kind) in spec.columns {
            if r.blank_one_in > 0 && rng.below(r.blank_one_in) == 0 {
                continue;
            }
            let value = match kind {
                ColumnKind::Amount => format!("{}", rng.count(r.max * 3, r.zero_one_in)),
                ColumnKind::Change => format!("{}", rng.count(r.max, r.zero_one_in)),
                ColumnKind::Count => format!("{}", rng.count(r.max * 20, r.zero_one_in)),
            };
            set(&format!("active.{}.{col}", spec.key), value);
        }
    }
    // Table 三: outcome rows drawn per applicant column, the rest summed so that I1–I3 hold.
    let rows: Vec<_> = request_rows(r.template).collect();
    let mut cell = vec![[0u64; 7]; rows.len()];
    for (row, spec) in cell.iter_mut().zip(&rows) {
        if spec.outcome {
            for v in &mut row[..6] {
                *v = rng.count(r.max, r.zero_one_in);
            }
        }
    }
    let index = |key: &str| rows.iter().position(|s| s.key == key).unwrap();
    let (received, over, total, forward) = (
        index("received"),
        index("carried_over"),
        index("total"),
        index("carried_forward"),
    );
    #[allow(clippy::needless_range_loop)] // one column across several rows
    for c in 0..6 {
        let done: u64 = (0..rows.len())
            .filter(|&i| rows[i].outcome)
            .map(|i| cell[i][c])
            .sum();
        cell[total][c] = done;
        cell[forward][c] = rng.count(r.max, r.zero_one_in);
        let flow = done + cell[forward][c];
        cell[over][c] = rng.below(flow + 1).min(rng.count(r.max, r.zero_one_in));
        cell[received][c] = flow - cell[over][c];
    }
    for row in &mut cell {
        row[6] = row[..6].iter().sum();
    }
    for (i, spec) in rows.iter().enumerate() {
        for (c, col) in Applicant::ALL.iter().enumerate() {
            set(
                &format!("requests.{}.{}", spec.key, col.key()),
                cell[i][c].to_string(),
            );
        }
    }
    // Table 四: four results and their total, per group.
    for group in ReviewGroup::ALL {
        let parts: Vec<u64> = (0..4).map(|_| rng.count(r.max, r.zero_one_in)).collect();
        let sum: u64 = parts.iter().sum();
        for (k, (col, _)) in REVIEW_COLUMNS.iter().enumerate() {
            let v = if k < 4 { parts[k] } else { sum };
            set(&format!("{}.{col}", group.key()), v.to_string());
        }
    }
    match gongkai_authoring::parse(&toml, SourceId(0)) {
        Ok((report, _)) => report,
        Err(e) => panic!("synthetic report {} does not parse: {e:?}", r.name),
    }
}
