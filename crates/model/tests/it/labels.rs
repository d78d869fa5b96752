//! Label normalisation: what two spellings of one template label have in common.

use gongkai_model::labels::{normalize_char, normalize_label, push_normalized};

#[test]
fn full_width_forms_become_ascii() {
    assert_eq!(normalize_label("（一）予以公开"), "(一)予以公开");
    assert_eq!(normalize_label("１２３％"), "123%");
    assert_eq!(normalize_label("〔二〕【三】"), "[二][三]");
    assert_eq!(normalize_char('（'), Some('('));
}

#[test]
fn spaces_and_injected_letters_are_dropped() {
    assert_eq!(
        normalize_label("一、本年 新收\u{3000}政府信息\t公开申请数量"),
        "一.本年新收政府信息公开申请数量"
    );
    assert_eq!(normalize_label("予以gong开"), "予以开");
    assert_eq!(normalize_label("予以\u{200B}公开\u{FEFF}"), "予以公开");
    assert_eq!(normalize_char(' '), None);
    assert_eq!(normalize_char('x'), None);
}

#[test]
fn numbering_punctuation_becomes_a_dot() {
    assert_eq!(normalize_label("1、属于国家秘密"), "1.属于国家秘密");
    assert_eq!(normalize_label("1，属于国家秘密"), "1.属于国家秘密");
    assert_eq!(normalize_label("1．属于国家秘密"), "1.属于国家秘密");
}

#[test]
fn traditional_characters_become_simplified() {
    assert_eq!(normalize_label("屬於國家秘密"), "属于国家秘密");
    assert_eq!(normalize_label("規範性文件"), normalize_label("规范性文件"));
    assert_eq!(normalize_label("行政機關"), "行政机关");
    // Characters outside the table are kept, ideographs or not.
    assert_eq!(normalize_label("政府信息"), "政府信息");
    assert_eq!(normalize_label("“三安全一稳定”"), "“三安全一稳定”");
}

#[test]
fn appending_keeps_what_is_already_there() {
    let mut out = String::from("前");
    push_normalized(&mut out, "（二）部分 公開");
    assert_eq!(out, "前(二)部分公开");
    push_normalized(&mut out, "");
    assert_eq!(out, "前(二)部分公开");
    assert_eq!(normalize_label(""), "");
}
