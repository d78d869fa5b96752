//! The page language: Chinese unless the request asks for English, by `?lang=en` (which the
//! language link sets, and which is then remembered in a cookie) or by that cookie.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use gongkai_model::Lang;

/// The language a request asked for, and whether to remember it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chosen {
    /// The language to answer in.
    pub lang: Lang,
    /// The request named it in its query: set the cookie.
    pub from_query: bool,
}

/// The cookie's name.
pub const COOKIE_NAME: &str = "lang";

/// Chooses the language from the query string (`lang=en|zh`), then the cookie, else Chinese.
pub fn choose(query: Option<&str>, headers: &HeaderMap) -> Chosen {
    if let Some(lang) = query.and_then(|q| find(q.split('&'))) {
        return Chosen {
            lang,
            from_query: true,
        };
    }
    let cookie = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| find(v.split(';')));
    Chosen {
        lang: cookie.unwrap_or_default(),
        from_query: false,
    }
}

/// The first `lang=…` among `pairs` naming a known language.
fn find<'a>(pairs: impl Iterator<Item = &'a str>) -> Option<Lang> {
    pairs
        .filter_map(|p| p.trim().strip_prefix("lang="))
        .find_map(parse)
}

/// `zh`/`zh-CN`/`en`, case-insensitive.
pub fn parse(value: &str) -> Option<Lang> {
    let v = value.to_ascii_lowercase();
    if v == "en" || v.starts_with("en-") {
        Some(Lang::En)
    } else if v == "zh" || v.starts_with("zh-") {
        Some(Lang::Zh)
    } else {
        None
    }
}

/// The `Set-Cookie` value remembering `lang` for a year (not readable by scripts).
pub fn cookie(lang: Lang) -> String {
    format!(
        "{COOKIE_NAME}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        crate::words::code(lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn query_beats_cookie_and_chinese_is_the_default() {
        let mut h = HeaderMap::new();
        assert_eq!(choose(None, &h).lang, Lang::Zh);
        h.insert(COOKIE, HeaderValue::from_static("a=b; lang=en"));
        assert_eq!(
            choose(None, &h),
            Chosen {
                lang: Lang::En,
                from_query: false
            }
        );
        assert_eq!(
            choose(Some("x=1&lang=zh"), &h),
            Chosen {
                lang: Lang::Zh,
                from_query: true
            }
        );
        assert_eq!(choose(Some("lang=fr"), &HeaderMap::new()).lang, Lang::Zh);
    }
}
