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

/// CNY 24,000 over 12 months at 9.6 % a year, 等额本息. Pays April to June,
/// misses every installment from July, pays part of what is overdue in
/// October.
fn consumer_loan() -> Res<Loan> {
    let terms = LoanTerms::new(
        "CN-CONSUMER-001",
        money("24000", Currency::CNY)?,
        date(2026, 3, 15)?,
        Rate::from_percent(Decimal::new(96, 1))?,
        RepaymentMethod::EqualInstallment,
        12,
        date(2026, 4, 15)?,
    );
    let mut loan = Loan::new(terms)?;
    let payment = loan.schedule()[0].payment();
    for (i, (m, d)) in [(4, 15), (5, 14), (6, 15)].into_iter().enumerate() {
        loan.record(Transaction::repayment(
            &format!("P{}", i + 1),
            date(2026, m, d)?,
            payment,
        ))?;
    }
    loan.record(Transaction::repayment(
        "P4",
        date(2026, 10, 8)?,
        money("2000", Currency::CNY)?,
    ))?;
    Ok(loan)
}

/// A USD card with a $5,000 limit at 24.99 % APR; statements on the 5th, due
/// on the 30th; the holder pays the first minimum, then nothing.
fn card_account() -> Res<CardAccount> {
    let mut card = CardAccount::new(
        "US-CARD-042",
        money("5000", Currency::USD)?,
        date(2026, 1, 20)?,
        Rate::from_percent(Decimal::new(2499, 2))?,
    )?;
    let rule = MinimumPaymentRule::us_typical();
    let balances = [
        ("3200", "0"),
        ("3230", "66.10"),
        ("3230", "134.90"),
        ("3230", "205.00"),
        ("3230", "276.00"),
    ];
    for (i, (p, int)) in balances.iter().enumerate() {
        let mut b = Breakdown::zero(Currency::USD);
        b.set(Component::Principal, Decimal::from_str_exact(p)?);
        b.set(Component::Interest, Decimal::from_str_exact(int)?);
        let month = 5 + u32::try_from(i)?;
        card.add_statement_with_rule(date(2026, month, 5)?, date(2026, month, 30)?, b, &rule)?;
        if i == 0 {
            card.record(Transaction::repayment(
                "C1",
                date(2026, 5, 28)?,
                money("32.00", Currency::USD)?,
            ))?;
        }
    }
    Ok(card)
}

/// CNY 60,000 over 24 months at 3.6 % a year (a daily rate of 万分之一 on a
/// 360-day basis), 等额本金, always paid on the due date.
fn current_loan() -> Res<Loan> {
    let terms = LoanTerms::new(
        "CN-SME-777",
        money("60000", Currency::CNY)?,
        date(2026, 1, 20)?,
        Rate::from_daily(Decimal::new(1, 4), DayBasis::Days360)?,
        RepaymentMethod::EqualPrincipal,
        24,
        date(2026, 2, 20)?,
    );
    let mut loan = Loan::new(terms)?;
    let rows: Vec<_> = loan
        .schedule()
        .iter()
        .map(|r| (r.due_date(), r.payment()))
        .collect();
    for (i, (due, pay)) in rows.into_iter().enumerate() {
        if due <= date(2026, 11, 25)? {
            loan.record(Transaction::repayment(&format!("S{i}"), due, pay))?;
        }
    }
    Ok(loan)
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

/// The reminders the `cn` collection policy's schedule sends over a week,
/// before each due date as well as after it.
fn reminder_section(loans: &[&Loan]) -> Res<()> {
    let policy = CollectionPolicy::cn();
    let schedule = policy.reminders();
    let offsets: Vec<String> = schedule
        .offsets()
        .iter()
        .map(|o| format!("D{o:+}"))
        .collect();
    println!(
        "\nReminders under {} ({}), 2026-11-14..=2026-11-20:",
        schedule.id(),
        offsets.join(", ")
    );
    let mut day = date(2026, 11, 14)?;
    while day <= date(2026, 11, 20)? {
        for loan in loans {
            for r in schedule.due_under(&loan.position(day)?, policy.delinquency())? {
                println!(
                    "  {day}  {:<16} #{:<2} due {}  {:<4}  owes {}",
                    loan.id().as_str(),
                    r.installment,
                    r.due_date,
                    format!("D{:+}", r.offset),
                    r.outstanding
                );
            }
        }
        day = day.succ_opt().ok_or("date out of range")?;
    }
    Ok(())
}

/// Four messages through the language checker, and one through the PII
/// mask.
fn message_section() -> Res<()> {
    use arrears::compliance::language::{
        mask_pii, LanguagePolicy, MessageFacts, Recipient, TextChecker,
    };

    let checker = TextChecker::new(&LanguagePolicy::default())?;
    let debtor = MessageFacts::to_debtor();
    let lawful = MessageFacts {
        lawsuit_intended: Some(true),
        debt_time_barred: Some(false),
        ..MessageFacts::to_debtor()
    };
    let sister = MessageFacts {
        recipient: Recipient::EmergencyContact,
        ..MessageFacts::default()
    };
    let messages: [(&str, &str, &MessageFacts); 4] = [
        (
            "compliant reminder",
            "您好，我是XX银行客服，您的账单已逾期，请于本月25日前还款，如有困难可致电协商。",
            &debtor,
        ),
        (
            "false arrest threat (traditional, with noise)",
            "再不還錢，警察明天就上門抓你去坐*牢！",
            &debtor,
        ),
        (
            "lawful lawsuit notice",
            "如仍未还款，我司将依法向法院提起诉讼。",
            &lawful,
        ),
        (
            "to the emergency contact",
            "请转告张三，他欠我们的12,345.67元已经逾期三个月了。",
            &sister,
        ),
    ];
    println!("\nMessages:");
    for (label, text, facts) in messages {
        let findings = checker.check(text, facts);
        if findings.is_empty() {
            println!("  {label}: compliant");
        }
        for f in &findings {
            println!(
                "  {label}: {} `{}` at bytes {}..{} ({:?}, rule `{}`)",
                f.category.as_str(),
                f.span.slice(text).unwrap_or("?"),
                f.span.start,
                f.span.end,
                f.severity,
                f.rule.id
            );
        }
    }
    let with_id = "客户身份证号110101199003074514，手机13812345678。";
    println!("  masked ID number: {}", mask_pii(with_id));
    Ok(())
}

/// A day of planned contacts: a call at 21:30 in Chicago, an eighth call in
/// seven days, and a call to an emergency contact while the debtor answers.
fn contact_section() -> Res<()> {
    use arrears::compliance::contact::{
        Account as ContactAccount, Attempt, Channel, ContactChecker, ContactPoint, ContactPolicy,
        ContactRequest, NextPermitted, Outcome, Party, PointKind, Purpose, Role, Zone,
    };
    use chrono::{TimeZone, Utc};

    let utc = |y, m, d, h, mi| {
        Utc.with_ymd_and_hms(y, m, d, h, mi, 0)
            .single()
            .ok_or("bad time")
    };
    let account = |id: &str, zone: &str| -> Res<ContactAccount> {
        let z = Zone::new(zone)?;
        Ok(ContactAccount {
            id: id.to_owned(),
            parties: vec![
                Party {
                    id: "debtor".into(),
                    role: Role::Debtor,
                },
                Party {
                    id: "sister".into(),
                    role: Role::EmergencyContact,
                },
            ],
            contact_points: vec![
                ContactPoint {
                    id: "mobile".into(),
                    kind: PointKind::Mobile,
                    zones: vec![z],
                    owner: Some("debtor".into()),
                },
                ContactPoint {
                    id: "sister-mobile".into(),
                    kind: PointKind::Mobile,
                    zones: vec![z],
                    owner: Some("sister".into()),
                },
            ],
            locations: vec![z],
            flags: vec![],
        })
    };
    let us = ContactPolicy::us();
    let cn = ContactPolicy::cn();
    let us_checker = ContactChecker::new(&us);
    let cn_checker = ContactChecker::new(&cn);
    let card = account("US-CARD-042", "America/Chicago")?;
    let loan = account("CN-CONSUMER-001", "Asia/Shanghai")?;

    println!("\nPlanned contacts on 2026-11-25:");
    let show = |label: &str, verdict: &arrears::compliance::contact::Verdict| {
        if verdict.passes() {
            println!("  {label}: allowed");
        }
        for f in &verdict.violations {
            println!(
                "  {label}: BLOCKED by `{}` ({}): {}",
                f.rule.id, f.rule.status, f.message
            );
        }
    };
    let next = |checker: &ContactChecker,
                acct: &ContactAccount,
                history: &[Attempt],
                party: &str,
                point: &str,
                after|
     -> Res<String> {
        let request = ContactRequest {
            party: party.into(),
            channel: Channel::Call,
            point: point.into(),
            debts: vec!["D1".into()],
            purpose: Purpose::Collection,
        };
        Ok(
            match checker.next_permitted(&request, after, history, acct)? {
                NextPermitted::At { at, decided_by } => format!(
                    "next permitted {at} ({})",
                    decided_by.map_or_else(|| "no rule".to_owned(), |r| r.id)
                ),
                NextPermitted::Never { rule } => format!("never ({})", rule.id),
                _ => "unknown".to_owned(),
            },
        )
    };

    // 1. 21:30 in Chicago (03:30 UTC the next day): after the 21:00 end of the US window.
    let late = utc(2026, 11, 26, 3, 30)?;
    let a = Attempt::new(
        late,
        Channel::Call,
        "debtor",
        "mobile",
        &["D1"],
        Outcome::Planned,
    );
    show(
        "US card, call at 21:30 America/Chicago",
        &us_checker.check(&a, &[], &card)?,
    );
    println!(
        "    {}",
        next(&us_checker, &card, &[], "debtor", "mobile", late)?
    );

    // 2. Seven unanswered calls already placed in the last seven days.
    let history: Vec<Attempt> = (0..7)
        .map(|k| {
            utc(2026, 11, 19 + k, 16, 0).map(|t| {
                Attempt::new(
                    t,
                    Channel::Call,
                    "debtor",
                    "mobile",
                    &["D1"],
                    Outcome::NoAnswer,
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let eighth = utc(2026, 11, 25, 17, 0)?;
    let a = Attempt::new(
        eighth,
        Channel::Call,
        "debtor",
        "mobile",
        &["D1"],
        Outcome::Planned,
    );
    show(
        "US card, eighth call in seven days",
        &us_checker.check(&a, &history, &card)?,
    );
    println!(
        "    {}",
        next(&us_checker, &card, &history, "debtor", "mobile", eighth)?
    );

    // 3. The CN debtor answered this morning; a call to the emergency contact follows.
    let answered = vec![Attempt::new(
        utc(2026, 11, 25, 1, 30)?,
        Channel::Call,
        "debtor",
        "mobile",
        &["D1"],
        Outcome::Conversation,
    )];
    let to_sister = Attempt::new(
        utc(2026, 11, 25, 3, 0)?,
        Channel::Call,
        "sister",
        "sister-mobile",
        &["D1"],
        Outcome::Planned,
    );
    show(
        "CN loan, call to the emergency contact",
        &cn_checker.check(&to_sister, &answered, &loan)?,
    );
    println!(
        "    {}",
        next(
            &cn_checker,
            &loan,
            &answered,
            "sister",
            "sister-mobile",
            utc(2026, 11, 25, 3, 0)?
        )?
    );
    Ok(())
}

/// 罚息 and a late charge on the overdue consumer loan, the October payment's
/// allocation, and a payoff quote.
fn accrual_section(loan: &Loan) -> Res<AccrualPolicy> {
    // The `cn` preset (罚息 at contract + 50 %, held to 4 × LPR by art28, 复利,
    // the 4 × LPR all-in cap (art29), payments fee →
    // penalty → interest → principal) plus a contractual 违约金 of 5 % of each
    // missed installment on its third day overdue.
    // The published LPR table ends 2025-08-20 and a contract after a
    // table's end is an error (the LPR may have changed): this sample
    // takes the last published rate, 3.00 %, as checked through the
    // contract date. A lender loads the current table instead.
    let lpr = LprTable::published().with_valid_through(loan.terms().contract_date())?;
    let policy = AccrualPolicy::cn()
        .with_lpr_table(lpr)?
        .with_late_fee(LateFeeRule {
            rule: RuleRef::new(
                "contract.late_charge",
                "loan contract clause 7",
                RuleStatus::Unverified,
            ),
            after_days: 3,
            recurrence: Recurrence::Once,
            base: FeeBase::Installment {
                rate: Decimal::new(5, 2),
            },
            min: None,
            max: None,
            cost_basis: None,
        });
    let (from, pay_day) = (date(2026, 7, 16)?, date(2026, 10, 8)?);
    let report = accrue(loan, from, pay_day, &policy)?;
    println!(
        "\nAccruals on {} from {from} to the payment on {pay_day} (policy `{}` with the contract's 违约金;\n\
         its LPR table, published to 2025-08-20, taken as unchanged through the contract date {}):",
        loan.id(),
        policy.id(),
        loan.terms().contract_date()
    );
    // One line per kind and installment; every record carries base, rate,
    // days and basis so it can be recomputed (one is shown in full).
    let mut lines: Vec<(String, u32, i64, Decimal, Vec<String>)> = Vec::new();
    for r in &report.records {
        let key = format!("{:?}", r.kind);
        let cap = r.capped_by.clone().map(|c| format!("capped by {c}"));
        match lines
            .iter_mut()
            .find(|l| l.0 == key && l.1 == r.installment)
        {
            Some(l) => {
                l.2 += r.days;
                l.3 += r.amount.amount();
                l.4.extend(cap);
            }
            None => lines.push((
                key,
                r.installment,
                r.days,
                r.amount.amount(),
                cap.into_iter().collect(),
            )),
        }
    }
    println!(
        "  {:<17} {:>2}  {:>5}  {:>8}  notes",
        "kind", "#", "days", "amount"
    );
    for (kind, inst, days, amount, notes) in &lines {
        println!(
            "  {kind:<17} {inst:>2}  {days:>5}  {amount:>8}  {}",
            notes.join("; ")
        );
    }
    // The first interest record posted daily and not cut by a cap, in full:
    // daily posting rounds each day's amount, then counts the days.
    let daily = report.records.iter().find(|r| {
        r.posting == arrears::accrual::Posting::Daily && r.rate.is_some() && r.capped_by.is_none()
    });
    if let Some(r) = daily {
        let per_day = arrears::money::mul_div_round(
            r.base.amount(),
            r.rate.unwrap_or_default(),
            i64::from(r.basis),
            r.base.currency().minor_units(),
            r.rounding,
        )?;
        println!(
            "  e.g. {:?} on #{}: round({} × {} / {}) = {} a day ({} posting, {}) × {} days = {} (rule `{}`)",
            r.kind,
            r.installment,
            r.base,
            r.rate.unwrap_or_default(),
            r.basis,
            per_day,
            format!("{:?}", r.posting).to_lowercase(),
            format!("{:?}", r.rounding).to_lowercase(),
            r.days,
            r.amount,
            r.rule
        );
    }
    // The cap every record is held under, with the LPR row it was read from.
    if let Some(cap) = &report.cap {
        let lpr = cap.lpr.map_or(String::new(), |row| {
            format!(
                " = {} × the LPR {} in effect from {}",
                cap.multiple.unwrap_or_default(),
                row.rate,
                row.effective
            )
        });
        let base = match cap.base {
            CapBase::OverduePrincipal => "the overdue principal",
            _ => "all unpaid principal",
        };
        println!(
            "  all-in cap `{}`: {}{lpr} (contract date {}), on {base}",
            cap.rule,
            Rate::from_fraction(cap.rate)?,
            cap.contract_date
        );
    }

    // Where the 2,000 paid on 10-08 went, by the policy's waterfall.
    let receivables: Vec<Receivable> = report
        .position
        .installments()
        .iter()
        .filter(|i| !i.outstanding().is_zero())
        .map(|i| Receivable {
            seq: i.seq(),
            due_date: i.due_date(),
            outstanding: *i.outstanding(),
        })
        .collect();
    let paid = money("2000", Currency::CNY)?;
    let alloc = allocate(paid, pay_day, &receivables, policy.waterfall())?;
    println!(
        "\nThe {paid} paid on {pay_day}, by waterfall `{}`:",
        alloc.waterfall
    );
    for part in &alloc.parts {
        println!(
            "  installment {:>2} {:<9} {:<9} {:>9}",
            part.seq,
            format!("{:?}", part.due_type),
            part.component.as_str(),
            part.amount.amount()
        );
    }

    let quote_day = date(2026, 11, 25)?;
    let quote = payoff(loan, quote_day, &policy)?;
    println!("\nPayoff of {} by a payment on {quote_day}:", loan.id());
    for c in [
        Component::Principal,
        Component::Interest,
        Component::Penalty,
        Component::Fee,
    ] {
        println!("  {:<9} {:>10}", c.as_str(), quote.by_component.amount(c));
    }
    println!(
        "  {:<9} {:>10}  (of which interest accrued, not yet due: {})",
        "total",
        quote.total.amount(),
        quote.accrued_interest.amount()
    );
    let unearned = quote
        .unearned_interest
        .values()
        .try_fold(Decimal::ZERO, |a, m| a.checked_add(m.amount()))
        .ok_or_else(|| arrears::Error::overflow("add", "unearned", "interest"))?;
    println!(
        "  paid with {} transactions ({} waivers of {} unearned interest, then the payment)",
        quote.transactions("PAYOFF", &policy)?.len(),
        quote.unearned_interest.len(),
        unearned
    );
    Ok(policy)
}

/// The debtor asks for 24 installments and half the penalty waived; the
/// lender counters; the debtor accepts, pays twice, then misses twice, and
/// the waiver is clawed back.
fn plan_section(mut loan: Loan, accrual: &AccrualPolicy) -> Res<()> {
    let as_of = date(2026, 11, 25)?;
    let start = loan.terms().disbursement_date();
    let day_after = |d: NaiveDate| d.succ_opt().ok_or("date out of range");
    let position = accrue(&loan, start, day_after(as_of)?, accrual)?.position;
    let request = PlanRequest::new(
        Currency::CNY,
        vec![
            Term::Installments {
                count: 24,
                frequency: Frequency::Monthly,
                first_due: date(2026, 12, 25)?,
                down_payment: None,
            },
            Term::Waiver {
                component: Component::Penalty,
                amount: None,
                percent: Some(Decimal::from(50)),
            },
        ],
    );
    let facts = DebtorFacts {
        monthly_income: Some(money("1200", Currency::CNY)?),
        ..DebtorFacts::default()
    };
    let policy = NegotiationPolicy::cn();
    let decision = evaluate(&request, &position, &facts, &policy, as_of)?;
    println!("\nNegotiation on {as_of}: 24 monthly installments and 50 % of the penalty waived, income CNY 1,200");
    let plan = match &decision {
        Decision::CounterOffer { plan, reasons, .. } => {
            println!("  decision: counter-offer");
            for r in reasons {
                println!("  - {} ({}): {}", r.rule.id, r.rule.status, r.message);
            }
            plan.clone()
        }
        Decision::Approved { plan, .. } => {
            println!("  decision: approved");
            plan.clone()
        }
        other => {
            println!("  decision: {other:?}");
            return Ok(());
        }
    };
    let first = plan.schedule().first().ok_or("empty plan")?;
    println!(
        "  offered: {} installments of {} from {}, waiving {} of penalty",
        plan.schedule().len(),
        first.total()?,
        first.due_date,
        plan.waived().get(Component::Penalty)
    );

    // The debtor accepts: the waiver is booked, two installments are paid.
    let waived = *plan.waived();
    for c in Component::ALL {
        if waived.amount(c) > Decimal::ZERO {
            loan.record(Transaction::new(
                &format!("PLAN1-W-{}", c.as_str()),
                as_of,
                TxKind::Waiver {
                    component: c,
                    amount: waived.get(c),
                    installment: None,
                    rule: Some(format!("cn.plan.waiver.{}", c.as_str())),
                },
            ))?;
        }
    }
    let schedule: Vec<(NaiveDate, Money)> = plan
        .schedule()
        .iter()
        .map(|i| Ok((i.due_date, i.total()?)))
        .collect::<Result<_, arrears::Error>>()?;
    for (k, (due, amount)) in schedule.iter().take(2).enumerate() {
        loan.record(Transaction::repayment(
            &format!("PLAN1-P{}", k + 1),
            *due,
            *amount,
        ))?;
    }
    let mut plan_account = PlanAccount::new("CN-CONSUMER-001-PLAN1", &plan, as_of)?;
    for (k, (due, amount)) in schedule.iter().take(2).enumerate() {
        plan_account.record(Transaction::repayment(
            &format!("PLAN1-P{}", k + 1),
            *due,
            *amount,
        ))?;
    }
    let monitor = MonitorPolicy::standard();
    let check_day = schedule.get(3).map(|(d, _)| *d).ok_or("short plan")? + chrono::Days::new(10);
    let report = monitor_plan(
        "PLAN1",
        &schedule,
        &waived,
        as_of,
        loan.ledger(),
        check_day,
        &monitor,
    )?;
    let missed = report.installments.iter().filter(|i| i.missed).count();
    println!("\nPlan monitor on {check_day}: {missed} installments missed");
    let opts = DelinquencyOptions::default();
    let on_plan = Delinquency::assess(&plan_account.position(check_day)?, &opts);
    // A re-age (resetting the stage to the plan's) needs consecutive
    // qualifying payments first.
    let consecutive = report
        .installments
        .iter()
        .take_while(|i| i.due_date <= check_day && !i.missed)
        .count();
    let refusals = reage_refusals(&[], u32::try_from(consecutive)?, check_day, &monitor);
    println!(
        "  days past due measured on the plan: {} ({}); a re-age: {}",
        on_plan.days_past_due(),
        stage(&StageScheme::m0_m7(), &on_plan),
        if refusals.is_empty() {
            "allowed".to_owned()
        } else {
            let why: Vec<String> = refusals
                .iter()
                .map(|r| format!("{} (`{}`, {})", r.message, r.rule, r.status))
                .collect();
            format!("refused: {}", why.join("; "))
        }
    );
    if let PlanStatus::Defaulted { on, .. } = report.status {
        println!("  plan in default since {on}, under:");
        for r in &report.rules {
            println!("    `{}` ({}): {}", r.id, r.status, r.citation);
        }
        println!("  claw-back entries:");
        let before = accrue(&loan, start, day_after(check_day)?, accrual)?.position;
        for tx in &report.clawback {
            if let TxKind::Charge {
                component,
                amount,
                rule,
                ..
            } = tx.kind()
            {
                println!(
                    "  {} {}  reinstate {} {}  (rule `{}`)",
                    tx.value_date(),
                    tx.id(),
                    component.as_str(),
                    amount,
                    rule.as_deref().unwrap_or("-")
                );
            }
            loan.record(tx.clone())?;
        }
        let after = accrue(&loan, start, day_after(check_day)?, accrual)?.position;
        let (was, now) = (
            before.outstanding().get(Component::Penalty),
            after.outstanding().get(Component::Penalty),
        );
        let reinstated = Money::sum(
            now.currency(),
            report.clawback.iter().filter_map(|tx| match tx.kind() {
                TxKind::Charge {
                    component: Component::Penalty,
                    amount,
                    ..
                } => Some(amount),
                _ => None,
            }),
        )?;
        let rise = now.checked_sub(was)?;
        println!("  penalty outstanding on {check_day}: {was} before the claw-back, {now} after");
        println!(
            "  (a rise of {rise} for {reinstated} reinstated: counted under the 4 × LPR all-in cap, \
             art29, when it first accrued, not again)"
        );
    } else {
        println!("  status: {:?}", report.status);
    }
    Ok(())
}
