//! Case generation for the `evaluate` oracle: an account (a loan with
//! repayments and charges, read through `Loan::position`), the debtor's
//! facts, a policy spec (turned into a `NegotiationPolicy` through its
//! public builders) and a request spec (turned into a `PlanRequest`).

use arrears::delinquency::RuleStatus;
use arrears::loan::{
    Component, Frequency, Loan, LoanTerms, Position, RepaymentMethod, Transaction,
};
use arrears::money::{Currency, Money, Rate};
use arrears::plan::*;
use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::rng::Rng;

/// Penalty, fee, interest, principal, in minor units.
pub type C4 = [i64; 4];
pub const COMPS: [Component; 4] = [
    Component::Penalty,
    Component::Fee,
    Component::Interest,
    Component::Principal,
];

pub fn money(minor: i64) -> Money {
    Money::from_minor(minor, Currency::CNY)
}
pub fn minor(d: Decimal) -> i64 {
    (d * Decimal::from(100)).to_i64().expect("minor units")
}
pub fn c4(b: &arrears::loan::Breakdown) -> C4 {
    COMPS.map(|c| minor(b.amount(c)))
}
pub fn pct_rate(p: u32) -> Rate {
    Rate::from_percent(Decimal::from(p)).expect("rate")
}
pub fn rule(id: &str) -> RuleRef {
    RuleRef::new(id, "oracle", RuleStatus::Unverified)
}
pub fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).expect("date")
}
pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).expect("date")
    } else {
        d.checked_sub_days(Days::new((-n) as u64)).expect("date")
    }
}

pub fn period_after(d: NaiveDate, f: Frequency, k: u32) -> NaiveDate {
    match f {
        Frequency::Monthly => add_months(d, k),
        Frequency::BiWeekly => add_days(d, 14 * k as i64),
        _ => add_days(d, 7 * k as i64),
    }
}

/// The first date on or after `x` on day `dom` (clamped to the month's
/// last day).
pub fn on_after(x: NaiveDate, dom: u32) -> NaiveDate {
    let clamp = |y: i32, m: u32| {
        let last = add_days(add_months(NaiveDate::from_ymd_opt(y, m, 1).unwrap(), 1), -1).day();
        NaiveDate::from_ymd_opt(y, m, dom.min(last)).unwrap()
    };
    let c = clamp(x.year(), x.month());
    if c >= x {
        c
    } else {
        let n = add_months(NaiveDate::from_ymd_opt(x.year(), x.month(), 1).unwrap(), 1);
        clamp(n.year(), n.month())
    }
}

/// A limit with its rule id.
pub type L<T> = Option<(T, String)>;

/// Negotiation limits (the defaults or a band's), each with its rule id.
#[derive(Debug, Clone, Default)]
pub struct Lim {
    pub max_n: L<u32>,
    pub max_term: L<u32>,
    pub min_inst: L<i64>,
    pub max_discount: L<u32>,
    pub max_deferral: L<u32>,
    pub max_promise: L<u32>,
    pub min_down: L<u32>,
    /// Interest floor: `None` contract, `Some(None)` frozen,
    /// `Some(Some(p))` reduced to p %; with the longest change in months.
    pub interest: L<(Option<Option<u32>>, Option<u32>)>,
    /// Waiver limit percent per component (penalty, fee, interest).
    pub waiver: [L<u32>; 3],
}

impl Lim {
    /// `self` overlaid by every limit `o` sets (`Limits::overlaid`).
    pub fn overlay(&self, o: &Lim) -> Lim {
        fn pick<T: Clone>(a: &L<T>, b: &L<T>) -> L<T> {
            b.clone().or_else(|| a.clone())
        }
        Lim {
            max_n: pick(&self.max_n, &o.max_n),
            max_term: pick(&self.max_term, &o.max_term),
            min_inst: pick(&self.min_inst, &o.min_inst),
            max_discount: pick(&self.max_discount, &o.max_discount),
            max_deferral: pick(&self.max_deferral, &o.max_deferral),
            max_promise: pick(&self.max_promise, &o.max_promise),
            min_down: pick(&self.min_down, &o.min_down),
            interest: pick(&self.interest, &o.interest),
            waiver: [0, 1, 2].map(|c| pick(&self.waiver[c], &o.waiver[c])),
        }
    }

    fn build(&self) -> Limits {
        let cnt = |l: &L<u32>| {
            l.as_ref().map(|(v, id)| CountLimit {
                value: *v,
                rule: rule(id),
            })
        };
        let pct = |l: &L<u32>| {
            l.as_ref().map(|(v, id)| PercentLimit {
                percent: Decimal::from(*v),
                rule: rule(id),
            })
        };
        Limits {
            max_installments: cnt(&self.max_n),
            max_term_months: cnt(&self.max_term),
            min_installment: self.min_inst.as_ref().map(|(v, id)| AmountLimit {
                amount: Decimal::new(*v, 2),
                rule: rule(id),
            }),
            min_down_payment: pct(&self.min_down),
            max_waiver: (0..3)
                .filter_map(|c| {
                    self.waiver[c].as_ref().map(|(v, id)| WaiverLimit {
                        component: COMPS[c],
                        percent: Decimal::from(*v),
                        rule: rule(id),
                    })
                })
                .collect(),
            max_discount: pct(&self.max_discount),
            interest: self
                .interest
                .as_ref()
                .map(|((floor, months), id)| InterestRule {
                    floor: match floor {
                        None => InterestFloor::Contract,
                        Some(None) => InterestFloor::Frozen,
                        Some(Some(p)) => InterestFloor::Reduced { rate: pct_rate(*p) },
                    },
                    max_months: *months,
                    rule: rule(id),
                }),
            max_deferral_days: cnt(&self.max_deferral),
            max_promise_days: cnt(&self.max_promise),
        }
    }
}

/// A policy, as the model reads it.
#[derive(Debug, Clone, Default)]
pub struct Pol {
    pub dpd: Option<(u32, Option<u32>)>,
    pub max_plans: Option<u32>,
    pub cooldown: Option<u32>,
    pub flags: Vec<AccountFlag>,
    /// Requirements with a conduct rule (`t.conduct.<name>`).
    pub conduct: Vec<Requirement>,
    pub lim: Lim,
    /// (min dpd, max dpd, limits)
    pub bands: Vec<(u32, Option<u32>, Lim)>,
    /// (percent, disposable)
    pub afford: Option<(u32, bool)>,
    /// (supervisor above, committee above), minor units
    pub approval: Option<(Option<i64>, Option<i64>)>,
    pub allowed: Vec<TermKind>,
    pub token_max: Option<u32>,
    pub forbearance: Vec<ForbearanceOption>,
}

impl Pol {
    pub fn build(&self) -> NegotiationPolicy {
        let mut el = Eligibility {
            dpd: self.dpd.map(|(min, max)| DpdRange {
                min,
                max,
                rule: rule("t.dpd"),
            }),
            max_plans_12_months: self.max_plans.map(|v| CountLimit {
                value: v,
                rule: rule("t.plans"),
            }),
            broken_plan_cooldown_days: self.cooldown.map(|v| CountLimit {
                value: v,
                rule: rule("t.broken"),
            }),
            ..Eligibility::default()
        };
        el.forbidden_flags = self
            .flags
            .iter()
            .map(|f| FlagRule {
                flag: *f,
                rule: rule(&format!("t.flag.{}", f.as_str())),
            })
            .collect();
        let mut p = NegotiationPolicy::new("t", Currency::CNY)
            .with_eligibility(el)
            .and_then(|p| p.with_limits(self.lim.build()))
            .expect("policy");
        for (min, max, l) in &self.bands {
            p = p
                .with_band(Band {
                    min_dpd: *min,
                    max_dpd: *max,
                    product: None,
                    min_balance: None,
                    limits: l.build(),
                })
                .expect("band");
        }
        if let Some((pc, disp)) = self.afford {
            p = p
                .with_affordability(Affordability {
                    percent: Decimal::from(pc),
                    basis: if disp {
                        IncomeBasis::Disposable
                    } else {
                        IncomeBasis::Income
                    },
                    rule: rule("t.afford"),
                })
                .expect("afford");
        }
        if let Some((s, c)) = self.approval {
            p = p
                .with_approval(ApprovalLimits {
                    supervisor_above: s.map(|v| Decimal::new(v, 2)),
                    committee_above: c.map(|v| Decimal::new(v, 2)),
                    rule: rule("t.approval"),
                })
                .expect("approval");
        }
        for r in &self.conduct {
            p = p
                .with_conduct(ConductRule {
                    forbids: *r,
                    rule: rule(&format!("t.conduct.{}", r.as_str())),
                })
                .expect("conduct");
        }
        let mut fo = self.forbearance.clone();
        if let Some(m) = self.token_max {
            fo.push(ForbearanceOption::TokenPayments { max_months: m });
        }
        p = p.with_forbearance(fo).expect("forbearance");
        p.with_terms(TermRules {
            allowed: self.allowed.clone(),
            incompatible: Vec::new(),
            rule: rule("t.terms"),
        })
        .expect("terms")
    }
}

/// The schedule term of a request.
#[derive(Debug, Clone)]
pub enum Sched {
    Inst {
        n: u32,
        freq: Frequency,
        first: NaiveDate,
        /// Asked as `Term::ReAge` (no down payment, whole balance).
        reage: bool,
        down: Option<i64>,
    },
    Settle {
        amount: i64,
        pay_by: NaiveDate,
        k: u32,
    },
    Token {
        amount: i64,
        months: u32,
        first: NaiveDate,
    },
    Promise {
        amount: i64,
        date: NaiveDate,
    },
    None,
}

/// A waiver: an amount or a percent.
#[derive(Debug, Clone, Copy)]
pub enum W {
    Amount(i64),
    Pct(u32),
}

#[derive(Debug, Clone)]
pub struct Req {
    pub sched: Sched,
    /// Deferral days, and whether asked as `until`.
    pub deferral: Option<(u32, bool)>,
    /// (component index 0..3, waiver)
    pub waivers: Vec<(usize, W)>,
    pub overdue_scope: bool,
    pub requirements: Vec<Requirement>,
    pub referral: bool,
    /// (new rate in percent, `None`: freeze; months)
    pub rate: Option<(Option<u32>, u32)>,
    /// A due-date change to this day of the month.
    pub dom: Option<u32>,
}

impl Req {
    pub fn build(&self, as_of: NaiveDate) -> PlanRequest {
        let mut terms = Vec::new();
        match &self.sched {
            Sched::Inst {
                n,
                freq,
                first,
                reage: true,
                ..
            } => terms.push(Term::ReAge {
                count: *n,
                frequency: *freq,
                first_due: *first,
            }),
            Sched::Inst {
                n,
                freq,
                first,
                down,
                ..
            } => terms.push(Term::Installments {
                count: *n,
                frequency: *freq,
                first_due: *first,
                down_payment: down.map(money),
            }),
            Sched::Settle { amount, pay_by, k } => terms.push(Term::Settlement {
                amount: money(*amount),
                pay_by: *pay_by,
                installments: *k,
            }),
            Sched::Token {
                amount,
                months,
                first,
            } => terms.push(Term::TokenPayments {
                amount: money(*amount),
                months: *months,
                first_due: *first,
            }),
            Sched::Promise { amount, date } => terms.push(Term::PromiseToPay {
                amount: money(*amount),
                date: *date,
            }),
            Sched::None => {}
        }
        if let Some((d, until)) = self.deferral {
            terms.push(if until {
                Term::Deferral {
                    days: None,
                    until: Some(add_days(as_of, d as i64)),
                }
            } else {
                Term::Deferral {
                    days: Some(d),
                    until: None,
                }
            });
        }
        if let Some(day) = self.dom {
            terms.push(Term::DueDateChange { day_of_month: day });
        }
        for &(c, w) in &self.waivers {
            terms.push(match w {
                W::Amount(a) => Term::Waiver {
                    component: COMPS[c],
                    amount: Some(money(a)),
                    percent: None,
                },
                W::Pct(p) => Term::Waiver {
                    component: COMPS[c],
                    amount: None,
                    percent: Some(Decimal::from(p)),
                },
            });
        }
        if self.referral {
            terms.push(Term::DebtAdviceReferral);
        }
        if let Some((rate, months)) = self.rate {
            terms.push(Term::RateChange {
                new_rate: rate.map(pct_rate),
                months,
            });
        }
        let mut r = PlanRequest::new(Currency::CNY, terms).with_scope(if self.overdue_scope {
            Scope::Overdue
        } else {
            Scope::Outstanding
        });
        for q in &self.requirements {
            r = r.with_requirement(*q);
        }
        r
    }
}

/// The debtor's facts, as the model reads them.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub dpd: Option<u32>,
    pub income: Option<i64>,
    pub expenses: Option<i64>,
    pub flags: Vec<AccountFlag>,
    pub plans: u32,
    pub broken_days_ago: Option<u32>,
    /// Contract rate, percent.
    pub contract_rate: Option<u32>,
}

impl Facts {
    pub fn build(&self, as_of: NaiveDate) -> DebtorFacts {
        DebtorFacts {
            monthly_income: self.income.map(money),
            monthly_expenses: self.expenses.map(money),
            flags: self.flags.clone(),
            plans_last_12_months: self.plans,
            last_broken_plan: self.broken_days_ago.map(|d| add_days(as_of, -(d as i64))),
            days_past_due: self.dpd,
            contract_rate: self.contract_rate.map(pct_rate),
            ..DebtorFacts::default()
        }
    }
}

/// The account as the model sees it (read from the position).
#[derive(Debug, Clone)]
pub struct Acct {
    pub as_of: NaiveDate,
    pub outstanding: C4,
    pub overdue: C4,
    /// (due date, outstanding) of every installment.
    pub insts: Vec<(NaiveDate, C4)>,
}

/// A loan's description, to rebuild it and print it.
#[derive(Debug, Clone)]
pub struct LoanSpec {
    pub principal: i64,
    pub rate_pct: u32,
    pub equal_principal: bool,
    pub term: u32,
    pub disbursed: NaiveDate,
    /// (days after disbursement, amount)
    pub repayments: Vec<(u32, i64)>,
    /// (days after disbursement, component index 0..3, amount)
    pub charges: Vec<(u32, usize, i64)>,
    pub as_of: NaiveDate,
}

impl LoanSpec {
    pub fn position(&self) -> Position {
        let terms = LoanTerms::new(
            "L1",
            money(self.principal),
            self.disbursed,
            Rate::from_percent(Decimal::from(self.rate_pct)).expect("rate"),
            if self.equal_principal {
                RepaymentMethod::EqualPrincipal
            } else {
                RepaymentMethod::EqualInstallment
            },
            self.term,
            add_months(self.disbursed, 1),
        );
        let mut loan = Loan::new(terms).expect("loan");
        for (i, (d, a)) in self.repayments.iter().enumerate() {
            let tx = Transaction::repayment(
                &format!("R{i}"),
                add_days(self.disbursed, *d as i64),
                money(*a),
            );
            loan.record(tx).expect("repayment");
        }
        for (i, (d, c, a)) in self.charges.iter().enumerate() {
            let tx = Transaction::charge(
                &format!("C{i}"),
                add_days(self.disbursed, *d as i64),
                COMPS[*c],
                money(*a),
            );
            loan.record(tx).expect("charge");
        }
        loan.position(self.as_of).expect("position")
    }
}

pub fn acct(p: &Position) -> Acct {
    Acct {
        as_of: p.as_of(),
        outstanding: c4(p.outstanding()),
        overdue: c4(p.overdue()),
        insts: p
            .installments()
            .iter()
            .map(|i| (i.due_date(), c4(i.outstanding())))
            .collect(),
    }
}

/// A random loan in arrears: 3–24 monthly installments, some paid, with
/// penalty and fee charges; `as_of` up to ~8 months past the last due date.
pub fn gen_loan(g: &mut Rng) -> LoanSpec {
    let term = g.range(3, 24) as u32;
    let disbursed = add_days(
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        g.range(0, 700),
    );
    let principal = g.range(5, 600) * 10_000 + if g.chance(50) { g.range(0, 99) } else { 0 };
    let days = g.range(20, term as i64 * 31 + 240) as u32;
    let as_of = add_days(disbursed, days as i64);
    let mut repayments = Vec::new();
    let paid_months = g.range(0, term as i64 - 1) as u32;
    let per = principal / term as i64;
    for m in 0..paid_months {
        let d = (m + 1) * 30;
        if d < days && g.chance(80) {
            repayments.push((d, per + g.range(0, per / 5)));
        }
    }
    let mut charges = Vec::new();
    for _ in 0..g.range(0, 3) {
        let c = *g.pick(&[0usize, 1, 1, 0, 2]);
        charges.push((g.range(31, days as i64) as u32, c, g.range(1, 300) * 100));
    }
    LoanSpec {
        principal,
        rate_pct: *g.pick(&[0, 6, 12, 24]),
        equal_principal: g.chance(40),
        term,
        disbursed,
        repayments,
        charges,
        as_of,
    }
}
