//! The ledger in a real browser (Chromium through chromedriver, as `browser`): sign in; a
//! registrar registers a request, a handler proposes its answer and finds no approve button, an
//! approver approves it; the year's report counts it and its cell leads down to the request;
//! another agency's handler does not see it. Screenshots go to `target/screenshots/web/ledger-*.png`.

use crate::auth::{PASSWORD, setup};
use crate::browser::{chromium_args, fresh, save, start};
use crate::webdriver::{Driver, Session};

pub fn type_into(s: &Session, css: &str, text: &str) {
    let e = s.find(css).unwrap_or_else(|e| panic!("{css}: {e}"));
    s.send_keys(&e, text).unwrap();
}

pub fn click(s: &Session, css: &str) {
    let e = s.find(css).unwrap_or_else(|e| panic!("{css}: {e}"));
    s.click(&e).unwrap();
}

/// Signs in as `name` from wherever the browser is (the ledger sends it to the form).
pub fn sign_in(s: &Session, base: &str, name: &str) {
    s.goto(&format!("{base}/ledger")).unwrap();
    s.wait_for("form.signin", 30).expect("the sign-in form");
    assert!(
        s.url().unwrap().contains("/login?next="),
        "{}",
        s.url().unwrap()
    );
    type_into(s, "#name", name);
    type_into(s, "#password", PASSWORD);
    click(s, "form.signin button");
    s.wait_for(".ledger-bar", 30).expect("signed in");
}

fn sign_out(s: &Session) {
    click(s, "form.signout button");
    s.wait_for("form.signin", 30).expect("signed out");
}

#[test]
fn the_ledger_in_a_real_browser() {
    let Some((chromium, chromedriver)) = crate::browser::browsers() else {
        return;
    };
    let (state, _) = setup("browser");
    let base = start(state);
    let driver = Driver::start(&chromedriver).expect("chromedriver starts");
    let profile = fresh("ledger-profile");
    let s = driver
        .session(&chromium, &chromium_args(&profile), serde_json::json!({}))
        .expect("a browser session");

    // A registrar registers a request.
    s.goto(&format!("{base}/login")).unwrap();
    save(&s, "ledger-login.png");
    sign_in(&s, &base, "registrar");
    click(&s, "a[href='/ledger/new']");
    s.wait_for("#number", 30).unwrap();
    type_into(&s, "#number", "R-1");
    type_into(&s, "#received", "2024-03-05");
    type_into(&s, "#content", "2023年食品抽检结果");
    type_into(&s, "#name", "张三");
    type_into(&s, "#contact", "13812345678");
    save(&s, "ledger-new.png");
    click(&s, "form.ledger-form button");
    s.wait_for("dl.facts", 30).expect("the request page");
    assert!(s.url().unwrap().contains("/ledger/r/R-1"));
    let facts = s.text(&s.find("dl.facts").unwrap()).unwrap();
    assert!(facts.contains("张*") && !facts.contains("张三"), "{facts}");
    sign_out(&s);

    // A handler proposes the answer and cannot approve it.
    sign_in(&s, &base, "handler");
    save(&s, "ledger-due.png");
    click(&s, "a[href='/ledger/r/R-1']");
    s.wait_for("#propose", 30).unwrap();
    type_into(&s, "#propose-date", "2024-03-20");
    type_into(&s, "#propose-reason", "已查到");
    click(&s, "#propose button");
    s.wait_for("#proposals", 30)
        .expect("the proposal is listed");
    assert!(
        s.find_all("#proposals button").unwrap().is_empty(),
        "a handler has no approve button"
    );
    save(&s, "ledger-request-handler.png");
    sign_out(&s);

    // An approver approves; the answer is in the history.
    sign_in(&s, &base, "approver");
    s.goto(&format!("{base}/ledger/r/R-1")).unwrap();
    let approve = s.wait_for("#proposals button[value=approve]", 30).unwrap();
    s.click(&approve).unwrap();
    s.wait_for("#history", 30).unwrap();
    let history = s.text(&s.find("#history").unwrap()).unwrap();
    assert!(history.contains("handler 提出，approver 批准"), "{history}");
    save(&s, "ledger-request-approved.png");

    // The year's report counts it; its cell leads down to the request.
    click(&s, "a[href='/ledger/report']");
    s.wait_for("#table-requests", 30).unwrap();
    s.goto(&format!("{base}/ledger/report?year=2024")).unwrap();
    let cell = s
        .wait_for("a[id='cell-requests.granted.natural']", 30)
        .unwrap();
    assert_eq!(s.text(&cell).unwrap(), "1");
    save(&s, "ledger-report.png");
    s.click(&cell).unwrap();
    let member = s.wait_for("#members a[href='/ledger/r/R-1']", 30).unwrap();
    save(&s, "ledger-cell.png");
    s.click(&member).unwrap();
    s.wait_for("dl.facts", 30).unwrap();
    assert!(
        s.url().unwrap().ends_with("/ledger/r/R-1"),
        "{}",
        s.url().unwrap()
    );
    sign_out(&s);

    // Another agency's handler sees nothing of it.
    sign_in(&s, &base, "baiyun-handler");
    assert!(s.find_all("a[href='/ledger/r/R-1']").unwrap().is_empty());
    s.goto(&format!("{base}/ledger/r/R-1")).unwrap();
    let message = s.wait_for("p.message", 30).unwrap();
    assert!(
        s.text(&message).unwrap().contains("R-1"),
        "the not-found message"
    );
    assert!(s.find_all("dl.facts").unwrap().is_empty());
    save(&s, "ledger-other-agency.png");

    // The auditor reads the audit log.
    s.goto(&format!("{base}/ledger")).unwrap();
    sign_out(&s);
    sign_in(&s, &base, "auditor");
    click(&s, "a[href='/ledger/audit']");
    s.wait_for("#audit", 30).unwrap();
    save(&s, "ledger-audit.png");
}
