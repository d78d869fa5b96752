//! The ledger's JSON API (`/api/ledger/…`), with the same roles, agency scoping and CSRF check as
//! the screens: the session cookie of `POST /login`, and for every `POST` the session's CSRF token
//! in the `X-CSRF-Token` header (`GET /api/ledger/session` gives it). Bodies are JSON objects with
//! the fields of the matching forms. Refusals are JSON (`{"error": "forbidden", "message": …}`).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use gongkai_ledger::{LedgerError, ListFilter};
use gongkai_model::Text;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::AppState;
use crate::api::json as json_response;
use crate::auth::{Denied, Permission, Session};
use crate::ledger::{self, DecideForm, EventForm, NewForm, YearQuery};

/// The CSRF header of the API.
pub const CSRF_HEADER: &str = "x-csrf-token";

fn reply(status: StatusCode, value: &Value) -> Response {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    json_response(status, text)
}

fn error(status: StatusCode, code: &str, message: &Text) -> Response {
    reply(status, &json!({ "error": code, "message": message }))
}

fn ledger_error(e: &LedgerError) -> Response {
    let status = match e {
        LedgerError::UnknownRequest(_) | LedgerError::UnknownAgency(_) => StatusCode::NOT_FOUND,
        LedgerError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        LedgerError::DuplicateRequest(_) => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    };
    error(status, "ledger", &e.message())
}

/// The answer to a ledger call run on the blocking pool: `ok` of its value, the ledger's error
/// with its status, or 500 when the call did not finish.
fn answer<T>(
    result: Option<Result<T, LedgerError>>,
    s: &Session,
    ok: impl FnOnce(T) -> Response,
) -> Response {
    match result {
        Some(Ok(v)) => ok(v),
        Some(Err(e)) => ledger_error(&e),
        None => internal(s),
    }
}

fn internal(s: &Session) -> Response {
    Denied::Internal {
        lang: s.lang,
        api: true,
    }
    .into_response()
}

/// Checks the CSRF header and the permission of a `POST`, then reads its JSON body.
fn guard<T: DeserializeOwned>(
    s: &Session,
    headers: &HeaderMap,
    p: Permission,
    body: &Bytes,
) -> Result<T, Response> {
    let token = headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    s.allow_change(token, p)
        .map_err(IntoResponse::into_response)?;
    serde_json::from_slice(body).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            "bad-json",
            &Text::new(
                format!("请求体不是有效的 JSON：{e}"),
                format!("the body is not valid JSON: {e}"),
            ),
        )
    })
}

/// `GET /api/ledger/session`: who is signed in, and the CSRF token for `POST`s.
pub async fn session(s: Session) -> Response {
    reply(
        StatusCode::OK,
        &json!({
            "user": s.user.name,
            "role": s.user.role.code(),
            "agency": s.user.agency,
            "csrf": s.csrf,
        }),
    )
}

/// `GET /api/ledger/requests`: every request of the agency, overdue first (masked).
pub async fn list(State(state): State<AppState>, s: Session) -> Response {
    if let Err(d) = s.require(Permission::View) {
        return d.into_response();
    }
    let agency = s.user.agency.clone();
    let listed = state
        .blocking(move |web| {
            let mut db = web.ledger();
            db.ledger(&agency)?.list(
                gongkai_ledger::time::today_in_china(),
                ListFilter {
                    due_within: None,
                    all: true,
                },
            )
        })
        .await;
    answer(listed, &s, |items| {
        reply(
            StatusCode::OK,
            &Value::Array(
                items
                    .iter()
                    .map(|i| {
                        json!({
                            "number": i.number,
                            "received": i.received.to_string(),
                            "applicant": i.applicant.key(),
                            "person": i.person,
                            "content": i.content,
                            "stage": i.stage.text(),
                            "due": i.due.map(|d| d.to_string()),
                            "days_left": i.days_left,
                        })
                    })
                    .collect(),
            ),
        )
    })
}

/// `GET /api/ledger/requests/{number}`: the request; its events with `History`.
pub async fn show(
    State(state): State<AppState>,
    s: Session,
    Path(number): Path<String>,
) -> Response {
    if let Err(d) = s.require(Permission::View) {
        return d.into_response();
    }
    let (agency, n) = (s.user.agency.clone(), number.clone());
    let loaded = state
        .blocking(move |web| {
            let proposals =
                crate::accounts::proposals(&web.accounts(), &agency, Some(&n)).unwrap_or_default();
            let mut db = web.ledger();
            db.ledger(&agency)?.request(&n).map(|v| (v, proposals))
        })
        .await;
    let (v, proposals) = match loaded {
        Some(Ok(v)) => v,
        Some(Err(e)) => return ledger_error(&e),
        None => return internal(&s),
    };
    let st = &v.state;
    let due = match &v.schedule {
        Ok(Some(sc)) => st.due(sc).map(|d| d.to_string()),
        _ => None,
    };
    let mut out = json!({
        "number": v.number,
        "stage": st.stage().text(),
        "received": st.received.as_ref().map(|r| r.date.to_string()),
        "channel": st.received.as_ref().map(|r| r.channel.zh()),
        "applicant": st.received.as_ref().map(|r| r.applicant.key()),
        "content": st.received.as_ref().map(|r| r.content.clone()),
        "due": due,
        "outcome": st.closure.map(|c| c.outcome.spec().key),
        "closed": st.closure.map(|c| c.date.to_string()),
        "person": v.person.as_ref().map(|p| json!({ "name": p.name, "contact": p.contact })),
        "proposals": proposals.iter().map(|p| json!({
            "id": p.id, "kind": p.kind, "date": p.date, "outcome": p.outcome,
            "reason": p.reason, "proposed_by": p.proposed_by, "status": p.status,
        })).collect::<Vec<_>>(),
    });
    if s.user.role.grants(Permission::History) {
        out["events"] = v
            .events
            .iter()
            .map(|e| {
                json!({
                    "seq": e.seq,
                    "date": e.date.to_string(),
                    "kind": e.kind.kind().code(),
                    "event": e.kind.describe(),
                    "actor": e.actor.name(),
                    "recorded_at": e.recorded_at,
                    "reason": e.reason,
                })
            })
            .collect();
    }
    reply(StatusCode::OK, &out)
}

/// `POST /api/ledger/requests` (registrars): the fields of the new-request form.
pub async fn add(
    State(state): State<AppState>,
    s: Session,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f: NewForm = match guard(&s, &headers, Permission::Register, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let new = match ledger::parse_new(&f) {
        Ok(n) => n,
        Err(t) => return error(StatusCode::BAD_REQUEST, "invalid", &t),
    };
    let number = new.number.clone();
    answer(ledger::add_request(&state, &s, new).await, &s, |()| {
        reply(StatusCode::CREATED, &json!({ "number": number }))
    })
}

/// `POST /api/ledger/requests/{number}/events` (handlers): `kind` (correction_requested,
/// correction_received, consultation_sent, consultation_answered, withdrawn), `date`, `party`,
/// `reason`.
pub async fn record(
    State(state): State<AppState>,
    s: Session,
    Path(number): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f: EventForm = match guard(&s, &headers, Permission::Handle, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (date, kind) = match ledger::event_of(&f) {
        Ok(v) => v,
        Err(t) => return error(StatusCode::BAD_REQUEST, "invalid", &t),
    };
    answer(
        ledger::record_event(&state, &s, &number, date, kind, f.reason.trim().to_string()).await,
        &s,
        |()| reply(StatusCode::CREATED, &json!({ "number": number })),
    )
}

/// `POST /api/ledger/requests/{number}/proposals` (handlers): `kind` (answered, extended),
/// `date`, `outcome`, `reason`; waits for an approver.
pub async fn propose(
    State(state): State<AppState>,
    s: Session,
    Path(number): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f: EventForm = match guard(&s, &headers, Permission::Handle, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let p = match ledger::proposal_of(&f, &number, &s.user.name) {
        Ok(p) => p,
        Err(t) => return error(StatusCode::BAD_REQUEST, "invalid", &t),
    };
    answer(ledger::submit_proposal(&state, &s, p).await, &s, |id| {
        reply(
            StatusCode::CREATED,
            &json!({ "id": id, "status": "pending" }),
        )
    })
}

/// `POST /api/ledger/proposals/{id}` (approvers): `{"decision": "approve" | "reject"}`.
pub async fn decide(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f: DecideForm = match guard(&s, &headers, Permission::Approve, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let approve = f.decision == "approve";
    answer(
        ledger::decide_proposal(&state, &s, id, approve).await,
        &s,
        |number| {
            reply(
                StatusCode::OK,
                &json!({ "number": number, "status": if approve { "approved" } else { "rejected" } }),
            )
        },
    )
}

/// `GET /api/ledger/report?year=Y`: the cells of the year's report counted from the ledger.
pub async fn report(
    State(state): State<AppState>,
    s: Session,
    Query(q): Query<YearQuery>,
) -> Response {
    if let Err(d) = s.require(Permission::View) {
        return d.into_response();
    }
    let year = q
        .year
        .unwrap_or_else(|| gongkai_ledger::time::today_in_china().year());
    let agency = s.user.agency.clone();
    let built = state
        .blocking(move |web| web.ledger().ledger(&agency)?.report(year))
        .await;
    answer(built, &s, |r| {
        let cells: serde_json::Map<String, Value> = gongkai_model::cells::cells(&r.report)
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        reply(
            StatusCode::OK,
            &json!({ "year": year, "published": r.published, "cells": cells }),
        )
    })
}

/// `GET /api/ledger/cell?year=Y&key=K`: what a cell counts.
pub async fn cell(
    State(state): State<AppState>,
    s: Session,
    Query(q): Query<YearQuery>,
) -> Response {
    if let Err(d) = s.require(Permission::View) {
        return d.into_response();
    }
    let year = q
        .year
        .unwrap_or_else(|| gongkai_ledger::time::today_in_china().year());
    let (agency, key) = (s.user.agency.clone(), q.key.clone());
    let drilled = state
        .blocking(move |web| web.ledger().ledger(&agency)?.cell(year, &key))
        .await;
    answer(drilled, &s, |d| {
        reply(
            StatusCode::OK,
            &json!({
                "key": d.key,
                "value": d.value,
                "members": d.members.iter().map(|m| json!({
                    "id": m.id, "value": m.value.to_string(), "note": m.note,
                })).collect::<Vec<_>>(),
            }),
        )
    })
}
