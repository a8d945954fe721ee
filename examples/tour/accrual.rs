//! Accrual, allocation and payoff on the overdue CNY loan.

use super::*;

/// 罚息 and a late charge on the overdue consumer loan, the October payment's
/// allocation, and a payoff quote.
pub(super) fn accrual_section(loan: &Loan) -> Res<AccrualPolicy> {
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
