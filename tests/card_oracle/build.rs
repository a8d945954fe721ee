//! The cases in the library's types: the card account and the policy.

use arrears::accrual::{
    CardInterest, CardLateCharge, CardPolicy, IssuerScope, RuleRef, SafeHarborRow, SafeHarborTable,
};
use arrears::delinquency::RuleStatus;
use arrears::loan::{CardAccount, MinimumPaymentRule, Statement, Transaction, TxKind};
use arrears::money::{DayBasis, Rate};
use rust_decimal::Decimal;

use crate::case::{Case, OLate};
use crate::more::{OExtra, ORule};
use crate::num::{breakdown, to_dec, to_money};

fn rule(id: &str) -> RuleRef {
    RuleRef::new(id, "oracle", RuleStatus::Unverified)
}

pub fn build_policy(c: &Case) -> CardPolicy {
    let mut p = if c.preset == "us" {
        CardPolicy::us()
    } else {
        CardPolicy::cn()
    };
    if c.preset != "custom" {
        return p;
    }
    p.id = "oracle.card".into();
    p.rounding = c.rounding;
    p.interest = c.interest.as_ref().map(|i| CardInterest {
        rule: rule(&i.rule),
        basis: if i.basis == 360 {
            DayBasis::Days360
        } else {
            DayBasis::Days365
        },
        excluded: crate::num::COMPS
            .iter()
            .zip(i.excluded)
            .filter(|(_, e)| *e)
            .map(|(c, _)| *c)
            .collect(),
        grace_repaid_exempt: i.exempt,
    });
    p.late_charge = c.late.as_ref().map(|l| match l {
        OLate::Pct {
            rule: r,
            rate,
            esc_rate,
            esc_after,
            floor,
        } => CardLateCharge::PercentOfUnpaidMinimum {
            rule: rule(r),
            rate: *rate,
            escalated_rate: *esc_rate,
            escalate_after: *esc_after,
            floor: to_dec(*floor, c.cur),
        },
        OLate::Us {
            rule: r,
            rows,
            published,
        } => CardLateCharge::UsSafeHarbor {
            rule: rule(r),
            table: if *published {
                SafeHarborTable::published()
            } else {
                SafeHarborTable::new(
                    rows.iter()
                        .map(|(d, f, r)| SafeHarborRow {
                            effective: *d,
                            first: Decimal::new(*f as i64, 2),
                            repeat: Decimal::new(*r as i64, 2),
                            active: true,
                            status: RuleStatus::Unverified,
                            issuers: IssuerScope::All,
                        })
                        .collect(),
                )
                .unwrap()
            },
        },
    });
    p
}

pub fn build_card(c: &Case) -> CardAccount {
    let rate = Rate::from_fraction(c.annual).unwrap();
    let limit = to_money(100_000_000, c.cur);
    let mut card = CardAccount::new("ORACLE", limit, c.opened, rate).unwrap();
    for (k, s) in c.stmts.iter().enumerate() {
        if let Some(r) = &s.rule {
            let rule = min_rule(r);
            let bal = breakdown(&s.bal, c.cur);
            // Both ways the docs call the same.
            if k % 2 == 0 {
                card.add_statement_with_rule(s.date, s.due, bal, &rule)
                    .unwrap();
            } else {
                card.add_statement(Statement::with_rule(s.date, s.due, bal, &rule).unwrap())
                    .unwrap();
            }
            continue;
        }
        let st = Statement::new(
            s.date,
            s.due,
            breakdown(&s.bal, c.cur),
            breakdown(&s.min, c.cur),
        )
        .unwrap();
        card.add_statement(st).unwrap();
    }
    for p in &c.pays {
        card.record(Transaction::repayment(
            &p.id,
            p.date,
            to_money(p.amount, c.cur),
        ))
        .unwrap();
    }
    for ch in &c.charges {
        card.record(Transaction::new(
            &ch.id,
            ch.date,
            TxKind::Charge {
                component: crate::num::COMPS[ch.comp],
                amount: to_money(ch.amount, c.cur),
                installment: ch.names,
                rule: None,
            },
        ))
        .unwrap();
        if let Some(r) = ch.reversed_on {
            card.record(Transaction::reversal(&format!("r{}", ch.id), r, &ch.id))
                .unwrap();
        }
    }
    for p in &c.pays {
        if let Some(r) = p.reversed_on {
            card.record(Transaction::reversal(&format!("r{}", p.id), r, &p.id))
                .unwrap();
        }
    }
    for e in &c.extras {
        let tx = match e {
            OExtra::Waiver {
                id,
                date,
                comp,
                amount,
                names,
            } => Transaction::new(
                id,
                *date,
                TxKind::Waiver {
                    component: crate::num::COMPS[*comp],
                    amount: to_money(*amount, c.cur),
                    installment: *names,
                    rule: None,
                },
            ),
            OExtra::Chargeback {
                id,
                date,
                amount,
                names,
            } => Transaction::chargeback(id, *date, to_money(*amount, c.cur), *names),
        };
        card.record(tx).unwrap();
    }
    if let Some(d) = c.charge_off {
        card.record(Transaction::new("off", d, TxKind::ChargeOff))
            .unwrap();
    }
    card
}

/// The library's rule for the case's.
pub fn min_rule(r: &ORule) -> MinimumPaymentRule {
    match r.preset {
        Some("cn") => MinimumPaymentRule::cn_typical(),
        Some(_) => MinimumPaymentRule::us_typical(),
        None => MinimumPaymentRule::new(r.pct, r.include, r.floor).unwrap(),
    }
}
