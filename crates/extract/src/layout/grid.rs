//! Table grids from ruling lines: borders merged into long lines, lines that touch grouped into
//! tables, the grid of each table from its line positions, and merged cells from the borders
//! that are missing between grid positions.

use super::Rule;

/// A ruled table: its grid and its cells (merged grid positions are one cell).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// Column boundaries, left to right.
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom.
    pub ys: Vec<f32>,
    /// For each grid position (`row * columns + column`), the index of its cell.
    pub slots: Vec<usize>,
    /// The cells, each with the grid positions it covers.
    pub cells: Vec<Cell>,
}

/// A cell: a rectangle of grid positions (rows `r0..r1`, columns `c0..c1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    /// First row.
    pub r0: usize,
    /// Row after the last.
    pub r1: usize,
    /// First column.
    pub c0: usize,
    /// Column after the last.
    pub c1: usize,
}

impl Table {
    /// Number of grid columns.
    pub fn columns(&self) -> usize {
        self.xs.len() - 1
    }

    /// Number of grid rows.
    pub fn rows(&self) -> usize {
        self.ys.len() - 1
    }

    /// Top edge.
    pub fn top(&self) -> f32 {
        self.ys[0]
    }

    /// The cell at a point, if the point is inside the table.
    pub fn locate(&self, x: f32, y: f32) -> Option<usize> {
        let c = interval(&self.xs, x)?;
        let r = interval(&self.ys, y)?;
        Some(self.slots[r * self.columns() + c])
    }

    /// The cell at a grid position.
    pub fn cell_at(&self, r: usize, c: usize) -> usize {
        self.slots[r * self.columns() + c]
    }
}

/// The index of the interval of sorted `bounds` holding `v`.
fn interval(bounds: &[f32], v: f32) -> Option<usize> {
    if v < bounds[0] || v > bounds[bounds.len() - 1] {
        return None;
    }
    let i = bounds.partition_point(|&b| b <= v);
    Some(i.saturating_sub(1).min(bounds.len() - 2))
}

/// Positions closer than this (points) are the same line.
const SNAP: f32 = 2.0;

/// A horizontal (`along` = x) or vertical (`along` = y) line at `at`, from `from` to `to`.
#[derive(Debug, Clone, Copy)]
struct Segment {
    at: f32,
    from: f32,
    to: f32,
}

impl Segment {
    /// How much of `a..b` the segment covers, as a share.
    fn covers(&self, a: f32, b: f32) -> f32 {
        let overlap = self.to.min(b) - self.from.max(a);
        if b > a {
            overlap.max(0.0) / (b - a)
        } else {
            0.0
        }
    }
}

/// The tables a page's rules draw. Boxes of a single column (framed paragraphs) are not tables.
pub(crate) fn tables(rules: &[Rule]) -> Vec<Table> {
    let mut horizontal = Vec::new();
    let mut vertical = Vec::new();
    for r in rules {
        if r.is_horizontal() {
            horizontal.push(Segment {
                at: (r.y0 + r.y1) / 2.0,
                from: r.x0,
                to: r.x1,
            });
        } else {
            vertical.push(Segment {
                at: (r.x0 + r.x1) / 2.0,
                from: r.y0,
                to: r.y1,
            });
        }
    }
    let horizontal = merge(horizontal);
    let vertical = merge(vertical);
    let mut out = Vec::new();
    for (hs, vs) in components(&horizontal, &vertical) {
        if let Some(t) = table(&hs, &vs)
            && t.columns() >= 2
        {
            out.push(t);
        }
    }
    out.sort_by(|a, b| a.top().total_cmp(&b.top()));
    out
}

/// Joins collinear segments that touch or overlap (WPS draws each cell's border separately).
fn merge(mut segs: Vec<Segment>) -> Vec<Segment> {
    segs.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Segment> = Vec::new();
    // Group by position first, then join along each group.
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len() && segs[j].at - segs[j - 1].at <= 1.0 {
            j += 1;
        }
        let mut group = segs[i..j].to_vec();
        group.sort_by(|a, b| a.from.total_cmp(&b.from));
        let at = group.iter().map(|s| s.at).sum::<f32>() / group.len() as f32;
        let mut current: Option<Segment> = None;
        for s in group {
            match current.as_mut() {
                Some(c) if s.from <= c.to + SNAP => c.to = c.to.max(s.to),
                _ => {
                    out.extend(current.take());
                    current = Some(Segment { at, ..s });
                }
            }
        }
        out.extend(current);
        i = j;
    }
    out
}

/// Groups horizontal and vertical segments that touch into connected sets.
fn components(hs: &[Segment], vs: &[Segment]) -> Vec<(Vec<Segment>, Vec<Segment>)> {
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            let touch = v.at >= h.from - SNAP
                && v.at <= h.to + SNAP
                && h.at >= v.from - SNAP
                && h.at <= v.to + SNAP;
            if touch {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<Segment>, Vec<Segment>)> = Vec::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        let k = match groups.iter().position(|g| g.0 == root) {
            Some(k) => k,
            None => {
                groups.push((root, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        if i < hs.len() {
            groups[k].1.push(hs[i]);
        } else {
            groups[k].2.push(vs[i - hs.len()]);
        }
    }
    groups.into_iter().map(|(_, h, v)| (h, v)).collect()
}

/// The root of `i`'s set in a union–find forest `parent` (paths halved on the way).
pub(crate) fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Joins the sets of `a` and `b`; the smaller root stays the root.
pub(crate) fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Distinct positions, closer ones snapped together.
fn positions(values: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut v: Vec<f32> = values.collect();
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        match out.last() {
            Some(&last) if x - last <= SNAP => {}
            _ => out.push(x),
        }
    }
    out
}

/// The grid and cells of one group of touching rules.
fn table(hs: &[Segment], vs: &[Segment]) -> Option<Table> {
    if hs.len() < 2 || vs.len() < 2 {
        return None;
    }
    // The outer edges come from the lines' extents when a side has no border of its own.
    let left = hs.iter().map(|h| h.from).fold(f32::MAX, f32::min);
    let right = hs.iter().map(|h| h.to).fold(f32::MIN, f32::max);
    let top = vs.iter().map(|v| v.from).fold(f32::MAX, f32::min);
    let bottom = vs.iter().map(|v| v.to).fold(f32::MIN, f32::max);
    let xs = positions(vs.iter().map(|v| v.at).chain([left, right]));
    let ys = positions(hs.iter().map(|h| h.at).chain([top, bottom]));
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    let border = |segs: &[Segment], at: f32, a: f32, b: f32| {
        segs.iter()
            .any(|s| (s.at - at).abs() <= SNAP && s.covers(a, b) >= 0.5)
    };
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !border(vs, xs[c + 1], ys[r], ys[r + 1]) {
                union(&mut parent, r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !border(hs, ys[r + 1], xs[c], xs[c + 1]) {
                union(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    let mut slots = vec![0; rows * cols];
    let mut cells: Vec<Cell> = Vec::new();
    let mut index_of_root = vec![usize::MAX; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, r * cols + c);
            if index_of_root[root] == usize::MAX {
                index_of_root[root] = cells.len();
                cells.push(Cell {
                    r0: r,
                    r1: r + 1,
                    c0: c,
                    c1: c + 1,
                });
            }
            let k = index_of_root[root];
            let cell = &mut cells[k];
            cell.r1 = cell.r1.max(r + 1);
            cell.c0 = cell.c0.min(c);
            cell.c1 = cell.c1.max(c + 1);
            slots[r * cols + c] = k;
        }
    }
    Some(Table {
        xs,
        ys,
        slots,
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            x0,
            y0: y - 0.25,
            x1,
            y1: y + 0.25,
        }
    }

    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x - 0.25,
            y0,
            x1: x + 0.25,
            y1,
        }
    }

    #[test]
    fn merged_cells_come_from_missing_borders() {
        // A header cell spanning two columns over two rows of values; the left column's label
        // spans both value rows.
        let rules = [
            h(0.0, 0.0, 300.0),
            h(20.0, 100.0, 300.0),
            h(40.0, 0.0, 300.0),
            h(60.0, 0.0, 300.0),
            v(0.0, 0.0, 60.0),
            v(100.0, 0.0, 60.0),
            v(200.0, 20.0, 60.0),
            v(300.0, 0.0, 60.0),
        ];
        let t = &tables(&rules)[0];
        assert_eq!((t.rows(), t.columns()), (3, 3));
        // The label column is one cell over the first two rows.
        assert_eq!(t.cell_at(0, 0), t.cell_at(1, 0));
        assert_ne!(t.cell_at(1, 0), t.cell_at(2, 0));
        // The header spans columns 1 and 2 in row 0 only.
        assert_eq!(t.cell_at(0, 1), t.cell_at(0, 2));
        assert_ne!(t.cell_at(1, 1), t.cell_at(1, 2));
        assert_eq!(t.locate(150.0, 10.0), Some(t.cell_at(0, 1)));
        assert_eq!(t.locate(150.0, 70.0), None);
    }

    #[test]
    fn pieces_of_borders_are_joined_and_boxes_are_not_tables() {
        let rules = [
            h(0.0, 0.0, 150.2),
            h(0.2, 150.0, 300.0),
            h(50.0, 0.0, 300.0),
            v(0.0, 0.0, 50.0),
            v(300.0, 0.0, 50.0),
        ];
        assert!(tables(&rules).is_empty());
    }
}
