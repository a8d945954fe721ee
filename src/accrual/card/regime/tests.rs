use super::*;
use crate::loan::{Breakdown, Statement};
use crate::money::{Currency, Money, Rate};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A CNY card at `daily` a day on `basis`, with one statement on each of
/// `dates` (due 25 days later; 1,000 principal, minimum 100).
fn card(daily: Decimal, basis: DayBasis, dates: &[NaiveDate]) -> CardAccount {
    let c = Currency::CNY;
    let rate = Rate::from_daily(daily, basis).unwrap();
    let mut card = CardAccount::new(
        "K",
        Money::new(Decimal::from(5000), c),
        day(1998, 1, 1),
        rate,
    )
    .unwrap();
    for &s in dates {
        let mut b = Breakdown::zero(c);
        b.set(Component::Principal, Decimal::from(1000));
        let mut m = Breakdown::zero(c);
        m.set(Component::Principal, Decimal::from(100));
        let due = s.checked_add_days(chrono::Days::new(25)).unwrap();
        card.add_statement(Statement::new(s, due, b, m).unwrap())
            .unwrap();
    }
    card
}

/// The problem's message says `part`.
#[track_caller]
fn mentions(p: &Problem, part: &str) {
    assert!(p.message.contains(part), "{part:?} not in {:?}", p.message);
}

fn paths(f: &[Problem]) -> Vec<&str> {
    f.iter().map(|p| p.path.as_str()).collect()
}

const WAN_5: Decimal = Decimal::from_parts(5, 0, 0, false, 4);

#[test]
fn the_cn_table_is_valid_and_dated() {
    let t = CardRegimes::cn();
    CardRegimes::new(t.regimes().to_vec()).unwrap();
    let ids: Vec<&str> = t.regimes().iter().map(|r| r.rule.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "cn.card.pricing_1999",
            "cn.card.pricing_2017",
            "cn.card.pricing_2021"
        ]
    );
    assert_eq!(
        t.on(day(2016, 12, 31)).unwrap().rule.id,
        "cn.card.pricing_1999"
    );
    assert_eq!(
        t.on(day(2017, 1, 1)).unwrap().rule.id,
        "cn.card.pricing_2017"
    );
    assert_eq!(
        t.on(day(2020, 12, 31)).unwrap().rule.id,
        "cn.card.pricing_2017"
    );
    assert_eq!(
        t.on(day(2021, 1, 1)).unwrap().rule.id,
        "cn.card.pricing_2021"
    );
    assert!(t.on(day(1999, 2, 28)).is_none());
}

/// 万分之五 under every regime; the preset's CNY 10 floor is the one
/// breach, and only under the 1999 滞纳金 (5 % of the unpaid minimum, no
/// floor).
#[test]
fn the_cn_preset_at_wan_fen_zhi_wu() {
    let k = card(
        WAN_5,
        DayBasis::Days365,
        &[
            day(2016, 5, 5),
            day(2016, 6, 5),
            day(2018, 5, 5),
            day(2022, 5, 5),
        ],
    );
    let f = CardRegimes::cn().findings(&k, &CardPolicy::cn()).unwrap();
    assert_eq!(paths(&f), ["policy.late_charge.floor"]);
    assert_eq!(f[0].value, "10");
    mentions(
        &f[0],
        "on the statement of 2016-05-05 (statements[0]): can charge more",
    );
    mentions(&f[0], "cn.card.pricing_1999 [S]");
    mentions(&f[0], "0.05 of the unpaid minimum");
}

/// 0.06 % a day (21.9 % on 365) is above the cap in 1999–2020 and free
/// from 2021; 0.03 % (10.95 %) is below both floors.
#[test]
fn rates_outside_the_band() {
    let dates = [day(2016, 5, 5), day(2018, 5, 5), day(2021, 5, 5)];
    let mut policy = CardPolicy::cn();
    policy.late_charge = None;
    let high = card(Decimal::new(6, 4), DayBasis::Days365, &dates);
    let f = CardRegimes::cn().findings(&high, &policy).unwrap();
    assert_eq!(paths(&f), ["card.rate", "card.rate"]);
    assert_eq!(f[0].value, "0.0006/day");
    assert_eq!(
        f[1].message,
        "on the statement of 2018-05-05 (statements[1]): above the daily cap 0.0005 \
         (0.1825 a year on 365 days) of cn.card.pricing_2017 [S] (银发〔2016〕111号), in force \
         from 2017-01-01"
    );
    let low = card(Decimal::new(3, 4), DayBasis::Days365, &dates);
    let f = CardRegimes::cn().findings(&low, &policy).unwrap();
    assert_eq!(paths(&f), ["card.rate", "card.rate"]);
    mentions(
        &f[1],
        ": below the daily floor 0.00035 (0.12775 a year on 365 days)",
    );
}

/// The band's ends are allowed, exactly, on either day basis.
#[test]
fn the_band_is_inclusive_and_exact() {
    let mut policy = CardPolicy::cn();
    policy.late_charge = None;
    let at = [day(2017, 1, 1)];
    for daily in [Decimal::new(35, 5), WAN_5] {
        let k = card(daily, DayBasis::Days365, &at);
        assert!(CardRegimes::cn().findings(&k, &policy).unwrap().is_empty());
    }
    // 18.25 % a year read on 360 days is 0.000507 a day: above the cap.
    let k = card(WAN_5, DayBasis::Days365, &at);
    policy.interest.as_mut().unwrap().basis = DayBasis::Days360;
    let f = CardRegimes::cn().findings(&k, &policy).unwrap();
    assert_eq!(paths(&f), ["card.rate"]);
    // 0.1825 / 360 is no finite decimal: the value is the annual rate.
    assert_eq!(f[0].value, "0.1825 a year on 360 days");
    mentions(&f[0], "(0.18 a year on 360 days)");
    // 18 % a year on 360 days is 万分之五.
    let k = card(WAN_5, DayBasis::Days360, &at);
    assert!(CardRegimes::cn().findings(&k, &policy).unwrap().is_empty());
}

/// From 2017 fees bear no interest: a policy charging interest on them is
/// named once per regime, at the regime's first statement.
#[test]
fn interest_on_fees_from_2017() {
    let k = card(
        WAN_5,
        DayBasis::Days365,
        &[
            day(2016, 5, 5),
            day(2017, 5, 5),
            day(2018, 5, 5),
            day(2021, 5, 5),
        ],
    );
    let mut policy = CardPolicy::cn();
    policy.late_charge = None;
    policy.interest.as_mut().unwrap().excluded.clear();
    let f = CardRegimes::cn().findings(&k, &policy).unwrap();
    assert_eq!(
        paths(&f),
        ["policy.interest.excluded", "policy.interest.excluded"]
    );
    mentions(&f[0], "cn.card.pricing_2017");
    mentions(&f[1], "cn.card.pricing_2021");
}

/// Under the 滞纳金: a higher rate, an escalated rate that applies, a floor
/// and a US fee are each named; an escalated rate that never applies and
/// a lower rate are not.
#[test]
fn late_charges_under_the_1999_measures() {
    let k = card(WAN_5, DayBasis::Days365, &[day(2010, 5, 5)]);
    let mut policy = CardPolicy::cn();
    let rule = RuleRef::new("x", "", RuleStatus::Unverified);
    policy.late_charge = Some(CardLateCharge::PercentOfUnpaidMinimum {
        rule: rule.clone(),
        rate: Decimal::new(6, 2),
        escalated_rate: Decimal::new(8, 2),
        escalate_after: 2,
        floor: Decimal::ONE,
    });
    let f = CardRegimes::cn().findings(&k, &policy).unwrap();
    assert_eq!(
        paths(&f),
        [
            "policy.late_charge.rate",
            "policy.late_charge.escalated_rate",
            "policy.late_charge.floor"
        ]
    );
    policy.late_charge = Some(CardLateCharge::PercentOfUnpaidMinimum {
        rule,
        rate: Decimal::new(4, 2),
        escalated_rate: Decimal::new(8, 2),
        escalate_after: 0,
        floor: Decimal::ZERO,
    });
    assert!(CardRegimes::cn().findings(&k, &policy).unwrap().is_empty());
    let f = CardRegimes::cn().findings(&k, &CardPolicy::us()).unwrap();
    assert_eq!(paths(&f), ["policy.late_charge"]);
    assert_eq!(f[0].value, "us_safe_harbor");
}

#[test]
fn a_statement_before_the_table() {
    let k = card(
        WAN_5,
        DayBasis::Days365,
        &[day(1998, 6, 5), day(1999, 6, 5)],
    );
    let mut policy = CardPolicy::cn();
    policy.late_charge = None;
    let f = CardRegimes::cn().findings(&k, &policy).unwrap();
    assert_eq!(paths(&f), ["card.statements[0].statement_date"]);
    assert_eq!(
        f[0].message,
        "is before the first card pricing regime `1999-03-01`"
    );
}

#[test]
fn every_problem_of_a_table_at_once() {
    let mut r = CardRegimes::cn().regimes().to_vec();
    r[1].effective = day(1990, 1, 1);
    r[1].daily_floor = Some(Decimal::new(6, 4));
    r[2].late_charge = RegimeLateCharge::PercentOfUnpaidMinimum {
        rate: Decimal::new(15, 1),
    };
    r[2].rule.id = " ".into();
    let e = CardRegimes::new(r).unwrap_err().to_string();
    for path in [
        "regimes[1].effective",
        "regimes[1].daily_floor",
        "regimes[2].late_charge.rate",
        "regimes[2].rule.id",
    ] {
        assert!(e.contains(path), "{path} in {e}");
    }
    assert!(CardRegimes::new(Vec::new()).is_err());
}

#[test]
fn serde_round_trip_and_checked_reading() {
    let t = CardRegimes::cn();
    let json = serde_json::to_string(&t).unwrap();
    assert!(json.contains(r#""daily_floor":"0.00035""#), "{json}");
    assert!(
        json.contains(r#""late_charge":{"type":"percent_of_unpaid_minimum","rate":"0.05"}"#),
        "{json}"
    );
    let back: CardRegimes = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    let bad = json.replace("2017-01-01", "1990-01-01");
    let e = serde_json::from_str::<CardRegimes>(&bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("regimes[1].effective"), "{e}");
}

/// The review of 2026-11-27: a policy that charges no interest has no rate
/// to check; a card without statements has nothing to check.
#[test]
fn no_interest_no_rate_finding() {
    let k = card(Decimal::new(1, 4), DayBasis::Days365, &[day(2018, 5, 5)]);
    let mut policy = CardPolicy::cn();
    policy.interest = None;
    policy.late_charge = None;
    assert!(CardRegimes::cn().findings(&k, &policy).unwrap().is_empty());
    let none = card(Decimal::new(9, 4), DayBasis::Days365, &[]);
    assert!(CardRegimes::cn()
        .findings(&none, &CardPolicy::us())
        .unwrap()
        .is_empty());
}
