//! The corpus screens in a real browser (Chromium through chromedriver, as `browser`), with
//! JavaScript off, as a supervisor would use them: open the summary, filter the late reports,
//! open a report, open the roll-up. Screenshots go to `target/screenshots/web/corpus-*.png`.

use gongkai_server::corpus_data::Corpus;
use gongkai_server::{AppState, Limits};
use serde_json::json;

use crate::browser::{chromium_args, fresh, save, start};
use crate::corpus::Store;
use crate::webdriver::Driver;

#[test]
fn the_corpus_screens_in_a_real_browser() {
    let Some((chromium, chromedriver)) = crate::browser::browsers() else {
        return;
    };
    let store = Store::new("browser");
    let state = AppState::new(Limits::default()).with_corpus(Corpus::open(&store.db).unwrap());
    let base = start(state);
    let driver = Driver::start(&chromedriver).expect("chromedriver starts");
    let profile = fresh("profile-corpus");
    let prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
    let s = driver
        .session(&chromium, &chromium_args(&profile), prefs)
        .expect("a browser session without JavaScript");

    // The summary, reached from the navigation.
    s.goto(&format!("{base}/")).unwrap();
    let nav = s.find("header.site nav a[href='/corpus']").unwrap();
    s.click(&nav).unwrap();
    s.wait_for("table.summary-table", 30).unwrap();
    let all = s.find_all("table.summary-table tbody tr").unwrap().len();
    assert_eq!(all, crate::corpus::FILES.len());
    save(&s, "corpus-summary.png");

    // Filter the late reports with the form (no script: a GET with the query).
    let late = s.find("#late").unwrap();
    s.click(&late).unwrap();
    let button = s.find("form.filters button").unwrap();
    s.click(&button).unwrap();
    s.wait_for("#late[checked]", 30).unwrap();
    assert!(s.url().unwrap().contains("late=1"), "{}", s.url().unwrap());
    let rows = s.find_all("table.summary-table tbody tr").unwrap();
    assert!(!rows.is_empty() && rows.len() < all);
    for cell in s
        .find_all("table.summary-table tbody td.timeliness")
        .unwrap()
    {
        assert_eq!(s.text(&cell).unwrap(), "逾期");
    }
    save(&s, "corpus-late.png");

    // Sort by errors, descending: the broken report first; open it.
    s.goto(&format!("{base}/corpus?sort=errors&desc=1"))
        .unwrap();
    let first = s
        .find("table.summary-table tbody tr:first-child th a")
        .unwrap();
    assert_eq!(s.text(&first).unwrap(), "in/2019/health.html");
    s.click(&first).unwrap();
    s.wait_for("article.report", 30).unwrap();
    let marked = s.find_all("article.report td.finding.error").unwrap();
    assert!(!marked.is_empty(), "the broken total is marked on its cell");
    save(&s, "corpus-report.png");

    // The body's card from the report's page: charts drawn with scripts off by its policy.
    let card = s.find("a[href^='/corpus/card']").unwrap();
    s.click(&card).unwrap();
    s.wait_for("svg", 30).unwrap();
    assert!(
        !s.find_all("svg").unwrap().is_empty(),
        "the card draws its charts"
    );
    save(&s, "corpus-card.png");

    // The roll-up, from the summary's link, asked for a year with the form.
    s.goto(&format!("{base}/corpus")).unwrap();
    let link = s.find(".corpus-links a").unwrap();
    s.click(&link).unwrap();
    s.wait_for("form.filters", 30).unwrap();
    let year = s.find("#year option[value='2019']").unwrap();
    s.click(&year).unwrap();
    let button = s.find("form.filters button").unwrap();
    s.click(&button).unwrap();
    s.wait_for("article.report", 60).unwrap();
    let downloads = s.find_all(".downloads a").unwrap();
    assert_eq!(downloads.len(), 3);
    save(&s, "corpus-rollup.png");

    // English, filters kept.
    s.goto(&format!("{base}/corpus?late=1")).unwrap();
    let switch = s.find("a.lang-switch").unwrap();
    s.click(&switch).unwrap();
    s.wait_for("html[lang='en']", 30).unwrap();
    assert!(s.url().unwrap().contains("late=1"));
    save(&s, "corpus-late-en.png");
}
