//! The ledger's screens (`/ledger…`): what is due (overdue first), a new request (registrars), a
//! request with the forms of the user's role (handlers: 补正, consultation, withdrawal, and
//! proposals of extensions and answers; approvers: approve or reject them), its full history,
//! the applicant's personal data on request (logged), the year's report with each cell a link to
//! the requests it counts, and the audit log (auditors).
//!
//! Every handler takes a [`Session`] and asks for its [`Permission`] before reading anything;
//! every ledger call goes through `Db::ledger(session.user.agency)`, so a user sees only their
//! agency. Every `POST` checks the session's CSRF token first.
//!
//! Approval: an extension or an answer is not a ledger event until approved. The handler's
//! proposal waits in `web_proposals`; the approver's approval records the event in the ledger
//! with the approver as its actor and the proposer and their reason in its `why`. The ledger stays
//! the record of what the agency did (the clock and the report never see an unapproved answer),
//! and its crate and its SQLite + PostgreSQL suite are unchanged.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use gongkai_ledger::outcome::{outcome_label, outcome_rows, parse_outcome, template_of_year};
use gongkai_ledger::{
    Actor, Channel, Date, EventKind, LedgerError, ListFilter, NewRequest, Person,
};
use gongkai_model::labels::{Applicant, REVIEW_COLUMNS, ReviewGroup, request_rows};
use gongkai_model::{Lang, Text};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::{self, Proposal};
use crate::auth::{Denied, Permission, Session, encode_component};
use crate::lang::Chosen;
use crate::pages::{Layout, NavItem, Section, html};

/// The bar above every ledger page: its links (by the role), who is signed in, sign-out.
pub struct Bar {
    /// The bar's accessible name.
    pub label: &'static str,
    /// The links.
    pub links: Vec<NavItem>,
    /// `name · role · agency`.
    pub who: String,
    /// The session's CSRF token (sign-out and every form of the page).
    pub csrf: String,
    /// The sign-out button.
    pub sign_out: &'static str,
    /// A note after a change (`已记录`).
    pub note: Option<String>,
}

/// A form field.
pub struct Field {
    /// Its name.
    pub name: &'static str,
    /// Its label.
    pub label: String,
    /// `text`, `date`.
    pub kind: &'static str,
    /// Its value.
    pub value: String,
    /// Required.
    pub required: bool,
    /// For a select: (value, text).
    pub options: Vec<(String, String)>,
}

/// A form of the request page.
pub struct RequestForm {
    /// Its heading.
    pub title: String,
    /// Its id (for labels and tests).
    pub id: &'static str,
    /// Where it posts.
    pub action: String,
    /// Its fields.
    pub fields: Vec<Field>,
    /// Its button.
    pub button: String,
}

/// One line of the list.
pub struct ListRow {
    /// `overdue`, `soon` or ``.
    pub class: &'static str,
    /// Link to the request.
    pub href: String,
    /// 编号.
    pub number: String,
    /// 收到日期.
    pub received: String,
    /// 申请人类型.
    pub applicant: String,
    /// The masked applicant.
    pub person: String,
    /// 申请内容.
    pub content: String,
    /// Stage.
    pub stage: String,
    /// Due date.
    pub due: String,
    /// Working days left.
    pub days: String,
}

/// A proposal on the request page.
pub struct ProposalRow {
    /// Id.
    pub id: i64,
    /// What.
    pub what: String,
    /// The date proposed.
    pub date: String,
    /// Who proposed it.
    pub by: String,
    /// Their reason.
    pub reason: String,
    /// Where it stands.
    pub status: String,
    /// Where approve/reject posts (approvers, pending only).
    pub action: Option<String>,
}

/// The personal-data reveal form.
pub struct Reveal {
    /// Where it posts.
    pub action: String,
    /// The reason's label.
    pub label: String,
    /// The button.
    pub button: String,
}

/// A cell of a table page.
pub struct Cell {
    /// Its text.
    pub text: String,
    /// A link.
    pub href: Option<String>,
    /// Its id (`cell-<key>`).
    pub id: String,
}

/// A table of a table page.
pub struct Table {
    /// Its id.
    pub id: String,
    /// Its caption.
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows; the first cell is the row header.
    pub rows: Vec<Vec<Cell>>,
}

/// `/ledger`: what is due.
#[derive(Template)]
#[template(path = "ledger_list.html")]
pub struct ListPage {
    /// Around.
    pub layout: Layout,
    /// The bar.
    pub bar: Bar,
    /// Intro.
    pub intro: String,
    /// When empty.
    pub empty: String,
    /// Caption.
    pub caption: String,
    /// Headers.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<ListRow>,
}

/// `/ledger/new`.
#[derive(Template)]
#[template(path = "ledger_form.html")]
pub struct FormPage {
    /// Around.
    pub layout: Layout,
    /// The bar.
    pub bar: Bar,
    /// An error of the last attempt.
    pub error: Option<String>,
    /// Where it posts.
    pub action: String,
    /// Fields.
    pub fields: Vec<Field>,
    /// The button.
    pub button: String,
}

/// `/ledger/r/{number}`.
#[derive(Template)]
#[template(path = "ledger_request.html")]
pub struct RequestPage {
    /// Around.
    pub layout: Layout,
    /// The bar.
    pub bar: Bar,
    /// An error of the last attempt.
    pub error: Option<String>,
    /// (label, value).
    pub facts: Vec<(String, String)>,
    /// The personal-data form (registrars and handlers).
    pub reveal: Option<Reveal>,
    /// Heading of the proposals.
    pub proposals_title: String,
    /// Their headers.
    pub proposal_headers: Vec<String>,
    /// The proposals.
    pub proposals: Vec<ProposalRow>,
    /// Approve button.
    pub approve: String,
    /// Reject button.
    pub reject: String,
    /// The role's forms.
    pub forms: Vec<RequestForm>,
    /// Heading of the history.
    pub history_title: String,
    /// Its headers.
    pub history_headers: Vec<String>,
    /// (seq, date, event, actor, recorded at, why).
    pub history: Vec<(String, String, String, String, String, String)>,
}

/// The report, a drill-down, the audit log.
#[derive(Template)]
#[template(path = "ledger_table.html")]
pub struct TablePage {
    /// Around.
    pub layout: Layout,
    /// The bar.
    pub bar: Bar,
    /// Intro.
    pub intro: Option<String>,
    /// Tables.
    pub tables: Vec<Table>,
}

/// The fields of a new request.
#[derive(Deserialize, Default)]
pub struct NewForm {
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// 编号.
    #[serde(default)]
    pub number: String,
    /// 收到日期.
    #[serde(default)]
    pub received: String,
    /// 申请方式 (Chinese name).
    #[serde(default)]
    pub channel: String,
    /// 申请人类型 (column key).
    #[serde(default)]
    pub applicant: String,
    /// 申请内容.
    #[serde(default)]
    pub content: String,
    /// Applicant's name.
    #[serde(default)]
    pub name: String,
    /// Applicant's contact.
    #[serde(default)]
    pub contact: String,
    /// Applicant's address.
    #[serde(default)]
    pub address: String,
}

/// The fields of an event or a proposal.
#[derive(Deserialize, Default)]
pub struct EventForm {
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The kind's code.
    #[serde(default)]
    pub kind: String,
    /// Its statutory date.
    #[serde(default)]
    pub date: String,
    /// The party consulted.
    #[serde(default)]
    pub party: String,
    /// The outcome (row key of table 三).
    #[serde(default)]
    pub outcome: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// Approve or reject.
#[derive(Deserialize, Default)]
pub struct DecideForm {
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// `approve` or `reject`.
    #[serde(default)]
    pub decision: String,
}

/// The reason of a personal-data read.
#[derive(Deserialize, Default)]
pub struct ReasonForm {
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// `?year=` (and `key=`).
#[derive(Deserialize, Default)]
pub struct YearQuery {
    /// The year.
    #[serde(default)]
    pub year: Option<i32>,
    /// A cell key.
    #[serde(default)]
    pub key: String,
    /// A note to show (`recorded`).
    #[serde(default)]
    pub note: String,
}

/// The two languages' words for `lang`.
pub fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The Chinese or English side of a `Text`.
fn tx(lang: Lang, text: &Text) -> String {
    text.get(lang).to_string()
}

/// Which ledger page is shown (for the bar).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Page {
    Due,
    New,
    Report,
    Audit,
    Other,
}

fn bar(s: &Session, current: Page, note: Option<String>) -> Bar {
    let l = s.lang;
    let mut links = vec![NavItem {
        href: "/ledger",
        label: if l == Lang::Zh { "待办日历" } else { "Due" },
        current: current == Page::Due,
    }];
    if s.user.role.grants(Permission::Register) {
        links.push(NavItem {
            href: "/ledger/new",
            label: if l == Lang::Zh {
                "登记申请"
            } else {
                "New request"
            },
            current: current == Page::New,
        });
    }
    links.push(NavItem {
        href: "/ledger/report",
        label: if l == Lang::Zh {
            "年度报告"
        } else {
            "Year's report"
        },
        current: current == Page::Report,
    });
    if s.user.role.grants(Permission::Audit) {
        links.push(NavItem {
            href: "/ledger/audit",
            label: if l == Lang::Zh {
                "审计日志"
            } else {
                "Audit log"
            },
            current: current == Page::Audit,
        });
    }
    let me = crate::pages::SignedIn::of(s, l);
    Bar {
        label: if l == Lang::Zh { "台账" } else { "Ledger" },
        links,
        who: me.who,
        csrf: me.csrf,
        sign_out: me.sign_out,
        note,
    }
}

/// The layout of a ledger page: the language switch stays on the page (a page that answers a
/// `POST` switches on the ledger's first page).
fn layout(s: &Session, title: &str) -> Layout {
    let lang = s.lang;
    let mut l = Layout::new(lang, title, Section::Ledger);
    let post_only = ["/person", "/event", "/propose"]
        .iter()
        .any(|end| s.here.ends_with(end))
        || s.here.starts_with("/ledger/proposals");
    let here = if post_only {
        "/ledger"
    } else {
        s.here.as_str()
    };
    l.switch_href = format!("{here}?lang={}", crate::words::code(other(lang)));
    l
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    }
}

fn page(lang: Lang, r: askama::Result<String>) -> Response {
    html(
        StatusCode::OK,
        r,
        Chosen {
            lang,
            from_query: true,
        },
    )
}

fn see_other(to: &str) -> Response {
    let mut res = Response::new(axum::body::Body::empty());
    *res.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

/// A ledger error as a page (400; 404 for an unknown request).
fn ledger_error(lang: Lang, e: &LedgerError) -> Response {
    let status = match e {
        LedgerError::UnknownRequest(_) | LedgerError::UnknownAgency(_) => StatusCode::NOT_FOUND,
        LedgerError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    };
    crate::pages::message(status, lang, &e.message())
}

fn internal(s: &Session) -> Response {
    Denied::Internal {
        lang: s.lang,
        api: s.api,
    }
    .into_response()
}

/// The request's page path.
pub fn request_href(number: &str) -> String {
    format!("/ledger/r/{}", encode_component(number))
}

/// `GET /ledger`: open requests, overdue first, then by due date.
pub async fn due(
    State(state): State<AppState>,
    s: Session,
    Query(q): Query<YearQuery>,
) -> Response {
    if let Err(d) = s.require(Permission::View) {
        return d.into_response();
    }
    let agency = s.user.agency.clone();
    let listed = state
        .blocking(move |web| {
            let mut db = web.ledger();
            let mut ledger = db.ledger(&agency)?;
            ledger.list(
                gongkai_ledger::time::today_in_china(),
                ListFilter {
                    due_within: None,
                    all: true,
                },
            )
        })
        .await;
    let l = s.lang;
    let items = match listed {
        Some(Ok(items)) => items,
        Some(Err(e)) => return ledger_error(l, &e),
        None => return internal(&s),
    };
    let rows = items
        .iter()
        .map(|i| ListRow {
            class: match i.days_left {
                Some(d) if d < 0 => "overdue",
                Some(d) if d <= 5 => "soon",
                _ => "",
            },
            href: request_href(&i.number),
            number: i.number.clone(),
            received: i.received.to_string(),
            applicant: applicant_text(l, i.applicant),
            person: i.person.clone().unwrap_or_default(),
            content: i.content.clone(),
            stage: tx(l, &i.stage.text()),
            due: i.due.map(|d| d.to_string()).unwrap_or_default(),
            days: match i.days_left {
                Some(d) if d < 0 => t(
                    l,
                    &format!("逾期 {} 个工作日", -d),
                    &format!("{} working days overdue", -d),
                ),
                Some(d) => t(l, &format!("{d} 个工作日"), &format!("{d} working days")),
                None => String::new(),
            },
        })
        .collect();
    let note = note_text(l, &q.note);
    let title = t(l, "待办日历", "What is due");
    let p = ListPage {
        layout: layout(&s, &title),
        bar: bar(&s, Page::Due, note),
        intro: t(
            l,
            "本机关的申请：逾期的排在最前，其余按答复期限排列；已办结的排在最后。",
            "This agency's requests: overdue first, then by the answer's due date; closed ones last.",
        ),
        empty: t(l, "台账中还没有申请。", "The ledger has no requests yet."),
        caption: title.clone(),
        headers: [
            ("编号", "Number"),
            ("收到日期", "Received"),
            ("申请人类型", "Applicant type"),
            ("申请人", "Applicant"),
            ("申请内容", "Content"),
            ("状态", "Stage"),
            ("答复期限", "Due"),
            ("剩余", "Left"),
        ]
        .iter()
        .map(|(zh, en)| t(l, zh, en))
        .collect(),
        rows,
    };
    page(l, p.render())
}

fn note_text(l: Lang, note: &str) -> Option<String> {
    match note {
        "recorded" => Some(t(l, "已记录。", "Recorded.")),
        "proposed" => Some(t(l, "已提交审批。", "Sent for approval.")),
        "approved" => Some(t(
            l,
            "已批准并记入台账。",
            "Approved and recorded in the ledger.",
        )),
        "rejected" => Some(t(l, "已驳回。", "Rejected.")),
        _ => None,
    }
}

fn applicant_text(l: Lang, a: Applicant) -> String {
    match l {
        Lang::Zh => a.label().to_string(),
        Lang::En => match a {
            Applicant::Natural => "natural person",
            Applicant::Commercial => "business",
            Applicant::Research => "research institution",
            Applicant::Nonprofit => "non-profit",
            Applicant::Legal => "legal services",
            Applicant::OtherOrg => "other organisation",
            Applicant::Total => "total",
        }
        .to_string(),
    }
}

fn field(
    name: &'static str,
    label: String,
    kind: &'static str,
    value: &str,
    required: bool,
) -> Field {
    Field {
        name,
        label,
        kind,
        value: value.to_string(),
        required,
        options: Vec::new(),
    }
}

fn new_fields(l: Lang, f: &NewForm) -> Vec<Field> {
    let mut channel = field(
        "channel",
        t(l, "申请方式", "Channel"),
        "text",
        &f.channel,
        true,
    );
    channel.options = Channel::ALL
        .iter()
        .map(|c| {
            (
                c.zh().to_string(),
                if l == Lang::Zh { c.zh() } else { c.en() }.to_string(),
            )
        })
        .collect();
    let mut applicant = field(
        "applicant",
        t(l, "申请人类型", "Applicant type"),
        "text",
        &f.applicant,
        true,
    );
    applicant.options = Applicant::ALL
        .iter()
        .filter(|a| **a != Applicant::Total)
        .map(|a| (a.key().to_string(), applicant_text(l, *a)))
        .collect();
    vec![
        field("number", t(l, "编号", "Number"), "text", &f.number, true),
        field(
            "received",
            t(
                l,
                "收到申请之日（法定，如 2024-03-05）",
                "Statutory receipt date (e.g. 2024-03-05)",
            ),
            "text",
            &f.received,
            true,
        ),
        channel,
        applicant,
        field(
            "content",
            t(l, "申请内容", "Content"),
            "text",
            &f.content,
            true,
        ),
        field(
            "name",
            t(
                l,
                "申请人姓名或名称（个人信息）",
                "Applicant's name (personal data)",
            ),
            "text",
            &f.name,
            false,
        ),
        field(
            "contact",
            t(l, "联系方式（个人信息）", "Contact (personal data)"),
            "text",
            &f.contact,
            false,
        ),
        field(
            "address",
            t(l, "通讯地址（个人信息）", "Address (personal data)"),
            "text",
            &f.address,
            false,
        ),
    ]
}

fn new_page(s: &Session, f: &NewForm, error: Option<String>) -> Response {
    let l = s.lang;
    let title = t(l, "登记申请", "New request");
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let p = FormPage {
        layout: layout(s, &title),
        bar: bar(s, Page::New, None),
        error,
        action: "/ledger/new".to_string(),
        fields: new_fields(l, f),
        button: t(l, "登记", "Register"),
    };
    html(
        status,
        p.render(),
        Chosen {
            lang: l,
            from_query: true,
        },
    )
}

/// `GET /ledger/new` (registrars).
pub async fn new_form(s: Session) -> Response {
    if let Err(d) = s.require(Permission::Register) {
        return d.into_response();
    }
    new_page(&s, &NewForm::default(), None)
}

/// Reads the new-request form into a `NewRequest`.
pub fn parse_new(f: &NewForm) -> Result<NewRequest, Text> {
    let received = Date::parse(&f.received).map_err(|e| {
        let m = e.message();
        Text::new(
            format!("收到日期：{}", m.zh),
            format!("receipt date: {}", m.en),
        )
    })?;
    let channel = Channel::from_zh(&f.channel)
        .ok_or_else(|| Text::new("请选择申请方式", "choose a channel"))?;
    let applicant = Applicant::ALL
        .into_iter()
        .find(|a| *a != Applicant::Total && a.key() == f.applicant.trim())
        .ok_or_else(|| Text::new("请选择申请人类型", "choose an applicant type"))?;
    let person = (!f.name.trim().is_empty()).then(|| Person {
        name: f.name.trim().to_string(),
        contact: f.contact.trim().to_string(),
        address: f.address.trim().to_string(),
    });
    Ok(NewRequest {
        number: f.number.trim().to_string(),
        received,
        channel,
        applicant,
        content: f.content.trim().to_string(),
        person,
    })
}

/// `POST /ledger/new` (registrars).
pub async fn new_submit(
    State(state): State<AppState>,
    s: Session,
    Form(f): Form<NewForm>,
) -> Response {
    if let Err(d) = s.allow_change(&f.csrf, Permission::Register) {
        return d.into_response();
    }
    let l = s.lang;
    let new = match parse_new(&f) {
        Ok(n) => n,
        Err(e) => return new_page(&s, &f, Some(tx(l, &e))),
    };
    let number = new.number.clone();
    match add_request(&state, &s, new).await {
        Some(Ok(())) => see_other(&format!("{}?note=recorded", request_href(&number))),
        Some(Err(e)) => new_page(&s, &f, Some(tx(l, &e.message()))),
        None => internal(&s),
    }
}

/// Registers a request and logs it (shared with the API).
pub async fn add_request(
    state: &AppState,
    s: &Session,
    new: NewRequest,
) -> Option<Result<(), LedgerError>> {
    let (agency, user) = (s.user.agency.clone(), s.user.name.clone());
    state
        .blocking(move |web| {
            let conn = web.accounts();
            let mut db = web.ledger();
            let mut ledger = db.ledger(&agency)?;
            let r = ledger.add(&Actor::new(&user), &new, "");
            let _ = accounts::audit(
                &conn,
                &user,
                Some(&agency),
                "add",
                &new.number,
                r.is_ok(),
                "",
            );
            r.map(|_| ())
        })
        .await
}

/// `GET /ledger/r/{number}`.
pub async fn request(
    State(state): State<AppState>,
    s: Session,
    Path(number): Path<String>,
    Query(q): Query<YearQuery>,
) -> Response {
    if let Err(d) = s.require(Permission::View) {
        return d.into_response();
    }
    let note = note_text(s.lang, &q.note);
    request_page(&state, &s, &number, note, None, None).await
}

async fn request_page(
    state: &AppState,
    s: &Session,
    number: &str,
    note: Option<String>,
    error: Option<String>,
    person: Option<Person>,
) -> Response {
    let l = s.lang;
    let (agency, n) = (s.user.agency.clone(), number.to_string());
    let loaded = state
        .blocking(move |web| {
            let proposals =
                accounts::proposals(&web.accounts(), &agency, Some(&n)).unwrap_or_default();
            let mut db = web.ledger();
            let mut ledger = db.ledger(&agency)?;
            ledger.request(&n).map(|v| (v, proposals))
        })
        .await;
    let (view, proposals) = match loaded {
        Some(Ok(v)) => v,
        Some(Err(e)) => return ledger_error(l, &e),
        None => return internal(s),
    };
    let role = s.user.role;
    let mut facts = Vec::new();
    let st = &view.state;
    facts.push((t(l, "状态", "Stage"), tx(l, &st.stage().text())));
    if let Some(r) = &st.received {
        facts.push((t(l, "收到申请之日", "Received"), r.date.to_string()));
        facts.push((
            t(l, "申请方式", "Channel"),
            if l == Lang::Zh {
                r.channel.zh()
            } else {
                r.channel.en()
            }
            .to_string(),
        ));
        facts.push((
            t(l, "申请人类型", "Applicant type"),
            applicant_text(l, r.applicant),
        ));
        facts.push((t(l, "申请内容", "Content"), r.content.clone()));
    }
    if let Ok(Some(schedule)) = &view.schedule
        && let Some(due) = st.due(schedule)
    {
        facts.push((t(l, "答复期限", "Due"), due.to_string()));
    }
    if let Some(c) = &st.closure {
        facts.push((
            t(l, "办结", "Closed"),
            format!("{} · {}", c.date, outcome_label(c.outcome)),
        ));
    }
    match (&person, &view.person) {
        (Some(p), _) => {
            facts.push((t(l, "申请人", "Applicant"), p.name.clone()));
            facts.push((t(l, "联系方式", "Contact"), p.contact.clone()));
            facts.push((t(l, "通讯地址", "Address"), p.address.clone()));
        }
        (None, Some(m)) => {
            facts.push((
                t(l, "申请人（已遮蔽）", "Applicant (masked)"),
                format!("{} {}", m.name, m.contact),
            ));
        }
        (None, None) => {}
    }
    let href = request_href(number);
    let reveal = (role.grants(Permission::PersonalData)
        && view.person.is_some()
        && person.is_none())
    .then(|| Reveal {
        action: format!("{href}/person"),
        label: t(
            l,
            "查看申请人个人信息的理由（记入查阅日志）",
            "Why you need the applicant's personal data (logged)",
        ),
        button: t(l, "查看个人信息", "Show personal data"),
    });
    let approver = role.grants(Permission::Approve);
    let proposal_rows = proposals
        .iter()
        .map(|p| ProposalRow {
            id: p.id,
            what: proposal_what(l, p),
            date: p.date.clone(),
            by: p.proposed_by.clone(),
            reason: p.reason.clone(),
            status: match p.status.as_str() {
                "pending" => t(l, "待审批", "pending"),
                "approved" => t(l, "已批准", "approved"),
                _ => t(l, "已驳回", "rejected"),
            },
            action: (approver && p.status == "pending")
                .then(|| format!("/ledger/proposals/{}", p.id)),
        })
        .collect();
    let mut forms = Vec::new();
    if role.grants(Permission::Handle) && st.stage().is_open() {
        forms.extend(handler_forms(
            l,
            &href,
            view.state.received.as_ref().map(|r| r.date),
        ));
    }
    let history = if role.grants(Permission::History) {
        view.events
            .iter()
            .map(|e| {
                (
                    e.seq.to_string(),
                    e.date.to_string(),
                    tx(l, &e.kind.describe()),
                    e.actor.name().to_string(),
                    e.recorded_at.clone(),
                    e.reason.clone(),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let title = t(l, &format!("申请 {number}"), &format!("Request {number}"));
    let p = RequestPage {
        layout: layout(s, &title),
        bar: bar(s, Page::Other, note),
        error: error.clone(),
        facts,
        reveal,
        proposals_title: t(
            l,
            "待审批与已审批的事项",
            "Extensions and answers for approval",
        ),
        proposal_headers: [
            ("事项", "What"),
            ("日期", "Date"),
            ("提出人", "Proposed by"),
            ("理由", "Why"),
            ("状态", "Status"),
            ("审批", "Decision"),
        ]
        .iter()
        .map(|(zh, en)| t(l, zh, en))
        .collect(),
        proposals: proposal_rows,
        approve: t(l, "批准", "Approve"),
        reject: t(l, "驳回", "Reject"),
        forms,
        history_title: t(l, "完整记录", "Full history"),
        history_headers: [
            ("序号", "#"),
            ("日期", "Date"),
            ("事件", "Event"),
            ("记录人", "By"),
            ("记录时间", "Recorded"),
            ("理由", "Why"),
        ]
        .iter()
        .map(|(zh, en)| t(l, zh, en))
        .collect(),
        history,
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    html(
        status,
        p.render(),
        Chosen {
            lang: l,
            from_query: true,
        },
    )
}

fn proposal_what(l: Lang, p: &Proposal) -> String {
    match (p.kind.as_str(), &p.outcome) {
        ("extended", _) => t(l, "延期答复", "Extension"),
        (_, Some(o)) => {
            let year: i32 = p.date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2024);
            let label = template_of_year(year)
                .and_then(|tp| parse_outcome(o, tp))
                .map(outcome_label)
                .unwrap_or_else(|| o.clone());
            t(l, &format!("答复：{label}"), &format!("Answer: {label}"))
        }
        _ => t(l, "答复", "Answer"),
    }
}

fn handler_forms(l: Lang, href: &str, received: Option<Date>) -> Vec<RequestForm> {
    let date = || {
        field(
            "date",
            t(
                l,
                "日期（法定，如 2024-03-05）",
                "Date (statutory, e.g. 2024-03-05)",
            ),
            "text",
            "",
            true,
        )
    };
    let reason = || {
        field(
            "reason",
            t(l, "理由或说明", "Why / note"),
            "text",
            "",
            false,
        )
    };
    let mut kind = field(
        "kind",
        t(l, "事件", "Event"),
        "text",
        "correction_requested",
        true,
    );
    kind.options = [
        (
            "correction_requested",
            "补正告知",
            "Correction requested (补正)",
        ),
        ("correction_received", "收到补正", "Correction received"),
        ("consultation_sent", "征求意见", "Consultation sent"),
        ("consultation_answered", "收到意见", "Consultation answered"),
        ("withdrawn", "申请人撤回申请", "Withdrawn by the applicant"),
    ]
    .iter()
    .map(|(k, zh, en)| (k.to_string(), t(l, zh, en)))
    .collect();
    let year = received.map_or(2024, |d| d.year()).max(2019);
    let template = template_of_year(year.max(gongkai_ledger::time::today_in_china().year()))
        .or_else(|| template_of_year(year));
    let mut outcome = field(
        "outcome",
        t(l, "办理结果（表三）", "Outcome (table 三)"),
        "text",
        "",
        true,
    );
    if let Some(tp) = template {
        outcome.options = outcome_rows(tp)
            .map(|r| (r.spec().key.to_string(), outcome_label(r)))
            .collect();
        if let Some(first) = outcome.options.first() {
            outcome.value = first.0.clone();
        }
    }
    let mut what = field("kind", t(l, "事项", "What"), "text", "answered", true);
    what.options = vec![
        ("answered".to_string(), t(l, "答复", "Answer")),
        ("extended".to_string(), t(l, "延期答复", "Extension")),
    ];
    vec![
        RequestForm {
            title: t(l, "记录办理事件", "Record a step"),
            id: "event",
            action: format!("{href}/event"),
            fields: vec![
                kind,
                date(),
                field(
                    "party",
                    t(
                        l,
                        "征求意见对象（征求/收到意见时）",
                        "Party consulted (consultations)",
                    ),
                    "text",
                    "",
                    false,
                ),
                reason(),
            ],
            button: t(l, "记录", "Record"),
        },
        RequestForm {
            title: t(
                l,
                "提交答复或延期（须经审批）",
                "Propose an answer or an extension (needs approval)",
            ),
            id: "propose",
            action: format!("{href}/propose"),
            fields: vec![what, date(), outcome, reason()],
            button: t(l, "提交审批", "Send for approval"),
        },
    ]
}

/// The event a handler's form names.
pub fn event_of(f: &EventForm) -> Result<(Date, EventKind), Text> {
    let date = Date::parse(&f.date).map_err(|e| {
        let m = e.message();
        Text::new(format!("日期：{}", m.zh), format!("date: {}", m.en))
    })?;
    let party = f.party.trim().to_string();
    let kind = match f.kind.as_str() {
        "correction_requested" => EventKind::CorrectionRequested,
        "correction_received" => EventKind::CorrectionReceived,
        "consultation_sent" if !party.is_empty() => EventKind::ConsultationSent { party },
        "consultation_sent" => {
            return Err(Text::new(
                "征求意见须写明对象",
                "a consultation needs the party consulted",
            ));
        }
        "consultation_answered" => EventKind::ConsultationAnswered { party },
        "withdrawn" => EventKind::Withdrawn,
        _ => return Err(Text::new("没有这种事件", "no such event")),
    };
    Ok((date, kind))
}

/// `POST /ledger/r/{number}/event` (handlers).
pub async fn record(
    State(state): State<AppState>,
    s: Session,
    Path(number): Path<String>,
    Form(f): Form<EventForm>,
) -> Response {
    if let Err(d) = s.allow_change(&f.csrf, Permission::Handle) {
        return d.into_response();
    }
    let l = s.lang;
    let (date, kind) = match event_of(&f) {
        Ok(v) => v,
        Err(e) => return request_page(&state, &s, &number, None, Some(tx(l, &e)), None).await,
    };
    match record_event(&state, &s, &number, date, kind, f.reason.trim().to_string()).await {
        Some(Ok(())) => see_other(&format!("{}?note=recorded", request_href(&number))),
        Some(Err(e)) => {
            request_page(&state, &s, &number, None, Some(tx(l, &e.message())), None).await
        }
        None => internal(&s),
    }
}

/// Records an event as the session's user and logs it (shared with the API).
pub async fn record_event(
    state: &AppState,
    s: &Session,
    number: &str,
    date: Date,
    kind: EventKind,
    reason: String,
) -> Option<Result<(), LedgerError>> {
    let (agency, user, n) = (
        s.user.agency.clone(),
        s.user.name.clone(),
        number.to_string(),
    );
    state
        .blocking(move |web| {
            let conn = web.accounts();
            let mut db = web.ledger();
            let mut ledger = db.ledger(&agency)?;
            let code = kind.kind().code();
            let r = ledger.record(&Actor::new(&user), &n, date, kind, &reason);
            let _ = accounts::audit(&conn, &user, Some(&agency), "record", &n, r.is_ok(), code);
            r.map(|_| ())
        })
        .await
}

/// Checks a proposal's fields; the outcome is normalised to its row key.
pub fn proposal_of(f: &EventForm, number: &str, by: &str) -> Result<Proposal, Text> {
    let date = Date::parse(&f.date).map_err(|e| {
        let m = e.message();
        Text::new(format!("日期：{}", m.zh), format!("date: {}", m.en))
    })?;
    let outcome = match f.kind.as_str() {
        "extended" => None,
        "answered" => {
            let tp = template_of_year(date.year())
                .ok_or_else(|| Text::new("该年度没有统计表模板", "no template for that year"))?;
            let row = parse_outcome(&f.outcome, tp)
                .ok_or_else(|| gongkai_ledger::outcome::outcome_error(&f.outcome, tp))?;
            Some(row.spec().key.to_string())
        }
        _ => {
            return Err(Text::new(
                "只有答复和延期需要审批",
                "only answers and extensions are approved",
            ));
        }
    };
    Ok(Proposal {
        id: 0,
        number: number.to_string(),
        kind: f.kind.clone(),
        date: date.to_string(),
        outcome,
        reason: f.reason.trim().to_string(),
        proposed_by: by.to_string(),
        status: "pending".to_string(),
    })
}

/// `POST /ledger/r/{number}/propose` (handlers): an answer or an extension, for approval.
pub async fn propose(
    State(state): State<AppState>,
    s: Session,
    Path(number): Path<String>,
    Form(f): Form<EventForm>,
) -> Response {
    if let Err(d) = s.allow_change(&f.csrf, Permission::Handle) {
        return d.into_response();
    }
    let l = s.lang;
    let p = match proposal_of(&f, &number, &s.user.name) {
        Ok(p) => p,
        Err(e) => return request_page(&state, &s, &number, None, Some(tx(l, &e)), None).await,
    };
    match submit_proposal(&state, &s, p).await {
        Some(Ok(_)) => see_other(&format!("{}?note=proposed", request_href(&number))),
        Some(Err(e)) => {
            request_page(&state, &s, &number, None, Some(tx(l, &e.message())), None).await
        }
        None => internal(&s),
    }
}

/// Stores a proposal for a request of the session's agency (which must exist) and logs it.
pub async fn submit_proposal(
    state: &AppState,
    s: &Session,
    p: Proposal,
) -> Option<Result<i64, LedgerError>> {
    let (agency, user) = (s.user.agency.clone(), s.user.name.clone());
    state
        .blocking(move |web| {
            let conn = web.accounts();
            let mut db = web.ledger();
            let mut ledger = db.ledger(&agency)?;
            let view = ledger.request(&p.number)?;
            if !view.state.stage().is_open() {
                return Err(LedgerError::Refused {
                    number: p.number.clone(),
                    message: Text::new("申请已办结", "the request is closed"),
                });
            }
            let id = accounts::propose(&conn, &agency, &p)
                .map_err(|e| LedgerError::Database(gongkai_ledger::DbError(e.to_string())))?;
            let _ = accounts::audit(
                &conn,
                &user,
                Some(&agency),
                "propose",
                &p.number,
                true,
                &p.kind,
            );
            Ok(id)
        })
        .await
}

/// `POST /ledger/proposals/{id}` (approvers): approve (records the event) or reject.
pub async fn decide(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Form(f): Form<DecideForm>,
) -> Response {
    if let Err(d) = s.allow_change(&f.csrf, Permission::Approve) {
        return d.into_response();
    }
    let l = s.lang;
    match decide_proposal(&state, &s, id, f.decision == "approve").await {
        Some(Ok(number)) => see_other(&format!(
            "{}?note={}",
            request_href(&number),
            if f.decision == "approve" {
                "approved"
            } else {
                "rejected"
            }
        )),
        Some(Err(e)) => ledger_error(l, &e),
        None => internal(&s),
    }
}

/// Approves or rejects a pending proposal of the session's agency; returns its request number.
/// Approval records the event with the approver as actor and the proposer in its reason; when the
/// ledger refuses it, the proposal stays pending.
pub async fn decide_proposal(
    state: &AppState,
    s: &Session,
    id: i64,
    approve: bool,
) -> Option<Result<String, LedgerError>> {
    let (agency, user) = (s.user.agency.clone(), s.user.name.clone());
    state
        .blocking(move |web| {
            let conn = web.accounts();
            let db_err = |e: accounts::AccountError| {
                LedgerError::Database(gongkai_ledger::DbError(e.to_string()))
            };
            let p = accounts::pending(&conn, &agency, id)
                .map_err(db_err)?
                .ok_or_else(|| {
                    LedgerError::Invalid(Text::new(
                        "没有这项待审批事项",
                        "no such pending proposal",
                    ))
                })?;
            if approve {
                let date = Date::parse(&p.date)
                    .map_err(|_| LedgerError::Invalid(Text::new("日期有误", "bad date")))?;
                let kind = match (&p.outcome, p.kind.as_str()) {
                    (_, "extended") => EventKind::Extended,
                    (Some(o), _) => {
                        let tp = template_of_year(date.year()).ok_or_else(|| {
                            LedgerError::Invalid(Text::new(
                                "该年度没有模板",
                                "no template for that year",
                            ))
                        })?;
                        let outcome = parse_outcome(o, tp).ok_or_else(|| {
                            LedgerError::Invalid(gongkai_ledger::outcome::outcome_error(o, tp))
                        })?;
                        EventKind::Answered { outcome }
                    }
                    _ => return Err(LedgerError::Invalid(Text::new("事项有误", "bad proposal"))),
                };
                let why = format!("{} 提出，{} 批准：{}", p.proposed_by, user, p.reason);
                let mut db = web.ledger();
                let mut ledger = db.ledger(&agency)?;
                let r = ledger.record(&Actor::new(&user), &p.number, date, kind, &why);
                let _ = accounts::audit(
                    &conn,
                    &user,
                    Some(&agency),
                    "approve",
                    &p.number,
                    r.is_ok(),
                    &p.kind,
                );
                r?;
            } else {
                let _ = accounts::audit(
                    &conn,
                    &user,
                    Some(&agency),
                    "reject",
                    &p.number,
                    true,
                    &p.kind,
                );
            }
            accounts::decide(&conn, &agency, id, approve, &user).map_err(db_err)?;
            Ok(p.number)
        })
        .await
}

/// `POST /ledger/r/{number}/person` (registrars, handlers): the applicant's personal data, with a
/// reason; the read is logged by the ledger and in the audit log.
pub async fn person(
    State(state): State<AppState>,
    s: Session,
    Path(number): Path<String>,
    Form(f): Form<ReasonForm>,
) -> Response {
    if let Err(d) = s.allow_change(&f.csrf, Permission::PersonalData) {
        return d.into_response();
    }
    let (agency, user, n, reason) = (
        s.user.agency.clone(),
        s.user.name.clone(),
        number.clone(),
        f.reason.clone(),
    );
    let read = state
        .blocking(move |web| {
            let conn = web.accounts();
            let mut db = web.ledger();
            let mut ledger = db.ledger(&agency)?;
            let r = ledger.person(&Actor::new(&user), &n, &reason);
            let _ = accounts::audit(
                &conn,
                &user,
                Some(&agency),
                "person",
                &n,
                r.is_ok(),
                &reason,
            );
            r
        })
        .await;
    let l = s.lang;
    match read {
        Some(Ok(p)) => request_page(&state, &s, &number, None, None, p).await,
        Some(Err(e)) => {
            request_page(&state, &s, &number, None, Some(tx(l, &e.message())), None).await
        }
        None => internal(&s),
    }
}

/// `GET /ledger/report?year=Y`: tables 三 and 四 counted from the ledger, each cell a link to
/// what it counts.
pub async fn report(
    State(state): State<AppState>,
    s: Session,
    Query(q): Query<YearQuery>,
) -> Response {
    if let Err(d) = s.require(Permission::View) {
        return d.into_response();
    }
    let l = s.lang;
    let year = q
        .year
        .unwrap_or_else(|| gongkai_ledger::time::today_in_china().year());
    let agency = s.user.agency.clone();
    let built = state
        .blocking(move |web| {
            let mut db = web.ledger();
            let mut ledger = db.ledger(&agency)?;
            ledger.report(year)
        })
        .await;
    let r = match built {
        Some(Ok(r)) => r,
        Some(Err(e)) => return ledger_error(l, &e),
        None => return internal(&s),
    };
    let cells: std::collections::BTreeMap<String, String> =
        gongkai_model::cells::cells(&r.report).into_iter().collect();
    let link = |key: &str| -> Cell {
        Cell {
            text: cells.get(key).cloned().unwrap_or_default(),
            href: Some(format!(
                "/ledger/cell?year={year}&key={}",
                encode_component(key)
            )),
            id: format!("cell-{key}"),
        }
    };
    let rows: Vec<Vec<Cell>> = request_rows(r.template)
        .map(|spec| {
            let label = match spec.group {
                Some(g) => format!("{}·{}", g.label(), spec.label),
                None => spec.label.to_string(),
            };
            let mut row = vec![Cell {
                text: label,
                href: None,
                id: String::new(),
            }];
            row.extend(
                Applicant::ALL
                    .iter()
                    .map(|a| link(&format!("requests.{}.{}", spec.key, a.key()))),
            );
            row
        })
        .collect();
    let mut headers = vec![String::new()];
    headers.extend(Applicant::ALL.iter().map(|a| applicant_text(l, *a)));
    // Table 四: one row per group (复议, 直接起诉, 复议后起诉), the five result columns.
    let cases: Vec<Vec<Cell>> = ReviewGroup::ALL
        .iter()
        .map(|g| {
            let mut row = vec![Cell {
                text: g.label().to_string(),
                href: None,
                id: String::new(),
            }];
            row.extend(
                REVIEW_COLUMNS
                    .iter()
                    .map(|(col, _)| link(&format!("{}.{col}", g.key()))),
            );
            row
        })
        .collect();
    let mut case_headers = vec![String::new()];
    case_headers.extend(REVIEW_COLUMNS.iter().map(|(_, label)| label.to_string()));
    let title = t(
        l,
        &format!("{year} 年度报告（由台账生成）"),
        &format!("The {year} report (from the ledger)"),
    );
    let p = TablePage {
        layout: layout(&s, &title),
        bar: bar(&s, Page::Report, None),
        intro: Some(t(
            l,
            "表三、表四的每个数字都可点开，查看它统计的申请。",
            "Every number of tables 三 and 四 opens the requests it counts.",
        )),
        tables: vec![
            Table {
                id: "table-requests".to_string(),
                caption: t(
                    l,
                    "三、收到和处理政府信息公开申请情况",
                    "Table 三: requests received and handled",
                ),
                headers,
                rows,
            },
            Table {
                id: "table-cases".to_string(),
                caption: t(
                    l,
                    "四、政府信息公开行政复议、行政诉讼情况",
                    "Table 四: reviews and lawsuits",
                ),
                headers: case_headers,
                rows: cases,
            },
        ],
    };
    page(l, p.render())
}

/// `GET /ledger/cell?year=Y&key=K`: the requests a cell counts.
pub async fn cell(
    State(state): State<AppState>,
    s: Session,
    Query(q): Query<YearQuery>,
) -> Response {
    if let Err(d) = s.require(Permission::View) {
        return d.into_response();
    }
    let l = s.lang;
    let year = q
        .year
        .unwrap_or_else(|| gongkai_ledger::time::today_in_china().year());
    let (agency, key) = (s.user.agency.clone(), q.key.clone());
    let drilled = state
        .blocking(move |web| {
            let mut db = web.ledger();
            let mut ledger = db.ledger(&agency)?;
            ledger.cell(year, &key)
        })
        .await;
    let d = match drilled {
        Some(Ok(d)) => d,
        Some(Err(e)) => return ledger_error(l, &e),
        None => return internal(&s),
    };
    let rows = d
        .members
        .iter()
        .map(|m| {
            let number = m.id.split('/').next().unwrap_or(&m.id).to_string();
            let href = (!m.id.starts_with('#')).then(|| request_href(&number));
            vec![
                Cell {
                    text: m.id.clone(),
                    href: None,
                    id: String::new(),
                },
                Cell {
                    text: m.note.clone(),
                    href,
                    id: format!("member-{}", m.id),
                },
                Cell {
                    text: m.value.to_string(),
                    href: None,
                    id: String::new(),
                },
            ]
        })
        .collect();
    let title = t(
        l,
        &format!("{year} 年 {}：{}", d.key, d.value),
        &format!("{year} {}: {}", d.key, d.value),
    );
    let p = TablePage {
        layout: layout(&s, &title),
        bar: bar(&s, Page::Report, None),
        intro: Some(t(l, "这个数字统计的申请：", "What this number counts:")),
        tables: vec![Table {
            id: "members".to_string(),
            caption: title.clone(),
            headers: vec![
                t(l, "编号", "Number"),
                t(l, "说明", "Note"),
                t(l, "计数", "Adds"),
            ],
            rows,
        }],
    };
    page(l, p.render())
}

/// `GET /ledger/audit` (auditors): sign-ins and changes of the agency, newest first.
pub async fn audit(State(state): State<AppState>, s: Session) -> Response {
    if let Err(d) = s.require(Permission::Audit) {
        return d.into_response();
    }
    let l = s.lang;
    let agency = s.user.agency.clone();
    let lines = match state
        .blocking(move |web| accounts::audit_log(&web.accounts(), &agency))
        .await
    {
        Some(Ok(lines)) => lines,
        _ => return internal(&s),
    };
    let plain = |text: String| Cell {
        text,
        href: None,
        id: String::new(),
    };
    let rows = lines
        .into_iter()
        .map(|a| {
            vec![
                plain(a.at),
                plain(a.user),
                plain(a.action),
                plain(a.target),
                plain(if a.ok {
                    t(l, "成功", "ok")
                } else {
                    t(l, "失败", "failed")
                }),
                plain(a.detail),
            ]
        })
        .collect();
    let title = t(l, "审计日志", "Audit log");
    let p = TablePage {
        layout: layout(&s, &title),
        bar: bar(&s, Page::Audit, None),
        intro: None,
        tables: vec![Table {
            id: "audit".to_string(),
            caption: title.clone(),
            headers: [
                ("时间（UTC）", "At (UTC)"),
                ("用户", "User"),
                ("操作", "Action"),
                ("对象", "On"),
                ("结果", "Result"),
                ("说明", "Detail"),
            ]
            .iter()
            .map(|(zh, en)| t(l, zh, en))
            .collect(),
            rows,
        }],
    };
    page(l, p.render())
}
