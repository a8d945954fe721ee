//! The `cn`, `us` and `uk` [`ContactPolicy`] presets (RULES.md §5–8).

use super::model::{Channel, Role, Zone};
use super::policy::{
    hm, CnDaily, ContactPolicy, FlagRules, RawContactPolicy, RecordingRule, RegFFrequency,
    ThirdPartyRules, VisitRules, WindowRule, ZoneSource,
};
use crate::rule::{RuleRef, RuleStatus};

impl ContactPolicy {
    /// China: `[08:00, 22:00)` Asia/Shanghai for every channel, consent lifts
    /// it; ≤ 3 effective conversations per debtor and ≤ 6 unanswered dials per
    /// number per day; contacts only when the debtor is unreachable; two
    /// collectors with ID on visits; calls recorded and kept 2 years.
    pub fn cn() -> ContactPolicy {
        let s = RuleStatus::Secondary;
        let raw = RawContactPolicy {
            zones: ZoneSource::Fixed(Zone::SHANGHAI),
            windows: vec![WindowRule {
                rule: RuleRef::new(
                    "cn.gbt45251.time_window",
                    "GB/T 45251-2025; CBA 2026 guide: no collection 22:00-08:00",
                    s,
                ),
                channels: vec![],
                start: hm(8, 0),
                end: hm(22, 0),
                closed: vec![],
                skip_debtor_initiated: true,
            }],
            holidays: vec![],
            consent_lifts_windows: Some(RuleRef::new(
                "cn.consent.time_window",
                "GB/T 45251-2025; CBA 2026: debtor's recorded consent",
                s,
            )),
            reg_f: None,
            cn_daily: Some(CnDaily {
                conversations_rule: RuleRef::new(
                    "cn.gbt45251.effective_conversations",
                    "GB/T 45251-2025: <= 3 effective conversations per debtor per day; 'effective' interp. [U]",
                    s,
                ),
                max_conversations: 3,
                dials_rule: RuleRef::new(
                    "cn.cba2026.unanswered_dials",
                    "CBA 2026 guide: <= 6 unanswered dials per number per day",
                    s,
                ),
                max_unanswered_dials: 6,
                zone: Zone::SHANGHAI,
            }),
            counters: vec![],
            flags: FlagRules {
                cease: None,
                attorney: None,
                opt_out: None,
                inconvenient: None,
                workplace: None,
                dispute: None,
                breathing_space: None,
                bankruptcy: None,
                deceased: None,
                time_barred: Some(RuleRef::new(
                    "cn.civil_code.art188",
                    "民法典 Art. 188: 3-year limitation",
                    RuleStatus::Verified,
                )),
                reply_hours: 24,
            },
            third_party: Some(ThirdPartyRules::Cn {
                when: RuleRef::new("cn.contacts.when", "GB/T 45251; CBA 2026", s),
                purpose: RuleRef::new("cn.contacts.purpose", "GB/T 45251; CBA 2026", s),
                suppress: RuleRef::new("cn.contacts.suppress", "GB/T 45251; CBA 2026", s),
                blast: RuleRef::new(
                    "cn.phonebook_blast",
                    "爆通讯录; PIPL Art. 25; threshold interp. [U]",
                    s,
                ),
                blast_contacts: 3,
            }),
            visits: Some(VisitRules {
                rule: RuleRef::new(
                    "cn.gbt45251.visit",
                    "GB/T 45251; CBA 2026: two collectors, ID shown; entry only with consent [U] (an appointment is the lender's option, `appointment_required`: not in RULES.md)",
                    RuleStatus::Unverified,
                ),
                min_collectors: 2,
                id_required: true,
                appointment_required: false,
            }),
            recording: Some(RecordingRule {
                rule: RuleRef::new(
                    "cn.card_rules_2011.art68",
                    "信用卡业务监督管理办法 Art. 68: record calls, keep >= 2 years",
                    s,
                ),
                channels: vec![Channel::Call],
                // Two years hold 731 days when they take in a 29 February.
                retention_days: 731,
            }),
            limited_content: None,
            identity: None,
        };
        ContactPolicy { raw }
    }

    /// United States (Reg F): `[08:00, 21:00)` in every known zone (fallback:
    /// contiguous US), the 7-in-7 and 7-days-after-conversation presumptions,
    /// cease, attorney, opt-outs, inconvenient times and places, workplace,
    /// dispute, bankruptcy, third-party location rules.
    pub fn us() -> ContactPolicy {
        let v = RuleStatus::Verified;
        let u = RuleStatus::Unverified;
        let fallback = [
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
        ]
        .iter()
        .filter_map(|n| Zone::new(n).ok())
        .collect();
        let raw = RawContactPolicy {
            zones: ZoneSource::DebtorLocations { fallback },
            windows: vec![WindowRule {
                rule: RuleRef::new(
                    "us.reg_f.time_window",
                    "12 CFR 1006.6(b)(1)(i), cmt 6(b)(1)(i)-2; half-open boundary interp. [U]",
                    v,
                ),
                channels: vec![],
                start: hm(8, 0),
                end: hm(21, 0),
                closed: vec![],
                skip_debtor_initiated: true,
            }],
            holidays: vec![],
            consent_lifts_windows: Some(RuleRef::new(
                "us.reg_f.time_window.consent",
                "12 CFR 1006.6(b)(4): prior consent given directly to the collector",
                v,
            )),
            reg_f: Some(RegFFrequency {
                rule: RuleRef::new("us.reg_f.call_frequency", "12 CFR 1006.14(b)(2)", v),
                max_calls: 7,
                window_days: 7,
                days_after_conversation: 7,
                consent_days: 7,
                excluded_roles: vec![Role::DebtorAttorney],
                rebuttal: RuleRef::new(
                    "us.reg_f.rebuttal_flags",
                    "12 CFR 1006.14(b)(2), cmt 14(b)(2)(ii); thresholds interp. [U]",
                    u,
                ),
                rapid_minutes: 5,
                concentration_per_day: 7,
            }),
            cn_daily: None,
            counters: vec![],
            flags: FlagRules {
                cease: Some(RuleRef::new("us.reg_f.cease", "12 CFR 1006.6(c)", v)),
                attorney: Some(RuleRef::new("us.reg_f.attorney", "12 CFR 1006.6(b)(2)", v)),
                opt_out: Some(RuleRef::new(
                    "us.reg_f.medium_opt_out",
                    "12 CFR 1006.14(h)",
                    v,
                )),
                inconvenient: Some(RuleRef::new(
                    "us.reg_f.inconvenient",
                    "12 CFR 1006.6(b)(1), cmt 6(b)(1)-1/-2",
                    v,
                )),
                workplace: Some(RuleRef::new("us.reg_f.workplace", "12 CFR 1006.6(b)(3)", v)),
                dispute: Some(RuleRef::new(
                    "us.fdcpa.dispute",
                    "15 USC 1692g(b): collection stops until verification (interp. [U])",
                    u,
                )),
                breathing_space: None,
                bankruptcy: Some(RuleRef::new(
                    "us.bankruptcy.stay",
                    "11 USC 362 automatic stay (interp. [U])",
                    u,
                )),
                deceased: Some(RuleRef::new(
                    "us.reg_f.deceased",
                    "12 CFR 1006.6(a)(4): contact the estate, not the deceased (interp. [U])",
                    u,
                )),
                time_barred: Some(RuleRef::new("us.reg_f.time_barred", "12 CFR 1006.26", v)),
                reply_hours: 24,
            },
            third_party: Some(ThirdPartyRules::Us {
                purpose: RuleRef::new("us.reg_f.1006_6d", "12 CFR 1006.6(d)", v),
                disclosure: RuleRef::new("us.reg_f.1006_10b", "12 CFR 1006.10(b)", v),
                once: RuleRef::new("us.reg_f.1006_10c", "12 CFR 1006.10(c)", v),
            }),
            visits: None,
            recording: None,
            limited_content: Some(RuleRef::new(
                "us.reg_f.lcm",
                "12 CFR 1006.2(j); CFPB FAQ (cut-off message) [S]; content judged by compliance::language::classify_voicemail",
                v,
            )),
            identity: None,
        };
        ContactPolicy { raw }
    }

    /// United Kingdom (CONC 7.9, \[S\]/\[U\] defaults): `[08:00, 21:00)`
    /// Europe/London, customer preferences binding, breathing space, no
    /// numeric frequency cap (add [`Counter`](super::Counter)s).
    pub fn uk() -> ContactPolicy {
        let s = RuleStatus::Secondary;
        let raw = RawContactPolicy {
            zones: ZoneSource::Fixed(Zone::LONDON),
            windows: vec![WindowRule {
                rule: RuleRef::new(
                    "uk.conc.7_9.time_window",
                    "FCA CONC 7.9: no unreasonable times; 08:00-21:00 convention [U]",
                    RuleStatus::Unverified,
                ),
                channels: vec![],
                start: hm(8, 0),
                end: hm(21, 0),
                closed: vec![],
                skip_debtor_initiated: true,
            }],
            holidays: vec![],
            consent_lifts_windows: None,
            reg_f: None,
            cn_daily: None,
            counters: vec![],
            flags: FlagRules {
                cease: None,
                attorney: None,
                opt_out: Some(RuleRef::new("uk.conc.7_9.preferences", "FCA CONC 7.9", s)),
                inconvenient: Some(RuleRef::new("uk.conc.7_9.preferences", "FCA CONC 7.9", s)),
                workplace: None,
                dispute: None,
                breathing_space: Some(RuleRef::new(
                    "uk.breathing_space",
                    "Debt Respite Scheme (Breathing Space Moratorium) Regulations 2020",
                    s,
                )),
                bankruptcy: None,
                deceased: None,
                time_barred: Some(RuleRef::new("uk.conc.7_15", "FCA CONC 7.15", s)),
                reply_hours: 24,
            },
            third_party: Some(ThirdPartyRules::Uk {
                disclosure: RuleRef::new(
                    "uk.conc.7_9.third_party",
                    "FCA CONC 7.9: do not disclose the debt to third parties",
                    s,
                ),
            }),
            visits: None,
            recording: None,
            limited_content: None,
            identity: Some(RuleRef::new(
                "uk.conc.7_9.identity",
                "FCA CONC 7.9: verify identity before disclosing debt details",
                s,
            )),
        };
        ContactPolicy { raw }
    }
}
