//! The export: four tables — `reports` (one row per report, one column per canonical key named
//! verbatim), `cells`, `findings`, `documents` — as Parquet (for DuckDB, pandas, Spark, Trino)
//! or CSV, optionally partitioned Hive-style by year (`DIR/reports/year=2024/part-0.parquet`).
//!
//! Parquet is written with the `parquet` crate's low-level column writers, no arrow: counts are
//! INT64, dates DATE, text UTF8, amounts DECIMAL(38, s) in 16-byte two's complement with `s` the
//! largest scale printed in the column — exact, never a float.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gongkai_model::labels::{ColumnKind, Template, active_rows};
use gongkai_model::{Unit, Value};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, FixedLenByteArray, FixedLenByteArrayType, Int32Type,
    Int64Type,
};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rusqlite::Connection;
use serde::Serialize;

use crate::Error;
use crate::cells::{AMOUNT_UNIT_KEY, all_keys, table_keys, unpack};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Apache Parquet.
    Parquet,
    /// CSV with a header row (RFC 4180 quoting), UTF-8.
    Csv,
}

/// What an export wrote.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Written {
    /// Rows per table.
    pub rows: BTreeMap<String, u64>,
    /// The files written, sorted.
    pub files: Vec<PathBuf>,
}

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// A 64-bit integer.
    Int,
    /// A calendar date.
    Date,
    /// UTF-8 text.
    Text,
    /// An exact decimal with this many fractional digits.
    Decimal(u32),
    /// True or false.
    Bool,
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// No value.
    Null,
    /// An integer.
    Int(i64),
    /// Days since 1970-01-01.
    Date(i32),
    /// Text.
    Text(String),
    /// `mantissa × 10^-scale`.
    Decimal(i128, u32),
    /// A flag.
    Bool(bool),
}

/// Rows written before a Parquet row group is closed.
const ROW_GROUP: usize = 65_536;

/// Exports the database to `dir` (created when absent).
pub fn export(
    conn: &Connection,
    dir: &Path,
    format: Format,
    partition_by_year: bool,
) -> Result<Written, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Written::default();
    let mut out = Output {
        dir,
        format,
        partition_by_year,
        written: &mut written,
    };
    reports(conn, &mut out)?;
    documents(conn, &mut out)?;
    cells(conn, &mut out)?;
    findings(conn, &mut out)?;
    written.files.sort();
    Ok(written)
}

struct Output<'a> {
    dir: &'a Path,
    format: Format,
    partition_by_year: bool,
    written: &'a mut Written,
}

impl Output<'_> {
    /// A table writer: rows are pushed with their year (used only when partitioning).
    fn table(&mut self, name: &str, columns: Vec<(String, ColumnType)>) -> TableWriter {
        TableWriter {
            name: name.to_string(),
            dir: self.dir.to_path_buf(),
            format: self.format,
            partition: self.partition_by_year,
            columns: Arc::new(columns),
            sinks: BTreeMap::new(),
            rows: 0,
        }
    }

    fn finish(&mut self, table: TableWriter) -> Result<(), Error> {
        let (name, rows, files) = table.close()?;
        self.written.rows.insert(name, rows);
        self.written.files.extend(files);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The four tables
// ---------------------------------------------------------------------------------------------

/// The canonical keys whose values are amounts (DECIMAL columns).
fn amount_keys() -> Vec<String> {
    let mut keys = Vec::new();
    for t in [Template::Y2021, Template::Y2019] {
        for spec in active_rows(t) {
            for (col, _, kind) in spec.columns {
                if *kind == ColumnKind::Amount {
                    keys.push(format!("active.{}.{col}", spec.key));
                }
            }
        }
    }
    keys
}

fn template_of(code: Option<&str>) -> Option<Template> {
    match code? {
        "2019" => Some(Template::Y2019),
        "2021" => Some(Template::Y2021),
        "pre2019" => Some(Template::Pre2019),
        _ => None,
    }
}

/// A report amount in its canonical unit: the 2021 fee in 万元 (converted exactly from 元), the
/// 2019 procurement amount as printed (its unit goes in the unit column).
fn canonical_amount(key: &str, value: &Value) -> Option<(i128, u32)> {
    let (number, unit) = match value {
        Value::Amount { number, unit } => (*number, *unit),
        Value::Count(n) => (gongkai_model::Decimal::from_int(*n), None),
        _ => return None,
    };
    let number = if key == "active.fees.amount" && unit == Some(Unit::Yuan) {
        number.shift(4)
    } else {
        number
    };
    Some((number.mantissa, number.scale))
}

fn reports(conn: &Connection, out: &mut Output) -> Result<(), Error> {
    let keys = all_keys();
    let amounts = amount_keys();
    let position: BTreeMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let select = "SELECT id, path, agency, year, template, published, packed, agency_id, version,
                latest
         FROM documents WHERE status = 'report' AND duplicate_of IS NULL ORDER BY path, id";
    // First pass: the largest scale of each amount column.
    let mut scales: BTreeMap<&str, u32> = amounts.iter().map(|k| (k.as_str(), 0)).collect();
    {
        let mut stmt = conn.prepare(select)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (Some(t), Some(values)) = (
                template_of(r.get::<_, Option<String>>(4)?.as_deref()),
                r.get::<_, Option<Vec<u8>>>(6)?.and_then(|p| unpack(&p)),
            ) else {
                continue;
            };
            for (k, v) in table_keys(t).iter().zip(&values) {
                if let Some(s) = scales.get_mut(k)
                    && let Some((_, scale)) = canonical_amount(k, v)
                {
                    *s = (*s).max(scale);
                }
            }
        }
    }
    let mut columns = vec![
        ("document_id".to_string(), ColumnType::Int),
        ("path".to_string(), ColumnType::Text),
    ];
    for k in keys {
        let ty = match k.as_str() {
            "meta.agency" | "meta.template" | AMOUNT_UNIT_KEY => ColumnType::Text,
            "meta.year" => ColumnType::Int,
            "meta.published" => ColumnType::Date,
            k if scales.contains_key(k) => ColumnType::Decimal(scales[k]),
            _ => ColumnType::Int,
        };
        columns.push((k.clone(), ty));
    }
    columns.push(("agency_id".to_string(), ColumnType::Int));
    columns.push(("version".to_string(), ColumnType::Int));
    columns.push(("latest".to_string(), ColumnType::Bool));
    let first_key = 2;
    let mut table = out.table("reports", columns);
    let mut stmt = conn.prepare(select)?;
    let mut rows = stmt.query([])?;
    let mut row = Vec::new();
    while let Some(r) = rows.next()? {
        row.clear();
        row.resize(keys.len() + 5, Val::Null);
        let year: Option<i64> = r.get(3)?;
        let template: Option<String> = r.get(4)?;
        row[0] = Val::Int(r.get(0)?);
        row[1] = Val::Text(r.get(1)?);
        row[first_key] = opt_text(r.get(2)?);
        row[first_key + 1] = year.map_or(Val::Null, Val::Int);
        row[first_key + 2] = opt_text(template.clone());
        row[first_key + 3] = date(r.get::<_, Option<String>>(5)?.as_deref());
        if let (Some(t), Some(values)) = (
            template_of(template.as_deref()),
            r.get::<_, Option<Vec<u8>>>(6)?.and_then(|p| unpack(&p)),
        ) {
            for (k, v) in table_keys(t).iter().zip(&values) {
                let Some(&i) = position.get(k) else { continue };
                row[first_key + i] = match &row_type(&table, first_key + i) {
                    ColumnType::Decimal(scale) => canonical_amount(k, v)
                        .map_or(Val::Null, |(m, s)| {
                            Val::Decimal(rescale(m, s, *scale), *scale)
                        }),
                    _ => v.count().map_or(Val::Null, Val::Int),
                };
                if *k == "active.procurement.amount"
                    && let Value::Amount { unit: Some(u), .. } = v
                    && let Some(&j) = position.get(AMOUNT_UNIT_KEY)
                {
                    row[first_key + j] = Val::Text(u.label().to_string());
                }
            }
        }
        let n = keys.len() + first_key;
        row[n] = r.get::<_, Option<i64>>(7)?.map_or(Val::Null, Val::Int);
        row[n + 1] = r.get::<_, Option<i64>>(8)?.map_or(Val::Null, Val::Int);
        row[n + 2] = Val::Bool(r.get(9)?);
        table.push(year, &row)?;
    }
    out.finish(table)
}

fn row_type(table: &TableWriter, i: usize) -> ColumnType {
    table.columns[i].1
}

/// `mantissa × 10^-from` as a mantissa at scale `to` (≥ `from`).
fn rescale(mantissa: i128, from: u32, to: u32) -> i128 {
    mantissa.saturating_mul(10i128.saturating_pow(to.saturating_sub(from)))
}

fn opt_text(s: Option<String>) -> Val {
    s.map_or(Val::Null, Val::Text)
}

/// `YYYY-MM-DD` as days since 1970-01-01.
fn date(s: Option<&str>) -> Val {
    let Some(s) = s else { return Val::Null };
    let mut it = s.split('-').map(str::parse::<i64>);
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) = (it.next(), it.next(), it.next()) else {
        return Val::Null;
    };
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Val::Date((era * 146_097 + doe - 719_468) as i32)
}

fn documents(conn: &Connection, out: &mut Output) -> Result<(), Error> {
    use ColumnType::*;
    let columns: Vec<(String, ColumnType)> = [
        ("document_id", Int),
        ("path", Text),
        ("hash", Text),
        ("size", Int),
        ("format", Text),
        ("encoding", Text),
        ("pages", Int),
        ("status", Text),
        ("error_zh", Text),
        ("error_en", Text),
        ("title", Text),
        ("agency", Text),
        ("agency_key", Text),
        ("agency_id", Int),
        ("agency_group", Text),
        ("year", Int),
        ("template", Text),
        ("published", Date),
        ("source_url", Text),
        ("fetched", Text),
        ("errors", Int),
        ("warnings", Int),
        ("notes", Int),
        ("duplicate_of", Int),
        ("current", Bool),
        ("version", Int),
        ("latest", Bool),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t))
    .collect();
    let mut table = out.table("documents", columns.clone());
    let sql = "SELECT id, path, hash, size, format, encoding, pages, status, error_zh, error_en,
            title, agency, agency_key, agency_id, agency_group, year, template, published,
            source_url, fetched, errors, warnings, notes, duplicate_of, current, version, latest
         FROM documents ORDER BY path, id";
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let mut row = Vec::with_capacity(columns.len());
        for (i, (name, ty)) in columns.iter().enumerate() {
            row.push(match (name.as_str(), ty) {
                ("hash", _) => r
                    .get::<_, Option<Vec<u8>>>(i)?
                    .map_or(Val::Null, |h| Val::Text(hex(&h))),
                (_, Int) => r.get::<_, Option<i64>>(i)?.map_or(Val::Null, Val::Int),
                (_, Bool) => r.get::<_, Option<bool>>(i)?.map_or(Val::Null, Val::Bool),
                (_, Date) => date(r.get::<_, Option<String>>(i)?.as_deref()),
                _ => opt_text(r.get(i)?),
            });
        }
        let year = r.get::<_, Option<i64>>(15)?;
        table.push(year, &row)?;
    }
    out.finish(table)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn cells(conn: &Connection, out: &mut Output) -> Result<(), Error> {
    use ColumnType::*;
    let scale: u32 = conn.query_row(
        "SELECT coalesce(max(length(amount) - instr(amount, '.')), 0) FROM cells
         WHERE amount LIKE '%.%'",
        [],
        |r| r.get(0),
    )?;
    let columns: Vec<(String, ColumnType)> = [
        ("document_id", Int),
        ("key", Text),
        ("kind", Text),
        ("count", Int),
        ("amount", Decimal(scale)),
        ("unit", Text),
        ("mark", Text),
        ("span_start", Int),
        ("span_end", Int),
        ("page", Int),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t))
    .collect();
    let mut table = out.table("cells", columns);
    let mut stmt = conn.prepare(
        "SELECT c.document_id, k.key, c.kind, c.count, c.amount, c.unit, c.mark, c.span_start,
                c.span_end, c.page, d.year
         FROM cells c JOIN cell_keys k ON k.id = c.key_id JOIN documents d ON d.id = c.document_id
         ORDER BY c.document_id, c.key_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let amount = r
            .get::<_, Option<String>>(4)?
            .and_then(|a| gongkai_model::Decimal::parse(&a))
            .map_or(Val::Null, |d| {
                Val::Decimal(rescale(d.mantissa, d.scale, scale), scale)
            });
        let row = [
            Val::Int(r.get(0)?),
            Val::Text(r.get(1)?),
            Val::Text(r.get(2)?),
            r.get::<_, Option<i64>>(3)?.map_or(Val::Null, Val::Int),
            amount,
            opt_text(r.get(5)?),
            opt_text(r.get(6)?),
            Val::Int(r.get(7)?),
            Val::Int(r.get(8)?),
            r.get::<_, Option<i64>>(9)?.map_or(Val::Null, Val::Int),
        ];
        table.push(r.get(10)?, &row)?;
    }
    out.finish(table)
}

fn findings(conn: &Connection, out: &mut Output) -> Result<(), Error> {
    use ColumnType::*;
    let columns: Vec<(String, ColumnType)> = [
        ("document_id", Int),
        ("seq", Int),
        ("code", Text),
        ("severity", Text),
        ("message_zh", Text),
        ("message_en", Text),
        ("help_zh", Text),
        ("help_en", Text),
        ("span_start", Int),
        ("span_end", Int),
        ("line", Int),
        ("col", Int),
        ("page", Int),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t))
    .collect();
    let mut table = out.table("findings", columns.clone());
    let mut stmt = conn.prepare(
        "SELECT f.document_id, f.seq, f.code, f.severity, f.message_zh, f.message_en, f.help_zh,
                f.help_en, f.span_start, f.span_end, f.line, f.col, f.page, d.year
         FROM findings f JOIN documents d ON d.id = f.document_id
         ORDER BY f.document_id, f.seq",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let mut row = Vec::with_capacity(columns.len());
        for (i, (_, ty)) in columns.iter().enumerate() {
            row.push(match ty {
                Int => r.get::<_, Option<i64>>(i)?.map_or(Val::Null, Val::Int),
                _ => opt_text(r.get(i)?),
            });
        }
        table.push(r.get(13)?, &row)?;
    }
    out.finish(table)
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

/// One table, written to one file or one file per year.
struct TableWriter {
    name: String,
    dir: PathBuf,
    format: Format,
    partition: bool,
    columns: Arc<Vec<(String, ColumnType)>>,
    sinks: BTreeMap<Option<i64>, Sink>,
    rows: u64,
}

impl TableWriter {
    fn push(&mut self, year: Option<i64>, row: &[Val]) -> Result<(), Error> {
        let key = if self.partition { year } else { None };
        if !self.sinks.contains_key(&key) {
            let path = self.path(key);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            let sink = match self.format {
                Format::Parquet => Sink::Parquet(ParquetSink::new(&path, self.columns.clone())?),
                Format::Csv => Sink::Csv(CsvSink::new(&path, &self.columns)?),
            };
            self.sinks.insert(key, sink);
        }
        if let Some(sink) = self.sinks.get_mut(&key) {
            sink.push(row)?;
        }
        self.rows += 1;
        Ok(())
    }

    fn path(&self, year: Option<i64>) -> PathBuf {
        let ext = match self.format {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
        };
        if !self.partition {
            return self.dir.join(format!("{}.{ext}", self.name));
        }
        let part = year.map_or("__HIVE_DEFAULT_PARTITION__".to_string(), |y| y.to_string());
        self.dir
            .join(&self.name)
            .join(format!("year={part}"))
            .join(format!("part-0.{ext}"))
    }

    /// Closes every file; a table with no rows still gets its (empty) file when not partitioned,
    /// so readers find all four tables.
    fn close(mut self) -> Result<(String, u64, Vec<PathBuf>), Error> {
        if self.sinks.is_empty() && !self.partition {
            let path = self.path(None);
            let sink = match self.format {
                Format::Parquet => Sink::Parquet(ParquetSink::new(&path, self.columns.clone())?),
                Format::Csv => Sink::Csv(CsvSink::new(&path, &self.columns)?),
            };
            self.sinks.insert(None, sink);
        }
        let mut files = Vec::new();
        for (key, sink) in std::mem::take(&mut self.sinks) {
            sink.close()?;
            files.push(self.path(key));
        }
        Ok((self.name, self.rows, files))
    }
}

enum Sink {
    Parquet(ParquetSink),
    Csv(CsvSink),
}

impl Sink {
    fn push(&mut self, row: &[Val]) -> Result<(), Error> {
        match self {
            Sink::Parquet(s) => s.push(row),
            Sink::Csv(s) => s.push(row),
        }
    }

    fn close(self) -> Result<(), Error> {
        match self {
            Sink::Parquet(s) => s.close(),
            Sink::Csv(s) => s.close(),
        }
    }
}

/// A column's values buffered for the current row group, with definition levels (0 = null).
enum Buffer {
    Int(Vec<i64>),
    Date(Vec<i32>),
    Bytes(Vec<ByteArray>),
    Fixed(Vec<FixedLenByteArray>),
    Bool(Vec<bool>),
}

struct ParquetSink {
    path: PathBuf,
    writer: SerializedFileWriter<File>,
    buffers: Vec<(Buffer, Vec<i16>)>,
    rows: usize,
}

fn parquet_schema(columns: &[(String, ColumnType)]) -> Result<Type, Error> {
    let mut fields = Vec::with_capacity(columns.len());
    for (name, ty) in columns {
        let b = match ty {
            ColumnType::Int => Type::primitive_type_builder(name, Physical::INT64),
            ColumnType::Date => Type::primitive_type_builder(name, Physical::INT32)
                .with_logical_type(Some(LogicalType::Date)),
            ColumnType::Text => Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                .with_logical_type(Some(LogicalType::String)),
            ColumnType::Decimal(scale) => {
                Type::primitive_type_builder(name, Physical::FIXED_LEN_BYTE_ARRAY)
                    .with_length(16)
                    .with_precision(38)
                    .with_scale(*scale as i32)
                    .with_logical_type(Some(LogicalType::decimal(*scale as i32, 38)))
            }
            ColumnType::Bool => Type::primitive_type_builder(name, Physical::BOOLEAN),
        };
        fields.push(Arc::new(b.with_repetition(Repetition::OPTIONAL).build()?));
    }
    Ok(Type::group_type_builder("schema")
        .with_fields(fields)
        .build()?)
}

impl ParquetSink {
    fn new(path: &Path, columns: Arc<Vec<(String, ColumnType)>>) -> Result<ParquetSink, Error> {
        let schema = Arc::new(parquet_schema(&columns)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("gongkai {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        let writer = SerializedFileWriter::new(file, schema, props)?;
        let buffers = columns
            .iter()
            .map(|(_, ty)| {
                let b = match ty {
                    ColumnType::Int => Buffer::Int(Vec::new()),
                    ColumnType::Date => Buffer::Date(Vec::new()),
                    ColumnType::Text => Buffer::Bytes(Vec::new()),
                    ColumnType::Decimal(_) => Buffer::Fixed(Vec::new()),
                    ColumnType::Bool => Buffer::Bool(Vec::new()),
                };
                (b, Vec::new())
            })
            .collect();
        Ok(ParquetSink {
            path: path.to_path_buf(),
            writer,
            buffers,
            rows: 0,
        })
    }

    fn push(&mut self, row: &[Val]) -> Result<(), Error> {
        for ((buffer, levels), v) in self.buffers.iter_mut().zip(row) {
            let present = match (buffer, v) {
                (Buffer::Int(b), Val::Int(n)) => {
                    b.push(*n);
                    true
                }
                (Buffer::Date(b), Val::Date(d)) => {
                    b.push(*d);
                    true
                }
                (Buffer::Bytes(b), Val::Text(s)) => {
                    b.push(ByteArray::from(s.as_bytes().to_vec()));
                    true
                }
                (Buffer::Fixed(b), Val::Decimal(m, _)) => {
                    b.push(FixedLenByteArray::from(m.to_be_bytes().to_vec()));
                    true
                }
                (Buffer::Bool(b), Val::Bool(x)) => {
                    b.push(*x);
                    true
                }
                _ => false,
            };
            levels.push(i16::from(present));
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        for (buffer, levels) in &mut self.buffers {
            let Some(mut col) = group.next_column()? else {
                return Err(Error::Internal(format!(
                    "{}: fewer Parquet columns than buffers",
                    self.path.display()
                )));
            };
            match buffer {
                Buffer::Int(b) => {
                    col.typed::<Int64Type>()
                        .write_batch(b, Some(levels), None)?;
                    b.clear();
                }
                Buffer::Date(b) => {
                    col.typed::<Int32Type>()
                        .write_batch(b, Some(levels), None)?;
                    b.clear();
                }
                Buffer::Bytes(b) => {
                    col.typed::<ByteArrayType>()
                        .write_batch(b, Some(levels), None)?;
                    b.clear();
                }
                Buffer::Fixed(b) => {
                    col.typed::<FixedLenByteArrayType>()
                        .write_batch(b, Some(levels), None)?;
                    b.clear();
                }
                Buffer::Bool(b) => {
                    col.typed::<BoolType>().write_batch(b, Some(levels), None)?;
                    b.clear();
                }
            }
            levels.clear();
            col.close()?;
        }
        group.close()?;
        self.rows = 0;
        Ok(())
    }

    fn close(mut self) -> Result<(), Error> {
        self.flush()?;
        self.writer.close()?;
        Ok(())
    }
}

struct CsvSink {
    path: PathBuf,
    writer: csv::Writer<std::io::BufWriter<File>>,
    record: Vec<String>,
}

impl CsvSink {
    fn new(path: &Path, columns: &[(String, ColumnType)]) -> Result<CsvSink, Error> {
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(file));
        writer
            .write_record(columns.iter().map(|(n, _)| n.as_str()))
            .map_err(|e| csv_error(path, e))?;
        Ok(CsvSink {
            path: path.to_path_buf(),
            writer,
            record: Vec::new(),
        })
    }

    fn push(&mut self, row: &[Val]) -> Result<(), Error> {
        self.record.clear();
        for v in row {
            self.record.push(match v {
                Val::Null => String::new(),
                Val::Int(n) => n.to_string(),
                Val::Date(d) => civil(*d),
                Val::Text(s) => s.clone(),
                Val::Decimal(m, s) => gongkai_model::Decimal {
                    mantissa: *m,
                    scale: *s,
                }
                .to_string(),
                Val::Bool(b) => b.to_string(),
            });
        }
        self.writer
            .write_record(&self.record)
            .map_err(|e| csv_error(&self.path, e))
    }

    fn close(mut self) -> Result<(), Error> {
        self.writer.flush().map_err(|e| Error::io(&self.path, e))
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    Error::io(path, std::io::Error::other(e))
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
fn civil(days: i32) -> String {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_days() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "2025-03-01",
            "1969-12-31",
        ] {
            let Val::Date(d) = date(Some(s)) else {
                panic!("{s}")
            };
            assert_eq!(civil(d), s);
        }
        assert_eq!(date(Some("1970-01-02")), Val::Date(1));
        assert_eq!(date(Some("x")), Val::Null);
    }

    #[test]
    fn amounts_in_canonical_units() {
        let yuan = Value::Amount {
            number: gongkai_model::Decimal::parse("3940").unwrap(),
            unit: Some(Unit::Yuan),
        };
        assert_eq!(
            canonical_amount("active.fees.amount", &yuan),
            Some((394, 3))
        );
        assert_eq!(
            canonical_amount("active.procurement.amount", &yuan),
            Some((3940, 0))
        );
        assert_eq!(canonical_amount("active.fees.amount", &Value::Blank), None);
        assert_eq!(rescale(394, 3, 6), 394_000);
    }
}
