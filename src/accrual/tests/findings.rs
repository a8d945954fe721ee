//! Findings: what a reviewer should look at in a valid policy.

use super::*;

/// A rate written as a percent where a fraction is meant (`"18"` for
/// 18 %) is valid, and reads as 1,800 % a year: a finding names each
/// penalty or cap rate above 1 (found by a review; fee fractions above 1
/// are invalid already). The `cn` and `us` presets have none.
#[test]
fn percent_slips_are_findings() {
    let slip = AccrualPolicy::new("p")
        .with_penalty(PenaltyRule {
            rule: RuleRef::new("p", "", RuleStatus::Unverified),
            rate: PenaltyRate::Explicit {
                rate: Rate::from_fraction(dec("18")).unwrap(),
            },
            day_count: None,
            compound: false,
            compound_rule: None,
        })
        .with_caps(Caps {
            annualized: Some(AnnualizedCap {
                rule: RuleRef::new("c", "", RuleStatus::Unverified),
                rate: CapRate::Fixed {
                    rate: Rate::from_fraction(dec("24")).unwrap(),
                },
                day_count: None,
                excess: CapExcess::Waived,
                base: CapBase::OutstandingPrincipal,
                rate_rule: None,
            }),
            ..Caps::default()
        });
    slip.validate().unwrap();
    let fields: Vec<String> = slip.findings().iter().map(|p| p.path.clone()).collect();
    assert_eq!(fields, ["penalty.rate.rate", "caps.annualized.rate.rate"]);
    assert_eq!(
        slip.findings()[0].to_string(),
        "`penalty.rate.rate` = `18`: above 1 (100 %): rates are fractions, so this reads as more \
         than 100 % (a percent written as a fraction?)"
    );
    // An unbanded markup of 40 (4,000 %) too; a banded one is held to its
    // band by validation.
    let unbanded = AccrualPolicy::new("m").with_penalty(PenaltyRule {
        rule: RuleRef::new("p", "", RuleStatus::Unverified),
        rate: PenaltyRate::Markup {
            markup: dec("40"),
            band: MarkupBand::Unchecked,
        },
        day_count: None,
        compound: false,
        compound_rule: None,
    });
    unbanded.validate().unwrap();
    assert_eq!(unbanded.findings()[0].path, "penalty.rate.markup");
    assert!(cn().findings().is_empty());
    assert!(AccrualPolicy::us().findings().is_empty());
}
