#!/usr/bin/env bash
# Prints the layout matrix's per-layout figures (the README's table): runs the CI test
# crates/cli/tests/it/layouts.rs with GONGKAI_LAYOUT_TABLE=1, which generates every layout of the
# synthetic reports (DOCX → LibreOffice PDF at four label widths → pdftotext -layout/-raw, pandoc
# Markdown/plain of the HTML with blank zero cells, a Markdown hybrid with floated values, the HTML
# in a JavaScript string, crawled run-together text) in a
# temporary folder and scores each against the cells it states. Needs soffice, pdftotext, pandoc.
set -euo pipefail
cd "$(dirname "$0")/.."
GONGKAI_LAYOUT_TABLE=1 cargo test -q -p gongkai --test it layouts -- --nocapture
