//! Integration tests of gongkai-render: what is written reads back as the same report.

mod roundtrip;
