//! Business days and holiday calendars: the adjustment conventions, adding
//! business days, the ends of chrono's range, calendars that refuse bad
//! input, serde.

use super::*;

// -----------------------------------------------------------------------
// Holiday calendars and business-day conventions
// -----------------------------------------------------------------------

/// A test fixture with a 调休 arrangement: holidays 2025-10-01..=08 and
/// make-up working days on Sunday 2025-09-28 and Saturday 2025-10-11.
/// Built for the tests, not a preset of any official calendar.
pub(super) fn tiaoxiu() -> HolidayCalendar {
    let holidays = (1..=8).map(|d| date(2025, 10, d));
    let working_days = [date(2025, 9, 28), date(2025, 10, 11)];
    HolidayCalendar::new(
        "tiaoxiu fixture",
        [Weekday::Sat, Weekday::Sun],
        holidays,
        working_days,
    )
    .expect("valid fixture")
}

#[derive(Clone, Copy)]
enum Cal {
    Weekends,
    Tiaoxiu,
}

impl Cal {
    fn build(self) -> HolidayCalendar {
        match self {
            Cal::Weekends => HolidayCalendar::weekends_only(),
            Cal::Tiaoxiu => tiaoxiu(),
        }
    }
}

struct AdjustCase {
    name: &'static str,
    convention: BusinessDayConvention,
    calendar: Cal,
    date: (i32, u32, u32),
    expected: (i32, u32, u32),
}

// Source: hand-derived from the convention definitions; weekdays checked
// by hand (2026-05-30 and 2025-10-11 are Saturdays, 2025-09-28 a Sunday,
// 2025-10-01 a Wednesday).
#[rustfmt::skip]
const ADJUST_CASES: &[AdjustCase] = &[
    AdjustCase { name: "business day is unchanged", convention: BusinessDayConvention::Following, calendar: Cal::Weekends, date: (2026, 5, 29), expected: (2026, 5, 29) },
    AdjustCase { name: "unadjusted keeps a Saturday", convention: BusinessDayConvention::Unadjusted, calendar: Cal::Weekends, date: (2026, 5, 30), expected: (2026, 5, 30) },
    AdjustCase { name: "following over a weekend", convention: BusinessDayConvention::Following, calendar: Cal::Weekends, date: (2026, 5, 16), expected: (2026, 5, 18) },
    AdjustCase { name: "following crosses the month end", convention: BusinessDayConvention::Following, calendar: Cal::Weekends, date: (2026, 5, 30), expected: (2026, 6, 1) },
    AdjustCase { name: "modified following mid-month acts as following", convention: BusinessDayConvention::ModifiedFollowing, calendar: Cal::Weekends, date: (2026, 5, 16), expected: (2026, 5, 18) },
    AdjustCase { name: "modified following at month end, Saturday 30th", convention: BusinessDayConvention::ModifiedFollowing, calendar: Cal::Weekends, date: (2026, 5, 30), expected: (2026, 5, 29) },
    AdjustCase { name: "modified following at month end, Sunday 31st", convention: BusinessDayConvention::ModifiedFollowing, calendar: Cal::Weekends, date: (2026, 5, 31), expected: (2026, 5, 29) },
    AdjustCase { name: "preceding over a weekend", convention: BusinessDayConvention::Preceding, calendar: Cal::Weekends, date: (2026, 5, 31), expected: (2026, 5, 29) },
    AdjustCase { name: "preceding crosses the month start", convention: BusinessDayConvention::Preceding, calendar: Cal::Weekends, date: (2026, 8, 1), expected: (2026, 7, 31) },
    AdjustCase { name: "modified preceding at month start acts as following", convention: BusinessDayConvention::ModifiedPreceding, calendar: Cal::Weekends, date: (2026, 8, 1), expected: (2026, 8, 3) },
    AdjustCase { name: "modified preceding mid-month acts as preceding", convention: BusinessDayConvention::ModifiedPreceding, calendar: Cal::Weekends, date: (2026, 5, 17), expected: (2026, 5, 15) },
    AdjustCase { name: "following over a holiday block", convention: BusinessDayConvention::Following, calendar: Cal::Tiaoxiu, date: (2025, 10, 1), expected: (2025, 10, 9) },
    AdjustCase { name: "preceding over a holiday block into the previous month", convention: BusinessDayConvention::Preceding, calendar: Cal::Tiaoxiu, date: (2025, 10, 5), expected: (2025, 9, 30) },
    AdjustCase { name: "modified preceding over a holiday block stays in the month", convention: BusinessDayConvention::ModifiedPreceding, calendar: Cal::Tiaoxiu, date: (2025, 10, 5), expected: (2025, 10, 9) },
    AdjustCase { name: "tiaoxiu working Sunday is a business day", convention: BusinessDayConvention::Following, calendar: Cal::Tiaoxiu, date: (2025, 9, 28), expected: (2025, 9, 28) },
    AdjustCase { name: "the same Sunday without tiaoxiu rolls", convention: BusinessDayConvention::Following, calendar: Cal::Weekends, date: (2025, 9, 28), expected: (2025, 9, 29) },
    AdjustCase { name: "tiaoxiu working Saturday is a business day", convention: BusinessDayConvention::Preceding, calendar: Cal::Tiaoxiu, date: (2025, 10, 11), expected: (2025, 10, 11) },
    AdjustCase { name: "Sunday after the working Saturday goes back to it", convention: BusinessDayConvention::Preceding, calendar: Cal::Tiaoxiu, date: (2025, 10, 12), expected: (2025, 10, 11) },
    AdjustCase { name: "the same Saturday without tiaoxiu rolls back", convention: BusinessDayConvention::Preceding, calendar: Cal::Weekends, date: (2025, 10, 11), expected: (2025, 10, 10) },
];

#[test]
fn business_day_adjustment() {
    for case in ADJUST_CASES {
        let calendar = case.calendar.build();
        let got = case.convention.adjust(ymd(case.date), &calendar);
        assert_eq!(got, Ok(ymd(case.expected)), "{}", case.name);
        let pairing = DueDateAdjustment::new(case.convention, calendar);
        assert_eq!(
            pairing.adjust(ymd(case.date)),
            Ok(ymd(case.expected)),
            "{}",
            case.name
        );
    }
}

struct AddCase {
    name: &'static str,
    calendar: Cal,
    date: (i32, u32, u32),
    n: i64,
    expected: (i32, u32, u32),
}

// Source: hand-derived.
#[rustfmt::skip]
const ADD_CASES: &[AddCase] = &[
    AddCase { name: "zero keeps the date, even a Saturday", calendar: Cal::Weekends, date: (2026, 5, 30), n: 0, expected: (2026, 5, 30) },
    AddCase { name: "Friday + 1 is Monday", calendar: Cal::Weekends, date: (2026, 5, 29), n: 1, expected: (2026, 6, 1) },
    AddCase { name: "Friday + 2 is Tuesday", calendar: Cal::Weekends, date: (2026, 5, 29), n: 2, expected: (2026, 6, 2) },
    AddCase { name: "Saturday + 1 is Monday", calendar: Cal::Weekends, date: (2026, 5, 30), n: 1, expected: (2026, 6, 1) },
    AddCase { name: "Monday - 1 is Friday", calendar: Cal::Weekends, date: (2026, 6, 1), n: -1, expected: (2026, 5, 29) },
    AddCase { name: "ten business days is two weeks", calendar: Cal::Weekends, date: (2026, 5, 4), n: 10, expected: (2026, 5, 18) },
    AddCase { name: "Friday + 1 is the working Sunday", calendar: Cal::Tiaoxiu, date: (2025, 9, 26), n: 1, expected: (2025, 9, 28) },
    AddCase { name: "over the holiday block", calendar: Cal::Tiaoxiu, date: (2025, 9, 30), n: 1, expected: (2025, 10, 9) },
    AddCase { name: "back over the holiday block", calendar: Cal::Tiaoxiu, date: (2025, 10, 9), n: -1, expected: (2025, 9, 30) },
    AddCase { name: "Friday + 1 is the working Saturday", calendar: Cal::Tiaoxiu, date: (2025, 10, 10), n: 1, expected: (2025, 10, 11) },
];

#[test]
fn add_business_days() {
    for case in ADD_CASES {
        let got = case
            .calendar
            .build()
            .add_business_days(ymd(case.date), case.n);
        assert_eq!(got, Ok(ymd(case.expected)), "{}", case.name);
    }
}

#[test]
fn add_business_days_out_of_range() {
    let cal = HolidayCalendar::weekends_only();
    let err = cal
        .add_business_days(date(2026, 1, 1), i64::MAX)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "date out of range in `add_business_days({})`: `2026-01-01`",
            i64::MAX
        )
    );
    assert!(matches!(
        cal.add_business_days(date(2026, 1, 1), i64::MIN),
        Err(Error::DateOutOfRange { .. })
    ));
    assert!(matches!(
        cal.add_business_days(NaiveDate::MAX, 1),
        Err(Error::DateOutOfRange { .. })
    ));
    assert!(matches!(
        cal.add_business_days(NaiveDate::MIN, -1),
        Err(Error::DateOutOfRange { .. })
    ));
}

#[test]
fn adjust_at_the_end_of_chrono_range() {
    let cal = HolidayCalendar::new(
        "edges",
        [Weekday::Sat, Weekday::Sun],
        [NaiveDate::MAX, NaiveDate::MIN],
        [],
    )
    .expect("valid");
    let err = BusinessDayConvention::Following
        .adjust(NaiveDate::MAX, &cal)
        .unwrap_err();
    assert_eq!(
        err,
        Error::date_out_of_range("following business day", NaiveDate::MAX)
    );
    let err = BusinessDayConvention::Preceding
        .adjust(NaiveDate::MIN, &cal)
        .unwrap_err();
    assert_eq!(
        err,
        Error::date_out_of_range("preceding business day", NaiveDate::MIN)
    );
    // Modified Following at the very end goes back instead.
    let back = BusinessDayConvention::ModifiedFollowing.adjust(NaiveDate::MAX, &cal);
    assert!(matches!(back, Ok(day) if day < NaiveDate::MAX && cal.is_business_day(day)));
}

#[test]
fn no_business_day_within_search_limit() {
    // Every day from 2026-01-01 to 2027-01-31 is a holiday.
    let start = date(2026, 1, 1);
    let holidays = start.iter_days().take_while(|d| *d <= date(2027, 1, 31));
    let cal = HolidayCalendar::new("closed", [Weekday::Sun], holidays, []).expect("valid");
    let err = BusinessDayConvention::Following
        .adjust(start, &cal)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `date` value `2026-01-01`: no business day on or within 366 days after it in calendar `closed`"
    );
    let err = BusinessDayConvention::Preceding
        .adjust(date(2027, 1, 31), &cal)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `date` value `2027-01-31`: no business day on or within 366 days before it in calendar `closed`"
    );
    // Searching the other way finds one at once.
    assert_eq!(
        BusinessDayConvention::Preceding.adjust(start, &cal),
        Ok(date(2025, 12, 31))
    );
    assert!(cal.add_business_days(date(2025, 12, 31), 1).is_err());
}

// -----------------------------------------------------------------------
// Calendar validation and serde
// -----------------------------------------------------------------------

#[test]
fn calendar_with_seven_weekend_days_is_rejected() {
    let all = [
        Weekday::Sun,
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ];
    let err = HolidayCalendar::new("never", all, [], []).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: `calendar.weekend` = `Mon, Tue, Wed, Thu, Fri, Sat, Sun`: covers all seven days of the week; a calendar needs at least one business weekday"
    );
}

#[test]
fn date_both_holiday_and_working_day_is_rejected() {
    let sunday = date(2025, 9, 28);
    let err =
        HolidayCalendar::new("both", [Weekday::Sat, Weekday::Sun], [sunday], [sunday]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: `calendar.working_days` = `2025-09-28`: is also listed in `calendar.holidays`; a date cannot be both a holiday and a working day"
    );
}

#[test]
fn calendar_reports_every_problem() {
    let tuesday = date(2025, 9, 30);
    let err = HolidayCalendar::new(
        " ",
        [Weekday::Sat, Weekday::Sun, Weekday::Sat],
        [tuesday],
        [tuesday],
    )
    .unwrap_err();
    let Error::InvalidPolicy { problems } = err else {
        panic!("expected InvalidPolicy, got {err:?}");
    };
    let paths: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.path.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("calendar.name", " "),
            ("calendar.weekend", "Sat"),
            ("calendar.working_days", "2025-09-30"),
            ("calendar.working_days", "2025-09-30"),
        ]
    );
    assert_eq!(
        problems[3].message,
        "falls on `Tue`, which is not a weekend day, so it is a working day already"
    );
}

#[test]
fn calendar_accessors_and_normalised_weekend() {
    let cal = HolidayCalendar::new("x", [Weekday::Sun, Weekday::Fri], [date(2026, 1, 1)], [])
        .expect("valid");
    assert_eq!(cal.name(), "x");
    assert_eq!(cal.weekend(), [Weekday::Fri, Weekday::Sun]);
    assert_eq!(cal.holidays().len(), 1);
    assert!(cal.working_days().is_empty());
    assert_eq!(HolidayCalendar::default(), HolidayCalendar::weekends_only());
    // A holiday on a weekend day is allowed.
    assert!(
        HolidayCalendar::new("x", [Weekday::Sat, Weekday::Sun], [date(2026, 5, 30)], []).is_ok()
    );
}

#[test]
fn calendar_serde() {
    let cal = tiaoxiu();
    let json = serde_json::to_string(&cal).expect("serializes");
    assert_eq!(
        json,
        r#"{"name":"tiaoxiu fixture","weekend":["Sat","Sun"],"holidays":["2025-10-01","2025-10-02","2025-10-03","2025-10-04","2025-10-05","2025-10-06","2025-10-07","2025-10-08"],"working_days":["2025-09-28","2025-10-11"]}"#
    );
    let back: HolidayCalendar = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, cal);

    // Optional lists, long weekday names.
    let minimal: HolidayCalendar =
        serde_json::from_str(r#"{"name":"weekends","weekend":["Saturday","Sunday"]}"#)
            .expect("deserializes");
    assert_eq!(minimal, HolidayCalendar::weekends_only());

    // Reading validates like `new`.
    let err = serde_json::from_str::<HolidayCalendar>(
        r#"{"name":"both","weekend":["Sat","Sun"],"holidays":["2025-09-28"],"working_days":["2025-09-28"]}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("a date cannot be both a holiday and a working day"),
        "{err}"
    );
    assert!(serde_json::from_str::<HolidayCalendar>(
        r#"{"name":"x","weekend":["Sat"],"extra":true}"#
    )
    .is_err());
}

#[test]
fn due_date_adjustment_serde() {
    let adjustment = DueDateAdjustment::new(
        BusinessDayConvention::ModifiedFollowing,
        HolidayCalendar::weekends_only(),
    );
    let json = serde_json::to_string(&adjustment).expect("serializes");
    assert_eq!(
        json,
        r#"{"convention":"modified_following","calendar":{"name":"weekends","weekend":["Sat","Sun"],"holidays":[],"working_days":[]}}"#
    );
    let back: DueDateAdjustment = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, adjustment);
    assert_eq!(back.adjust(date(2026, 5, 30)), Ok(date(2026, 5, 29)));
    assert!(serde_json::from_str::<DueDateAdjustment>(
        r#"{"convention":"following","calendar":{"name":"w","weekend":["Sat"]},"extra":1}"#
    )
    .is_err());
    let default = DueDateAdjustment::default();
    assert_eq!(default.convention, BusinessDayConvention::Unadjusted);
    assert_eq!(default.adjust(date(2026, 5, 30)), Ok(date(2026, 5, 30)));
}
