//! A tour of `arrears` on built-in sample data.
//!
//! Run with `cargo run --example tour`. Three accounts:
//! - a CNY consumer loan repaid 等额本息 whose debtor stops paying in July,
//! - a USD credit-card account that stops paying its minimum,
//! - a CNY loan repaid 等额本金 that is always on time;
//!
//! and for a few dates, each account's position and overdue stage under a
//! collection scheme (M0–M7) and a regulatory one (五级分类 / US 30-60-90),
//! and the reminders a week of the policy's schedule sends; then what the
//! overdue CNY loan accrues (罚息, 复利, a 违约金), where its October
//! payment went, and its payoff on a later date; the repayment plan
//! its debtor asks for (24 installments and half the penalty waived), how
//! the plan is kept, and the compliance checks on collection messages and
//! planned calls (contact windows in the debtor's time zone, call
//! frequency, emergency contacts).

mod accrual;
mod contact;
mod data;
mod messages;
mod plan;

use accrual::accrual_section;
use contact::contact_section;
use data::{card_account, consumer_loan, current_loan};
use messages::{message_section, reminder_section};
use plan::plan_section;

use arrears::accrual::{
    accrue, payoff, AccrualPolicy, CapBase, FeeBase, LateFeeRule, LprTable, Recurrence, RuleRef,
};
use arrears::allocation::{allocate, Receivable};
use arrears::delinquency::{
    stage_history, Delinquency, DelinquencyOptions, RuleStatus, StageScheme,
};
use arrears::loan::{
    Account, Breakdown, CardAccount, Component, Frequency, Loan, LoanTerms, MinimumPaymentRule,
    RepaymentMethod, Transaction, TxKind,
};
use arrears::money::{Currency, DayBasis, Money, Rate};
use arrears::plan::{
    evaluate, monitor_plan, reage_refusals, DebtorFacts, Decision, MonitorPolicy,
    NegotiationPolicy, PlanAccount, PlanRequest, PlanStatus, Term,
};
use arrears::policy::CollectionPolicy;
use chrono::NaiveDate;
use rust_decimal::Decimal;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn date(y: i32, m: u32, d: u32) -> Res<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("bad date {y}-{m}-{d}").into())
}

fn money(amount: &str, currency: Currency) -> Res<Money> {
    Ok(Money::parse("sample", amount, currency)?)
}

fn stage(scheme: &StageScheme, del: &Delinquency) -> String {
    scheme
        .classify(del.days(scheme.basis()))
        .map_or_else(|| "-".to_owned(), |r| format!("{} {}", r.code, r.label))
}

fn main() -> Res<()> {
    let consumer = consumer_loan()?;
    let card = card_account()?;
    let current = current_loan()?;
    let opts = DelinquencyOptions::default();
    let m_scheme = StageScheme::m0_m7();
    let cn_class = StageScheme::cn_card_2011();
    let us_class = StageScheme::us_30_180();

    println!("arrears tour on built-in sample data: positions and overdue stages, accrual and");
    println!("payment allocation, a repayment plan, contact checks and message checks.");
    println!("  CN-CONSUMER-001: CNY 24,000, 12 months at 9.6 %, 等额本息; paid April to June,");
    println!("    nothing from July, part of the arrears on 2026-10-08");
    println!(
        "  US-CARD-042: a USD 5,000 card at 24.99 % APR; the first minimum paid, then nothing"
    );
    println!(
        "  CN-SME-777: CNY 60,000, 24 months at 万分之一 a day, 等额本金; always paid on time\n"
    );
    println!(
        "Schedule of {} (等额本息, first 4 of 12 rows):",
        consumer.id()
    );
    println!(
        "{:>3}  {:<10}  {:>10}  {:>10}  {:>10}  {:>10}",
        "#", "due", "payment", "principal", "interest", "balance"
    );
    for r in consumer.schedule().iter().take(4) {
        println!(
            "{:>3}  {:<10}  {:>10}  {:>10}  {:>10}  {:>10}",
            r.seq(),
            r.due_date(),
            r.payment().amount(),
            r.principal().amount(),
            r.interest().amount(),
            r.closing_balance().amount()
        );
    }

    let accounts: [(&str, &dyn Account, &StageScheme); 3] = [
        (consumer.id().as_str(), &consumer, &cn_class),
        (card.id().as_str(), &card, &us_class),
        (current.id().as_str(), &current, &cn_class),
    ];
    // A card's balance is its revolving balance, not just the minimums.
    let balance = |id: &str, as_of: NaiveDate, pos: &arrears::loan::Position| -> Res<Money> {
        if id == card.id().as_str() {
            Ok(card.balance(as_of)?)
        } else {
            Ok(pos.outstanding().total()?)
        }
    };
    let dates = [
        date(2026, 7, 1)?,
        date(2026, 8, 20)?,
        date(2026, 9, 20)?,
        date(2026, 11, 25)?,
    ];
    println!("\nPositions (end of day):");
    println!(
        "{:<10}  {:<16}  {:>12}  {:>12}  {:>4}  {:<16}  {:<22}",
        "as of", "account", "overdue", "balance", "DPD", "collection", "regulatory"
    );
    for as_of in dates {
        for (id, account, regulatory) in &accounts {
            let pos = account.position(as_of)?;
            let del = Delinquency::assess(&pos, &opts);
            println!(
                "{:<10}  {:<16}  {:>12}  {:>12}  {:>4}  {:<16}  {:<22}",
                as_of,
                id,
                pos.overdue().total()?.to_string(),
                balance(id, as_of, &pos)?.to_string(),
                del.days_past_due(),
                stage(&m_scheme, &del),
                stage(regulatory, &del),
            );
        }
    }

    println!(
        "\nStage history of {} under {} (2026-03-15..=2026-11-25):",
        consumer.id(),
        m_scheme.id()
    );
    let h = stage_history(
        &consumer,
        &m_scheme,
        &opts,
        date(2026, 3, 15)?,
        date(2026, 11, 25)?,
    )?;
    println!("  start: {}", h.initial.as_deref().unwrap_or("-"));
    for t in &h.transitions {
        println!(
            "  {}  {} -> {}  ({} day{})",
            t.date,
            t.from.as_deref().unwrap_or("-"),
            t.to.as_deref().unwrap_or("-"),
            t.days,
            if t.days == 1 { "" } else { "s" }
        );
    }
    reminder_section(&[&consumer, &current])?;
    let policy = accrual_section(&consumer)?;
    plan_section(consumer, &policy)?;
    contact_section()?;
    message_section()?;
    Ok(())
}
