//! The repayment plan: negotiation, monitoring and claw-back.

use super::*;

/// The debtor asks for 24 installments and half the penalty waived; the
/// lender counters; the debtor accepts, pays twice, then misses twice, and
/// the waiver is clawed back.
pub(super) fn plan_section(mut loan: Loan, accrual: &AccrualPolicy) -> Res<()> {
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
