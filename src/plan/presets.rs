//! The `cn`, `us` and `uk` presets (RULES.md §4). Every figure tagged
//! `[S]` or `[U]` is a default that a policy file may change.

use rust_decimal::Decimal;

use super::policy::*;
use super::request::{AccountFlag, ForbearanceOption, Requirement, TermKind};
use crate::delinquency::RuleStatus::{self, Secondary, Unverified};
use crate::loan::Component;
use crate::money::Currency;

fn r(id: &str, citation: &str, status: RuleStatus) -> RuleRef {
    RuleRef::new(id, citation, status)
}

fn count(value: u32, rule: RuleRef) -> Option<CountLimit> {
    Some(CountLimit { value, rule })
}

fn pct(percent: i64, rule: RuleRef) -> Option<PercentLimit> {
    Some(PercentLimit {
        percent: Decimal::from(percent),
        rule,
    })
}

fn waiver(component: Component, percent: i64, rule: RuleRef) -> WaiverLimit {
    WaiverLimit {
        component,
        percent: Decimal::from(percent),
        rule,
    }
}

fn discount_band(min_dpd: u32, percent: i64, rule: RuleRef) -> Band {
    Band {
        min_dpd,
        max_dpd: None,
        product: None,
        min_balance: None,
        limits: Limits {
            max_discount: pct(percent, rule),
            ..Limits::default()
        },
    }
}

fn flags(list: &[(AccountFlag, &str, &str, RuleStatus)]) -> Vec<FlagRule> {
    list.iter()
        .map(|(flag, id, cite, st)| FlagRule {
            flag: *flag,
            rule: r(id, cite, *st),
        })
        .collect()
}

fn conduct(list: &[(Requirement, &str, &str, RuleStatus)]) -> Vec<ConductRule> {
    list.iter()
        .map(|(forbids, id, cite, st)| ConductRule {
            forbids: *forbids,
            rule: r(id, cite, *st),
        })
        .collect()
}

const UK_7_3_10R: &str = "FCA CONC 7.3.10R: no pressure to pay in one or very few or \
    unreasonably large payments, or to raise funds by selling property or borrowing";

impl NegotiationPolicy {
    /// China (CNY): `cn.card_rules_2011.art70` `[S]` caps a personalised
    /// instalment plan (个性化分期) at 60 months; `cn.cba2026.no_new_borrowing`
    /// `[S]` bars requiring new borrowing. Every other figure is an industry
    /// default `[U]`: min installment CNY 100, down payment ≥ 0 %, penalty
    /// and fee waivers up to 100 %, interest waivers up to 50 %, settlement
    /// discount up to 20 % (30 % from 91 DPD, 50 % from 181 DPD), interest
    /// may be frozen for up to 60 months, deferral ≤ 90 days, promise to pay
    /// ≤ 30 days, installment ≤ 50 % of declared income, supervisor above
    /// CNY 5,000 waived and committee above CNY 50,000; at most one plan in
    /// 12 months and none within 180 days of a broken one; no plan for a
    /// disputed, deceased, bankrupt or fraud account.
    pub fn cn() -> NegotiationPolicy {
        let u = |id: &str, cite: &str| r(id, cite, Unverified);
        NegotiationPolicy {
            id: "cn".to_owned(),
            currency: Currency::CNY,
            eligibility: Eligibility {
                dpd: Some(DpdRange {
                    min: 1,
                    max: None,
                    rule: u(
                        "cn.plan.in_arrears",
                        "个性化分期 is for accounts in arrears (industry practice)",
                    ),
                }),
                products: None,
                max_plans_12_months: count(
                    1,
                    u("cn.plan.max_plans_12_months", "industry practice"),
                ),
                broken_plan_cooldown_days: count(
                    180,
                    u("cn.plan.broken_plan_cooldown", "industry practice"),
                ),
                forbidden_flags: flags(&[
                    (
                        AccountFlag::Dispute,
                        "cn.plan.flag.dispute",
                        "industry practice",
                        Unverified,
                    ),
                    (
                        AccountFlag::Deceased,
                        "cn.plan.flag.deceased",
                        "industry practice",
                        Unverified,
                    ),
                    (
                        AccountFlag::Bankruptcy,
                        "cn.plan.flag.bankruptcy",
                        "深圳经济特区个人破产条例; industry practice",
                        Unverified,
                    ),
                    (
                        AccountFlag::Fraud,
                        "cn.plan.flag.fraud",
                        "industry practice",
                        Unverified,
                    ),
                ]),
            },
            limits: Limits {
                max_installments: None,
                max_term_months: count(
                    60,
                    r(
                        "cn.card_rules_2011.art70",
                        "商业银行信用卡业务监督管理办法 (2011) 第七十条: 个性化分期 ≤ 5 年",
                        Secondary,
                    ),
                ),
                min_installment: Some(AmountLimit {
                    amount: Decimal::from(100),
                    rule: u("cn.plan.min_installment", "industry practice"),
                }),
                min_down_payment: None,
                max_waiver: vec![
                    waiver(
                        Component::Penalty,
                        100,
                        u("cn.plan.waiver.penalty", "industry practice"),
                    ),
                    waiver(
                        Component::Fee,
                        100,
                        u("cn.plan.waiver.fee", "industry practice"),
                    ),
                    waiver(
                        Component::Interest,
                        50,
                        u("cn.plan.waiver.interest", "industry practice"),
                    ),
                ],
                max_discount: pct(20, u("cn.plan.max_discount", "industry practice")),
                interest: Some(InterestRule {
                    floor: InterestFloor::Frozen,
                    max_months: Some(60),
                    rule: u("cn.plan.interest", "industry practice"),
                }),
                max_deferral_days: count(90, u("cn.plan.max_deferral_days", "industry practice")),
                max_promise_days: count(30, u("cn.plan.max_promise_days", "industry practice")),
            },
            bands: vec![
                discount_band(
                    91,
                    30,
                    u("cn.plan.max_discount.dpd_91", "industry practice"),
                ),
                discount_band(
                    181,
                    50,
                    u("cn.plan.max_discount.dpd_181", "industry practice"),
                ),
            ],
            affordability: Some(Affordability {
                percent: Decimal::from(50),
                basis: IncomeBasis::Income,
                rule: u("cn.plan.affordability", "industry practice"),
            }),
            approval: Some(ApprovalLimits {
                supervisor_above: Some(Decimal::from(5_000)),
                committee_above: Some(Decimal::from(50_000)),
                rule: u("cn.plan.approval", "industry practice"),
            }),
            terms: TermRules {
                allowed: vec![
                    TermKind::Installments,
                    TermKind::ReAge,
                    TermKind::Settlement,
                    TermKind::PromiseToPay,
                    TermKind::Deferral,
                    TermKind::DueDateChange,
                    TermKind::RateChange,
                    TermKind::Waiver,
                ],
                incompatible: Vec::new(),
                rule: u("cn.plan.terms", "terms offered (industry practice)"),
            },
            conduct: conduct(&[
                (
                    Requirement::NewBorrowing,
                    "cn.cba2026.no_new_borrowing",
                    "中银协 2026 催收指引 prohibition 4: no inducing or forcing new borrowing",
                    Secondary,
                ),
                (
                    Requirement::SaleOfHome,
                    "cn.plan.never_require",
                    "engine guard-rail (RULES.md §4), interp.",
                    Unverified,
                ),
                (
                    Requirement::LumpSum,
                    "cn.plan.never_require",
                    "engine guard-rail (RULES.md §4), interp.",
                    Unverified,
                ),
            ]),
            forbearance: vec![
                ForbearanceOption::TermExtension,
                ForbearanceOption::InterestReduction,
                ForbearanceOption::InterestFreeze,
                ForbearanceOption::ChargeWaiver,
                ForbearanceOption::ArrearsDeferral,
            ],
        }
    }

    /// United States (USD). No statute caps plan terms; every figure is an
    /// industry default `[U]`: ≤ 60 installments of at least USD 25, fee and
    /// penalty waivers up to 100 %, interest up to 50 %, settlement
    /// discount up to 40 % (60 % from 181 DPD), interest may be reduced down
    /// to 0 % (a freeze, in effect) for up to 60 months, deferral ≤ 90 days, promise ≤ 30 days, installment ≤ 40 % of
    /// declared income, supervisor above USD 1,000 and committee above USD
    /// 10,000 waived. A disputed debt (`us.reg_f.disputed`, interp.), a
    /// bankruptcy (automatic stay) or a deceased debtor bars a plan.
    pub fn us() -> NegotiationPolicy {
        let u = |id: &str, cite: &str| r(id, cite, Unverified);
        NegotiationPolicy {
            id: "us".to_owned(),
            currency: Currency::USD,
            eligibility: Eligibility {
                dpd: None,
                products: None,
                max_plans_12_months: count(
                    2,
                    u("us.plan.max_plans_12_months", "industry practice"),
                ),
                broken_plan_cooldown_days: count(
                    90,
                    u("us.plan.broken_plan_cooldown", "industry practice"),
                ),
                forbidden_flags: flags(&[
                    (
                        AccountFlag::Dispute,
                        "us.reg_f.disputed",
                        "12 CFR 1006.30(c), 1006.18(c)(2); plan bar is interp.",
                        Unverified,
                    ),
                    (
                        AccountFlag::Bankruptcy,
                        "us.plan.flag.bankruptcy",
                        "automatic stay (11 U.S.C. 362), not researched",
                        Unverified,
                    ),
                    (
                        AccountFlag::Deceased,
                        "us.plan.flag.deceased",
                        "industry practice",
                        Unverified,
                    ),
                ]),
            },
            limits: Limits {
                max_installments: count(60, u("us.plan.max_installments", "industry practice")),
                max_term_months: None,
                min_installment: Some(AmountLimit {
                    amount: Decimal::from(25),
                    rule: u("us.plan.min_installment", "industry practice"),
                }),
                min_down_payment: None,
                max_waiver: vec![
                    waiver(
                        Component::Penalty,
                        100,
                        u("us.plan.waiver.penalty", "industry practice"),
                    ),
                    waiver(
                        Component::Fee,
                        100,
                        u("us.plan.waiver.fee", "industry practice"),
                    ),
                    waiver(
                        Component::Interest,
                        50,
                        u("us.plan.waiver.interest", "industry practice"),
                    ),
                ],
                max_discount: pct(40, u("us.plan.max_discount", "industry practice")),
                interest: Some(InterestRule {
                    floor: InterestFloor::Reduced {
                        rate: crate::money::Rate::ZERO,
                    },
                    max_months: Some(60),
                    rule: u("us.plan.interest", "industry practice"),
                }),
                max_deferral_days: count(90, u("us.plan.max_deferral_days", "industry practice")),
                max_promise_days: count(30, u("us.plan.max_promise_days", "industry practice")),
            },
            bands: vec![discount_band(
                181,
                60,
                u("us.plan.max_discount.dpd_181", "industry practice"),
            )],
            affordability: Some(Affordability {
                percent: Decimal::from(40),
                basis: IncomeBasis::Income,
                rule: u("us.plan.affordability", "industry practice"),
            }),
            approval: Some(ApprovalLimits {
                supervisor_above: Some(Decimal::from(1_000)),
                committee_above: Some(Decimal::from(10_000)),
                rule: u("us.plan.approval", "industry practice"),
            }),
            terms: TermRules {
                allowed: vec![
                    TermKind::Installments,
                    TermKind::ReAge,
                    TermKind::Settlement,
                    TermKind::PromiseToPay,
                    TermKind::Deferral,
                    TermKind::DueDateChange,
                    TermKind::RateChange,
                    TermKind::Waiver,
                ],
                incompatible: Vec::new(),
                rule: u("us.plan.terms", "terms offered (industry practice)"),
            },
            conduct: conduct(&[
                (
                    Requirement::NewBorrowing,
                    "us.plan.never_require",
                    "engine guard-rail (RULES.md §4), interp.",
                    Unverified,
                ),
                (
                    Requirement::SaleOfHome,
                    "us.plan.never_require",
                    "engine guard-rail (RULES.md §4), interp.",
                    Unverified,
                ),
                (
                    Requirement::LumpSum,
                    "us.plan.never_require",
                    "engine guard-rail (RULES.md §4), interp.",
                    Unverified,
                ),
            ]),
            forbearance: vec![
                ForbearanceOption::TermExtension,
                ForbearanceOption::InterestReduction,
                ForbearanceOption::ChargeWaiver,
                ForbearanceOption::ArrearsDeferral,
                ForbearanceOption::PaymentHoliday,
            ],
        }
    }

    /// United Kingdom (GBP): forbearance first (`uk.conc.7_3_4R`,
    /// `uk.conc.7_3_options` `[S]`): customers in or approaching arrears
    /// qualify (no DPD minimum), no installment count or minimum (a
    /// reasonable affordable proposal is not refused,
    /// `uk.conc.7_3_no_refusal` `[S]`), charges and interest may be waived
    /// in full and interest frozen, token payments for up to 12 months
    /// `[U]`, referral to debt advice; an installment may take up to 100 %
    /// of disposable income (income − expenses); no plan may require new
    /// borrowing, selling the home or a lump sum (`uk.conc.7_3_10R` `[S]`).
    /// `[U]` defaults: settlement discount ≤ 30 %, deferral ≤ 90 days,
    /// promise ≤ 30 days, supervisor above GBP 500 and committee above GBP
    /// 5,000 waived; a deceased or insolvent debtor bars a plan.
    pub fn uk() -> NegotiationPolicy {
        let u = |id: &str, cite: &str| r(id, cite, Unverified);
        let options = |id: &str| {
            r(
                id,
                "FCA CONC 7.3 (old 7.3.5G/7.3.6G): suspend, reduce, waive or cancel interest or charges",
                Secondary,
            )
        };
        NegotiationPolicy {
            id: "uk".to_owned(),
            currency: Currency::GBP,
            eligibility: Eligibility {
                dpd: None,
                products: None,
                max_plans_12_months: None,
                broken_plan_cooldown_days: None,
                forbidden_flags: flags(&[
                    (
                        AccountFlag::Deceased,
                        "uk.plan.flag.deceased",
                        "industry practice",
                        Unverified,
                    ),
                    (
                        AccountFlag::Bankruptcy,
                        "uk.plan.flag.insolvency",
                        "industry practice",
                        Unverified,
                    ),
                    (
                        AccountFlag::BreathingSpace,
                        "uk.breathing_space",
                        "Debt Respite Scheme (Breathing Space Moratorium and Mental Health Crisis \
                         Moratorium) (England and Wales) Regulations 2020: interest, fees and \
                         charges frozen, enforcement paused during the moratorium",
                        Secondary,
                    ),
                ]),
            },
            limits: Limits {
                max_installments: None,
                max_term_months: None,
                min_installment: None,
                min_down_payment: None,
                max_waiver: vec![
                    waiver(Component::Penalty, 100, options("uk.conc.7_3_options")),
                    waiver(Component::Fee, 100, options("uk.conc.7_3_options")),
                    waiver(Component::Interest, 100, options("uk.conc.7_3_options")),
                ],
                max_discount: pct(30, u("uk.plan.max_discount", "industry practice")),
                interest: Some(InterestRule {
                    floor: InterestFloor::Frozen,
                    max_months: None,
                    rule: options("uk.conc.7_3_options"),
                }),
                max_deferral_days: count(90, u("uk.plan.max_deferral_days", "industry practice")),
                max_promise_days: count(30, u("uk.plan.max_promise_days", "industry practice")),
            },
            bands: Vec::new(),
            affordability: Some(Affordability {
                percent: Decimal::ONE_HUNDRED,
                basis: IncomeBasis::Disposable,
                rule: r("uk.conc.7_3_10R", UK_7_3_10R, Secondary),
            }),
            approval: Some(ApprovalLimits {
                supervisor_above: Some(Decimal::from(500)),
                committee_above: Some(Decimal::from(5_000)),
                rule: u("uk.plan.approval", "industry practice"),
            }),
            terms: TermRules {
                allowed: TermKind::ALL.to_vec(),
                incompatible: Vec::new(),
                rule: r(
                    "uk.conc.7_3_no_refusal",
                    "FCA CONC 7.3: no policy of refusing to negotiate",
                    Secondary,
                ),
            },
            conduct: conduct(&[
                (
                    Requirement::NewBorrowing,
                    "uk.conc.7_3_10R",
                    UK_7_3_10R,
                    Secondary,
                ),
                (
                    Requirement::SaleOfHome,
                    "uk.conc.7_3_10R",
                    UK_7_3_10R,
                    Secondary,
                ),
                (
                    Requirement::LumpSum,
                    "uk.conc.7_3_10R",
                    UK_7_3_10R,
                    Secondary,
                ),
            ]),
            forbearance: vec![
                ForbearanceOption::TermExtension,
                ForbearanceOption::InterestFreeze,
                ForbearanceOption::InterestReduction,
                ForbearanceOption::ChargeWaiver,
                ForbearanceOption::TokenPayments { max_months: 12 },
                ForbearanceOption::ArrearsDeferral,
                ForbearanceOption::PaymentHoliday,
                ForbearanceOption::DebtAdviceReferral,
            ],
        }
    }
}
