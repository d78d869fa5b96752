//! Applicants' personal data (个人信息保护法): names and contacts live in their own table, apart
//! from the events the statistics are counted from. Lists and exports show them masked (the
//! masked form is computed when written, so showing it reads nothing personal); reading them
//! whole needs a reason and is logged with who and when; they are removed once the agency's
//! retention period after the request's closure (and any review or lawsuit) has run out.

use std::collections::BTreeMap;

use gongkai_model::Text;

use crate::date::Date;
use crate::db::{Arg, Db, DbError};
use crate::error::LedgerError;
use crate::event::Actor;
use crate::ledger::{Ledger, counting_states, request_id};
use crate::time;

/// An applicant's personal data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Person {
    /// Name (a person's, or an organisation's).
    pub name: String,
    /// Telephone or e-mail.
    pub contact: String,
    /// Postal address.
    pub address: String,
}

/// An applicant as lists show them: `张*`, `138****5678`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskedPerson {
    /// The masked name.
    pub name: String,
    /// The masked contact.
    pub contact: String,
}

/// One entry of the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// When (UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// `read`, `write`, `remove`, or `retention` (the agency's retention period changed).
    pub action: String,
    /// The request's number.
    pub number: String,
    /// Why.
    pub reason: String,
}

/// What a purge removed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Purged {
    /// The requests whose applicant data was removed, with the day their retention ran out.
    pub removed: Vec<(String, Date)>,
    /// Requests with personal data still within the retention period or still open.
    pub kept: usize,
}

/// A name with all but its first (and, from four characters, last) character hidden.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_string(),
        2 | 3 => std::iter::once(chars[0])
            .chain(std::iter::repeat_n('*', chars.len() - 1))
            .collect(),
        n => std::iter::once(chars[0])
            .chain(std::iter::repeat_n('*', n - 2))
            .chain(std::iter::once(chars[n - 1]))
            .collect(),
    }
}

/// A contact with its middle hidden: `138****5678`, `z***@example.cn`.
pub fn mask_contact(contact: &str) -> String {
    let c = contact.trim();
    if let Some((user, host)) = c.split_once('@') {
        let first: String = user.chars().take(1).collect();
        return format!("{first}***@{host}");
    }
    let chars: Vec<char> = c.chars().collect();
    let n = chars.len();
    if n <= 4 {
        return "*".repeat(n);
    }
    let keep_head = if n >= 11 { 3 } else { 2 };
    let keep_tail = if n >= 11 { 4 } else { 2 };
    chars[..keep_head]
        .iter()
        .chain(std::iter::repeat_n(&'*', n - keep_head - keep_tail))
        .chain(&chars[n - keep_tail..])
        .collect()
}

/// Stores (or replaces) a request's applicant data and logs the write.
pub(crate) fn store(
    db: &mut Db,
    agency: i64,
    request: i64,
    actor: &Actor,
    p: &Person,
    reason: &str,
) -> Result<(), DbError> {
    db.exec(
        "DELETE FROM ledger_applicants WHERE agency_id = $1 AND request_id = $2",
        &[Arg::Int(agency), Arg::Int(request)],
    )?;
    db.exec(
        "INSERT INTO ledger_applicants (request_id, agency_id, name, contact, address,
            masked_name, masked_contact, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            Arg::Int(request),
            Arg::Int(agency),
            Arg::Text(p.name.trim().to_string()),
            Arg::Text(p.contact.trim().to_string()),
            Arg::Text(p.address.trim().to_string()),
            Arg::Text(mask_name(&p.name)),
            Arg::Text(mask_contact(&p.contact)),
            Arg::Text(time::now()),
            Arg::Text(actor.name().to_string()),
        ],
    )?;
    log(db, agency, Some(request), actor, "write", reason)
}

/// Writes one entry of the access log (`request` is `None` for an agency-wide change).
pub(crate) fn log(
    db: &mut Db,
    agency: i64,
    request: Option<i64>,
    actor: &Actor,
    action: &str,
    reason: &str,
) -> Result<(), DbError> {
    db.exec(
        "INSERT INTO ledger_personal_log (agency_id, request_id, at, actor, action, reason)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            Arg::Int(agency),
            Arg::OptInt(request),
            Arg::Text(time::now()),
            Arg::Text(actor.name().to_string()),
            Arg::Text(action.to_string()),
            Arg::Text(reason.trim().to_string()),
        ],
    )?;
    Ok(())
}

/// The masked applicant of one request (reads no personal data).
pub(crate) fn masked(
    db: &mut Db,
    agency: i64,
    request: i64,
) -> Result<Option<MaskedPerson>, DbError> {
    let rows = db.query(
        "SELECT masked_name, masked_contact FROM ledger_applicants
         WHERE agency_id = $1 AND request_id = $2",
        &[Arg::Int(agency), Arg::Int(request)],
    )?;
    Ok(rows.first().map(|r| MaskedPerson {
        name: r.text(0),
        contact: r.text(1),
    }))
}

/// The masked names of the agency's applicants, by request id.
pub(crate) fn masked_names(db: &mut Db, agency: i64) -> Result<BTreeMap<i64, String>, DbError> {
    let rows = db.query(
        "SELECT request_id, masked_name FROM ledger_applicants WHERE agency_id = $1",
        &[Arg::Int(agency)],
    )?;
    Ok(rows.iter().map(|r| (r.int(0), r.text(1))).collect())
}

fn need_reason(reason: &str) -> Result<(), LedgerError> {
    if reason.trim().is_empty() {
        return Err(LedgerError::Invalid(Text::new(
            "查看或处理申请人个人信息须写明理由（--reason），并记入查阅记录",
            "reading or changing an applicant's personal data needs a reason (--reason); it is logged",
        )));
    }
    Ok(())
}

impl Ledger<'_> {
    /// Records (or replaces) the applicant of request `number`; logged.
    pub fn set_person(
        &mut self,
        actor: &Actor,
        number: &str,
        person: &Person,
        reason: &str,
    ) -> Result<(), LedgerError> {
        need_reason(reason)?;
        let agency = self.agency.id;
        self.db.tx(|db| {
            let id = request_id(db, agency, number)?;
            store(db, agency, id, actor, person, reason)?;
            Ok(())
        })
    }

    /// The applicant of request `number`, unmasked. Needs a reason; the read is logged with who,
    /// when and why, in the same transaction (no read without its log entry).
    pub fn person(
        &mut self,
        actor: &Actor,
        number: &str,
        reason: &str,
    ) -> Result<Option<Person>, LedgerError> {
        need_reason(reason)?;
        let agency = self.agency.id;
        self.db.tx(|db| {
            let id = request_id(db, agency, number)?;
            let rows = db.query(
                "SELECT name, contact, address FROM ledger_applicants
                 WHERE agency_id = $1 AND request_id = $2",
                &[Arg::Int(agency), Arg::Int(id)],
            )?;
            let person = rows.first().map(|r| Person {
                name: r.text(0),
                contact: r.text(1),
                address: r.text(2),
            });
            if person.is_some() {
                log(db, agency, Some(id), actor, "read", reason)?;
            }
            Ok(person)
        })
    }

    /// Removes the applicant data of request `number` now (e.g. at the applicant's request).
    pub fn remove_person(
        &mut self,
        actor: &Actor,
        number: &str,
        reason: &str,
    ) -> Result<bool, LedgerError> {
        need_reason(reason)?;
        let agency = self.agency.id;
        self.db.tx(|db| {
            let id = request_id(db, agency, number)?;
            let n = db.exec(
                "DELETE FROM ledger_applicants WHERE agency_id = $1 AND request_id = $2",
                &[Arg::Int(agency), Arg::Int(id)],
            )?;
            if n > 0 {
                log(db, agency, Some(id), actor, "remove", reason)?;
            }
            Ok(n > 0)
        })
    }

    /// Removes the personal data whose retention ran out by `today`: requests closed, with every
    /// review or lawsuit decided, more than the agency's retention period ago. Says what it
    /// removed; an agency without a retention period gets an error.
    pub fn purge(&mut self, actor: &Actor, today: Date) -> Result<Purged, LedgerError> {
        let Some(days) = self.agency.retention_days else {
            return Err(LedgerError::Invalid(Text::new(
                "本机关尚未设定个人信息保存期限（gongkai ledger agency retention 天数）",
                "the agency has set no retention period (gongkai ledger agency retention DAYS)",
            )));
        };
        let agency = self.agency.id;
        self.db.tx(|db| {
            let held = db.query(
                "SELECT request_id FROM ledger_applicants WHERE agency_id = $1",
                &[Arg::Int(agency)],
            )?;
            let all: BTreeMap<i64, crate::state::RequestState> =
                counting_states(db, agency)?.into_iter().collect();
            let numbers: BTreeMap<i64, String> = db
                .query(
                    "SELECT id, number FROM ledger_requests WHERE agency_id = $1",
                    &[Arg::Int(agency)],
                )?
                .iter()
                .map(|r| (r.int(0), r.text(1)))
                .collect();
            let mut out = Purged::default();
            for r in &held {
                let id = r.int(0);
                let (Some(state), Some(number)) = (all.get(&id), numbers.get(&id)) else {
                    continue;
                };
                let Some(end) = retention_start(state) else {
                    out.kept += 1;
                    continue;
                };
                let expires = end.add_days(i32::try_from(days).unwrap_or(i32::MAX / 2));
                if expires >= today {
                    out.kept += 1;
                    continue;
                }
                db.exec(
                    "DELETE FROM ledger_applicants WHERE agency_id = $1 AND request_id = $2",
                    &[Arg::Int(agency), Arg::Int(id)],
                )?;
                log(
                    db,
                    agency,
                    Some(id),
                    actor,
                    "remove",
                    &format!("保存期限届满（办结后 {days} 天，至 {expires}）"),
                )?;
                out.removed.push((number.clone(), expires));
            }
            out.removed.sort();
            Ok(out)
        })
    }

    /// The access log of personal data, oldest first.
    pub fn access_log(&mut self) -> Result<Vec<Access>, LedgerError> {
        let rows = self.db.query(
            "SELECT l.at, l.actor, l.action, r.number, l.reason
             FROM ledger_personal_log l LEFT JOIN ledger_requests r ON r.id = l.request_id
             WHERE l.agency_id = $1 ORDER BY l.id",
            &[Arg::Int(self.agency.id)],
        )?;
        Ok(rows
            .iter()
            .map(|r| Access {
                at: r.text(0),
                actor: r.text(1),
                action: r.text(2),
                number: r.text(3),
                reason: r.text(4),
            })
            .collect())
    }
}

/// The day the retention period starts: the closure, or the last decision of a review or
/// lawsuit after it; `None` while the request or a case is open (a void request: at once).
fn retention_start(state: &crate::state::RequestState) -> Option<Date> {
    if state.received.is_none() {
        return Some(Date::MIN);
    }
    let closed = state.closure?.date;
    let mut end = closed;
    for c in &state.cases {
        let (d, _) = c.decided?;
        end = end.max(d);
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_hide_what_identifies() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳明月"), "欧**月");
        assert_eq!(mask_name("青禾科技有限公司"), "青******司");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_contact("13812345678"), "138****5678");
        assert_eq!(mask_contact("zhang@example.cn"), "z***@example.cn");
        assert_eq!(mask_contact("0571-8888"), "05*****88");
        assert_eq!(mask_contact("110"), "***");
    }
}
