//! [`AccountBook`] and [`Event`]: the keyed input of the streaming auditor.
//! Accounts are compiled once (party roles, zone sets per contact point,
//! whether the flags allow the fast screen) and events name accounts,
//! parties, points and debts by number, so that a clean event touches no
//! string and allocates nothing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};

use super::check::ContactChecker;
use super::model::{
    Account, Attempt, Channel, Initiator, Outcome, Purpose, RepeatReason, Role, Zone,
};
use super::screen;
use crate::error::{Error, Result};

/// A debt interned in an [`AccountBook`] ([`AccountBook::debt`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DebtId(pub(crate) u32);

#[derive(Debug, Clone, Copy)]
pub(crate) struct Card {
    pub(crate) party0: u32,
    pub(crate) point0: u32,
    pub(crate) parties: u8,
    pub(crate) points: u8,
    /// The flags let the screen be used.
    pub(crate) screen: bool,
    /// No flags at all (the flag rules cannot fire).
    pub(crate) no_flags: bool,
    /// Party 0's role and point 0's zone sets, inline (one cache line per
    /// event for the common case).
    pub(crate) role0: Role,
    pub(crate) pc0: PointCard,
}

/// Zone-set indexes of one contact point: for the consumer's side and for a
/// third party reached there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PointCard {
    pub(crate) consumer: u32,
    pub(crate) contact: u32,
}

/// Accounts compiled for [`Auditor::push_event`](super::Auditor::push_event):
/// built once per checker and account list, then shared by every event.
///
/// # Example
///
/// ```
/// use arrears::compliance::contact::*;
/// use chrono::{TimeZone, Utc};
///
/// let checker = ContactChecker::new(&ContactPolicy::us());
/// let accounts = vec![Account {
///     id: "A1".into(),
///     parties: vec![Party { id: "d".into(), role: Role::Debtor }],
///     contact_points: vec![ContactPoint { id: "m".into(), kind: PointKind::Mobile,
///         zones: vec![Zone::new("America/Chicago")?], owner: None }],
///     ..Account::default()
/// }];
/// let mut book = AccountBook::new(&checker, &accounts)?;
/// let d1 = book.debt("D1")?;
/// let mut auditor = Auditor::new(&checker);
/// // 22:30 in Chicago.
/// let at = Utc.with_ymd_and_hms(2026, 3, 3, 4, 30, 0).unwrap();
/// let e = Event::new(at, 0, 0, 0, &[d1], Channel::Call, Outcome::NoAnswer)?;
/// let v = auditor.push_event(&e, &book)?;
/// assert_eq!(v.violated_ids(), ["us.reg_f.time_window"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct AccountBook<'a> {
    pub(crate) accounts: &'a [Account],
    pub(crate) cards: Vec<Card>,
    pub(crate) roles: Vec<Role>,
    pub(crate) points: Vec<PointCard>,
    pub(crate) zone_sets: Vec<Vec<Zone>>,
    pub(crate) debts: Vec<String>,
    debt_ids: HashMap<String, u32>,
    /// Unique per book (from 1), so an auditor can tell books apart.
    pub(crate) id: u64,
}

static NEXT_BOOK: AtomicU64 = AtomicU64::new(1);

impl<'a> AccountBook<'a> {
    /// Compiles `accounts` for `checker`; event account numbers are indexes
    /// into `accounts`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] on `account.parties` or
    /// `account.contact_points` for an account with more than 255 of them.
    pub fn new(checker: &ContactChecker, accounts: &'a [Account]) -> Result<AccountBook<'a>> {
        let mut b = AccountBook {
            accounts,
            cards: Vec::with_capacity(accounts.len()),
            roles: Vec::new(),
            points: Vec::new(),
            zone_sets: Vec::new(),
            debts: Vec::new(),
            debt_ids: HashMap::new(),
            id: NEXT_BOOK.fetch_add(1, Ordering::Relaxed),
        };
        let mut sets: HashMap<Vec<Zone>, u32> = HashMap::new();
        let mut intern = |zs: Vec<Zone>, out: &mut Vec<Vec<Zone>>| -> u32 {
            let next = u32::try_from(out.len()).unwrap_or(u32::MAX);
            *sets.entry(zs.clone()).or_insert_with(|| {
                out.push(zs);
                next
            })
        };
        for a in accounts {
            let parties = u8::try_from(a.parties.len()).map_err(|_| {
                Error::invalid("account.parties", a.parties.len(), "more than 255 parties")
            })?;
            let points = u8::try_from(a.contact_points.len()).map_err(|_| {
                Error::invalid(
                    "account.contact_points",
                    a.contact_points.len(),
                    "more than 255 contact points",
                )
            })?;
            let mut card = Card {
                party0: u32::try_from(b.roles.len()).unwrap_or(u32::MAX),
                point0: u32::try_from(b.points.len()).unwrap_or(u32::MAX),
                parties,
                points,
                screen: screen::flags_ok(checker, &a.flags),
                no_flags: a.flags.is_empty(),
                role0: a.parties.first().map_or(Role::Debtor, |p| p.role),
                pc0: PointCard {
                    consumer: 0,
                    contact: 0,
                },
            };
            b.roles.extend(a.parties.iter().map(|p| p.role));
            for p in &a.contact_points {
                let consumer = checker.zones_for(a, p, Role::Debtor).to_vec();
                let contact = checker.zones_for(a, p, Role::EmergencyContact).to_vec();
                let consumer = intern(consumer, &mut b.zone_sets);
                let contact = intern(contact, &mut b.zone_sets);
                b.points.push(PointCard { consumer, contact });
            }
            if let Some(pc) = b.points.get(card.point0 as usize) {
                card.pc0 = *pc;
            }
            b.cards.push(card);
        }
        Ok(b)
    }

    /// Interns a debt id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] on `debt` for an empty id.
    pub fn debt(&mut self, name: &str) -> Result<DebtId> {
        if name.is_empty() {
            return Err(Error::invalid("debt", name, "debt id must not be empty"));
        }
        if let Some(i) = self.debt_ids.get(name) {
            return Ok(DebtId(*i));
        }
        let i = u32::try_from(self.debts.len())
            .map_err(|_| Error::invalid("debt", name, "more than 2^32 debts"))?;
        self.debts.push(name.to_owned());
        self.debt_ids.insert(name.to_owned(), i);
        Ok(DebtId(i))
    }

    /// The name of an interned debt.
    pub fn debt_name(&self, id: DebtId) -> Option<&str> {
        self.debts.get(id.0 as usize).map(String::as_str)
    }

    /// The accounts.
    pub fn accounts(&self) -> &'a [Account] {
        self.accounts
    }

    pub(crate) fn name(&self, account: &Account, sym: u32) -> String {
        let i = (sym & 0xff) as usize;
        if sym & POINT != 0 {
            account.contact_points.get(i).map(|p| p.id.clone())
        } else {
            account.parties.get(i).map(|p| p.id.clone())
        }
        .unwrap_or_default()
    }
}

/// Tag of a contact-point symbol in the keyed auditor's name table.
pub(crate) const POINT: u32 = 0x100;

/// Most debts an [`Event`] can name.
pub const EVENT_DEBTS: usize = 3;

/// One contact attempt by number, for [`Auditor::push_event`](super::Auditor::push_event):
/// the account is an index into the [`AccountBook`], the party and contact
/// point are indexes into that account's lists, the debts are [`DebtId`]s.
/// An event carries no message text (push an [`Attempt`] to have a
/// limited-content voicemail's text checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// When it was placed or sent.
    pub at: DateTime<Utc>,
    /// Index of the account in the book.
    pub account: u32,
    /// Index of the party in the account.
    pub party: u8,
    /// Index of the contact point in the account.
    pub point: u8,
    debts: [DebtId; EVENT_DEBTS],
    n_debts: u8,
    /// How.
    pub channel: Channel,
    /// Who initiated it.
    pub initiator: Initiator,
    /// Why.
    pub purpose: Purpose,
    /// What happened.
    pub outcome: Outcome,
    /// Whether the content disclosed the debt.
    pub discloses_debt: bool,
    /// Whether the call was recorded.
    pub recorded: bool,
    /// Days the recording will be kept, if known.
    pub retention_days: Option<u32>,
    /// Whether identity was verified before the debt was discussed.
    pub identity_verified: bool,
    /// Why a repeated third-party contact is allowed, if it is.
    pub repeat_reason: Option<RepeatReason>,
}

impl Event {
    /// A collector-initiated collection attempt, recorded (as [`Attempt::new`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] on `event.debts` for more than
    /// [`EVENT_DEBTS`] debts.
    pub fn new(
        at: DateTime<Utc>,
        account: u32,
        party: u8,
        point: u8,
        debts: &[DebtId],
        channel: Channel,
        outcome: Outcome,
    ) -> Result<Event> {
        let mut d = [DebtId(0); EVENT_DEBTS];
        if debts.len() > EVENT_DEBTS {
            return Err(Error::invalid(
                "event.debts",
                debts.len(),
                format!("at most {EVENT_DEBTS} debts; push an Attempt instead"),
            ));
        }
        d[..debts.len()].copy_from_slice(debts);
        Ok(Event {
            at,
            account,
            party,
            point,
            debts: d,
            n_debts: debts.len() as u8,
            channel,
            initiator: Initiator::Collector,
            purpose: Purpose::Collection,
            outcome,
            discloses_debt: false,
            recorded: true,
            retention_days: None,
            identity_verified: false,
            repeat_reason: None,
        })
    }

    /// The debts, in order (the first is the Reg F attribution of an
    /// unanswered call).
    pub fn debts(&self) -> &[DebtId] {
        &self.debts[..usize::from(self.n_debts)]
    }

    pub(crate) fn by_collector(&self) -> bool {
        self.initiator == Initiator::Collector
    }

    /// The same contact as an [`Attempt`], with its account.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] on `event.account`, `event.party`,
    /// `event.point` or `event.debts` for an index the book does not have.
    pub fn to_attempt<'b>(&self, book: &AccountBook<'b>) -> Result<(Attempt, &'b Account)> {
        let acct = book
            .accounts
            .get(self.account as usize)
            .ok_or_else(|| Error::invalid("event.account", self.account, "no such account"))?;
        let party = acct
            .parties
            .get(usize::from(self.party))
            .ok_or_else(|| Error::invalid("event.party", self.party, "no such party"))?;
        let point = acct
            .contact_points
            .get(usize::from(self.point))
            .ok_or_else(|| Error::invalid("event.point", self.point, "no such contact point"))?;
        let debts = self
            .debts()
            .iter()
            .map(|d| {
                book.debt_name(*d)
                    .map(str::to_owned)
                    .ok_or_else(|| Error::invalid("event.debts", d.0, "no such debt"))
            })
            .collect::<Result<Vec<String>>>()?;
        Ok((
            Attempt {
                at: self.at,
                channel: self.channel,
                party: party.id.clone(),
                point: point.id.clone(),
                debts,
                initiator: self.initiator,
                purpose: self.purpose,
                outcome: self.outcome,
                discloses_debt: self.discloses_debt,
                recorded: self.recorded,
                repeat_reason: self.repeat_reason,
                text: None,
                retention_days: self.retention_days,
                identity_verified: self.identity_verified,
            },
            acct,
        ))
    }
}
