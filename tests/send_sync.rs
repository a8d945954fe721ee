//! Every public type can cross threads.

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    use arrears::calendar::*;
    use arrears::delinquency::*;
    use arrears::loan::*;
    use arrears::money::*;
    assert_send_sync::<arrears::Error>();
    assert_send_sync::<arrears::Problem>();
    assert_send_sync::<Currency>();
    assert_send_sync::<Money>();
    assert_send_sync::<Rate>();
    assert_send_sync::<Rounding>();
    assert_send_sync::<DayBasis>();
    assert_send_sync::<DayCount>();
    assert_send_sync::<YearFraction>();
    assert_send_sync::<FractionTerm>();
    assert_send_sync::<HolidayCalendar>();
    assert_send_sync::<BusinessDayConvention>();
    assert_send_sync::<DueDateAdjustment>();
    assert_send_sync::<Loan>();
    assert_send_sync::<LoanTerms>();
    assert_send_sync::<LoanId>();
    assert_send_sync::<RepaymentMethod>();
    assert_send_sync::<Frequency>();
    assert_send_sync::<InterestMethod>();
    assert_send_sync::<Installment>();
    assert_send_sync::<Ledger>();
    assert_send_sync::<Transaction>();
    assert_send_sync::<TxId>();
    assert_send_sync::<TxKind>();
    assert_send_sync::<Component>();
    assert_send_sync::<Breakdown>();
    assert_send_sync::<Obligation>();
    assert_send_sync::<Position>();
    assert_send_sync::<InstallmentPosition>();
    assert_send_sync::<InstallmentStatus>();
    assert_send_sync::<CardAccount>();
    assert_send_sync::<Statement>();
    assert_send_sync::<MinimumPaymentRule>();
    assert_send_sync::<Delinquency>();
    assert_send_sync::<DelinquencyOptions>();
    assert_send_sync::<Pause>();
    assert_send_sync::<StageScheme>();
    assert_send_sync::<StageRange>();
    assert_send_sync::<DpdBasis>();
    assert_send_sync::<RuleStatus>();
    assert_send_sync::<StageHistory>();
    assert_send_sync::<Transition>();
    use arrears::allocation::*;
    assert_send_sync::<Waterfall>();
    assert_send_sync::<AllocationRule>();
    assert_send_sync::<DueType>();
    assert_send_sync::<Processing>();
    assert_send_sync::<FutureOrder>();
    assert_send_sync::<Overpayment>();
    assert_send_sync::<Receivable>();
    assert_send_sync::<Allocation>();
    assert_send_sync::<AllocationPart>();
    assert_send_sync::<Debt>();
    assert_send_sync::<MultiDebtRule>();
    assert_send_sync::<MultiDebtAllocation>();
}
