//! The reminder schedule and the language checker's view of four messages.

use super::*;

/// The reminders the `cn` collection policy's schedule sends over a week,
/// before each due date as well as after it.
pub(super) fn reminder_section(loans: &[&Loan]) -> Res<()> {
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
pub(super) fn message_section() -> Res<()> {
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
