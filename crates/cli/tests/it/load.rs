//! The load harness of `gongkai serve`, shared by the load bench (`benches/serve.rs`, 200
//! concurrent uploads) and a small test of it (`load_harness_…`, a few uploads): synthetic
//! reports of realistic size in text, DOCX and PDF, sent at the same moment, each answer
//! compared with the answer to the same file sent alone. Bounded in count and in time: every
//! client waits at most `seconds`, and the run stops by itself.

use std::fmt::Write as _;
use std::sync::{Arc, Barrier, mpsc};
use std::time::{Duration, Instant};

use gongkai_store::synthetic::{Kind, Layout, file};

use crate::server::{Server, post_file};

/// Synthetic reports to upload: `count` files cycling through text, DOCX and PDF (the three
/// forms agencies publish), with one report in ten broken (a total off by one). The PDF carries
/// a seal image as a real one does, so it is of a real report's size (~300 KB).
pub fn reports(count: usize) -> Vec<(String, Vec<u8>)> {
    (0..count as u64)
        .map(|n| {
            let kind = if n % 10 == 9 {
                Kind::Broken
            } else {
                Kind::Clean
            };
            match n % 3 {
                0 => (format!("r{n:03}.txt"), file(n, Layout::Text, kind)),
                1 => (format!("r{n:03}.docx"), file(n, Layout::Docx, kind)),
                _ => {
                    let text = String::from_utf8(file(n, Layout::Text, kind)).unwrap_or_default();
                    (format!("r{n:03}.pdf"), pdf(&text, n))
                }
            }
        })
        .collect()
}

/// A PDF of `text` laid out as a report printed from Word: each line at its place, the cells
/// of a TAB-separated line in columns, a page every 48 lines, in the reader's built-in Chinese
/// font (not embedded), and on the last page a 300 × 330 seal image (uncompressed RGB, the bulk
/// of a real report's bytes).
pub fn pdf(text: &str, seed: u64) -> Vec<u8> {
    let lines: Vec<&str> = text.lines().collect();
    let mut objects: Vec<Vec<u8>> = vec![Vec::new(), Vec::new()]; // catalog, pages
    let font = objects.len() + 1;
    objects.push(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H \
          /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
          /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> \
          /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 \
          /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 \
          /StemV 80 >> /DW 1000 >>] >>"
            .to_vec(),
    );
    let (w, h) = (300usize, 330usize);
    let mut pixels = Vec::with_capacity(w * h * 3);
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    for i in 0..w * h {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (px, py) = ((i % w) as i64 - 150, (i / w) as i64 - 165);
        let ink = px * px + py * py < 140 * 140 && !x.is_multiple_of(5);
        pixels.extend_from_slice(if ink {
            &[200, 20, 30]
        } else {
            &[255, 255, 255]
        });
        if !ink {
            // Paper noise of a scanned seal.
            let n = pixels.len();
            pixels[n - 1] = 240 + (x % 16) as u8;
        }
    }
    let image = objects.len() + 1;
    let mut img = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB \
         /BitsPerComponent 8 /Length {} >>\nstream\n",
        pixels.len()
    )
    .into_bytes();
    img.extend_from_slice(&pixels);
    img.extend_from_slice(b"\nendstream");
    objects.push(img);
    let chunks: Vec<&[&str]> = lines.chunks(48).collect();
    let mut kids = Vec::new();
    for (p, chunk) in chunks.iter().enumerate() {
        let mut content = String::new();
        for (i, line) in chunk.iter().enumerate() {
            let y = 800 - i * 16;
            for (c, cell) in line.split('\t').enumerate() {
                let cell = cell.trim();
                if cell.is_empty() {
                    continue;
                }
                let x = if c == 0 { 50 } else { 420 + (c - 1) * 60 };
                let hex: String = cell.encode_utf16().map(|u| format!("{u:04X}")).collect();
                let _ = writeln!(content, "BT /F1 10 Tf {x} {y} Td <{hex}> Tj ET");
            }
        }
        if p + 1 == chunks.len() {
            let _ = writeln!(content, "q 150 0 0 165 700 60 cm /Im1 Do Q");
        }
        let stream = objects.len() + 1;
        objects.push(
            format!(
                "<< /Length {} >>\nstream\n{content}endstream",
                content.len()
            )
            .into_bytes(),
        );
        let page = objects.len() + 1;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1000 842] /Contents {stream} 0 R \
                 /Resources << /Font << /F1 {font} 0 R >> /XObject << /Im1 {image} 0 R >> >> >>"
            )
            .into_bytes(),
        );
        kids.push(format!("{page} 0 R"));
    }
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    )
    .into_bytes();
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// What a load run measured.
pub struct Outcome {
    /// Uploads sent.
    pub uploads: usize,
    /// Bytes sent in all.
    pub bytes: usize,
    /// Latency of each upload answered as expected, sorted.
    pub latencies: Vec<Duration>,
    /// Uploads answered otherwise (a 5xx, another status, a different answer, an I/O error).
    pub failures: Vec<String>,
    /// Uploads with no answer within the time bound.
    pub lost: usize,
    /// From the first upload sent to the last answer.
    pub wall: Duration,
    /// The server's peak resident memory after the lone uploads, and at the end.
    pub memory: (Option<u64>, Option<u64>),
}

impl Outcome {
    /// The latency at quantile `q` (0–1), in milliseconds.
    pub fn at(&self, q: f64) -> f64 {
        let n = self.latencies.len();
        self.latencies
            .get(((n as f64 * q).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }

    /// Every upload was answered as expected.
    pub fn clean(&self) -> bool {
        self.failures.is_empty() && self.lost == 0 && self.latencies.len() == self.uploads
    }
}

/// Sends each report alone to `path` (the answer each concurrent upload of it must match), then
/// `uploads` uploads at the same moment, one thread each, waiting at most `seconds` in all.
pub fn run(
    server: &Server,
    path: &str,
    reports: Vec<(String, Vec<u8>)>,
    uploads: usize,
    seconds: u64,
) -> Outcome {
    let expected: Vec<Result<Vec<u8>, String>> = reports
        .iter()
        .map(
            |(name, bytes)| match post_file(&server.addr, path, name, bytes) {
                Ok((200, body)) => Ok(body),
                Ok((status, _)) => Err(format!("{name} alone: HTTP {status}")),
                Err(e) => Err(format!("{name} alone: {e}")),
            },
        )
        .collect();
    let baseline = server.peak_memory();
    let bytes: usize = (0..uploads)
        .map(|i| reports[i % reports.len()].1.len())
        .sum();
    let reports = Arc::new(reports);
    let expected = Arc::new(expected);
    let start = Arc::new(Barrier::new(uploads + 1));
    let (tx, rx) = mpsc::channel();
    for i in 0..uploads {
        let (reports, expected, start, tx) =
            (reports.clone(), expected.clone(), start.clone(), tx.clone());
        let addr = server.addr.clone();
        let path = path.to_string();
        let spawned = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let k = i % reports.len();
                let (name, bytes) = &reports[k];
                start.wait();
                let t = Instant::now();
                let answer = post_file(&addr, &path, name, bytes);
                let elapsed = t.elapsed();
                let outcome = match (answer, &expected[k]) {
                    (_, Err(e)) => Err(e.clone()),
                    (Ok((200, body)), Ok(want)) if body == *want => Ok(elapsed),
                    (Ok((200, _)), _) => {
                        Err(format!("{name}: answer differs from the lone upload"))
                    }
                    (Ok((status, _)), _) => Err(format!("{name}: HTTP {status}")),
                    (Err(e), _) => Err(format!("{name}: {e}")),
                };
                let _ = tx.send(outcome);
            });
        if spawned.is_err() {
            // No thread: counted as lost below; the barrier would wait for it forever.
            return Outcome {
                uploads,
                bytes,
                latencies: Vec::new(),
                failures: vec!["could not start a client thread".to_string()],
                lost: uploads,
                wall: Duration::ZERO,
                memory: (baseline, server.peak_memory()),
            };
        }
    }
    drop(tx);
    start.wait();
    let began = Instant::now();
    let deadline = began + Duration::from_secs(seconds);
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    while latencies.len() + failures.len() < uploads {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Ok(l)) => latencies.push(l),
            Ok(Err(e)) => failures.push(e),
            Err(_) => break,
        }
    }
    let wall = began.elapsed();
    latencies.sort();
    Outcome {
        uploads,
        bytes,
        lost: uploads - latencies.len() - failures.len(),
        latencies,
        failures,
        wall,
        memory: (baseline, server.peak_memory()),
    }
}

#[test]
fn load_harness_sends_a_few_uploads_and_loses_none() {
    let reports = reports(6);
    // Real-size: the PDFs carry their seal image.
    let pdf = &reports[2].1;
    assert!(
        pdf.starts_with(b"%PDF-") && pdf.len() > 250_000,
        "{}",
        pdf.len()
    );
    let server = Server::start(env!("CARGO_BIN_EXE_gongkai"), &[]).expect("gongkai serve starts");
    // Each form is read as a report: no reading finding, and the broken one's total is found.
    for (name, bytes) in &reports {
        let (status, body) = post_file(&server.addr, "/api/check", name, bytes).unwrap();
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 200, "{name}");
        for code in ["not-a-report", "unreadable-file", "damaged-file"] {
            assert!(!body.contains(code), "{name}: {body}");
        }
    }
    let outcome = run(&server, "/api/check", reports, 12, 120);
    assert!(outcome.clean(), "{:?}", outcome.failures);
    assert_eq!(outcome.latencies.len(), 12);
    assert!(outcome.bytes > 12 * 4096 && outcome.wall > Duration::ZERO);
    assert!(outcome.at(0.5) <= outcome.at(0.99));
    assert!(outcome.memory.1.is_some_and(|m| m > 0));
}
