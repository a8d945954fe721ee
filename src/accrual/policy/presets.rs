//! The built-in policies: `cn`, `us` and `uk` (RULES.md §2), each rule
//! tagged with its source's status.

use rust_decimal::Decimal;

use super::{
    AccrualPolicy, AnnualizedCap, CapBase, CapExcess, CapRate, Caps, FeeBase, LateFeeRule,
    MarkupBand, PenaltyRate, PenaltyRule, Recurrence, RuleRef,
};
use crate::accrual::tables::LprTable;
use crate::allocation::Waterfall;
use crate::calendar::DayCount;
use crate::delinquency::RuleStatus;
use crate::error::Result;

impl AccrualPolicy {
    /// China bank-loan preset: 罚息 at the contract rate + 50 % (the top of
    /// the 30 %–50 % band, `cn.pboc_2003_251.overdue_markup` \[S\]), held to
    /// 4 × LPR at formation (`cn.spc_private_lending.art28`, whose text is
    /// \[V\]; that it binds banks is \[U\], as for `art29`; the preset
    /// takes the stricter rule where two conflict: a 12 % loan's 18 % runs
    /// at 12 % when the LPR is 3.00 %), with
    /// compounding on overdue interest (`cn.pboc_2003_251.compound` \[U\]),
    /// Act/360 (`cn.bank.day_basis` \[S\]), no separate late fee, and the
    /// 4 × LPR all-in cap (`cn.spc_private_lending.art29`, whose text is
    /// \[V\]; whether it binds banks is \[U\], so the preset's rule is
    /// tagged \[U\]). Half-up daily postings; payments go fee →
    /// penalty → interest → principal (`cn.bank.contract_order` \[U\]).
    pub fn cn() -> Self {
        AccrualPolicy::new("cn")
            .with_waterfall(Waterfall::cn_bank_contract())
            .with_penalty(PenaltyRule {
                rule: RuleRef::new(
                    "cn.pboc_2003_251.overdue_markup",
                    "中国人民银行 银发〔2003〕251号",
                    RuleStatus::Secondary,
                ),
                rate: PenaltyRate::Markup {
                    markup: Decimal::new(5, 1),
                    band: MarkupBand::Overdue,
                },
                day_count: Some(DayCount::Act360),
                compound: true,
                compound_rule: Some(RuleRef::new(
                    "cn.pboc_2003_251.compound",
                    "中国人民银行 银发〔2003〕251号 (复利 on overdue interest)",
                    RuleStatus::Unverified,
                )),
            })
            .with_caps(Caps {
                fees_per_installment: None,
                fees_per_loan: None,
                annualized: Some(AnnualizedCap {
                    rule: RuleRef::new(
                        "cn.spc_private_lending.art29",
                        "最高人民法院 民间借贷司法解释 (2020) 第二十九条; applied to banks: interp. [U]",
                        RuleStatus::Unverified,
                    ),
                    rate: CapRate::LprMultiple {
                        multiple: Decimal::from(4),
                        table: LprTable::published(),
                    },
                    day_count: Some(DayCount::Act365Fixed),
                    excess: CapExcess::Waived,
                    base: CapBase::OutstandingPrincipal,
                    rate_rule: Some(RuleRef::new(
                        "cn.spc_private_lending.art28",
                        "最高人民法院 民间借贷司法解释 (2020) 第二十八条: agreed overdue rate ≤ 4 × LPR at formation; applied to banks: interp. [U]",
                        RuleStatus::Unverified,
                    )),
                }),
            })
    }

    /// The [`AccrualPolicy::cn`] preset with another penalty markup.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`](crate::error::Error::InvalidPolicy) if the markup is outside the 30 %–50 % band.
    pub fn cn_with_markup(markup: Decimal) -> Result<Self> {
        let mut p = AccrualPolicy::cn();
        if let Some(pen) = &mut p.penalty {
            pen.rate = PenaltyRate::Markup {
                markup,
                band: MarkupBand::Overdue,
            };
        }
        p.validate()?;
        Ok(p)
    }

    /// US installment-loan preset \[U\]: no penalty rate; a late charge of
    /// 5 % of the installment, at least 15 and at most 30 currency units,
    /// once per installment, charged on the 15th day past due (an
    /// installment due 02-10 is charged on 02-25: the grace period counts
    /// from the due date; common state-law shape; no federal source). Card penalty fees follow Reg Z
    /// (`us.reg_z.safe_harbor`) through the card accrual.
    pub fn us() -> Self {
        AccrualPolicy::new("us").with_late_fee(LateFeeRule {
            rule: RuleRef::new(
                "us.late_charge.installment",
                "state law; no federal source",
                RuleStatus::Unverified,
            ),
            after_days: 15,
            recurrence: Recurrence::Once,
            base: FeeBase::Installment {
                rate: Decimal::new(5, 2),
            },
            min: Some(Decimal::from(15)),
            max: Some(Decimal::from(30)),
            cost_basis: None,
        })
    }

    /// UK preset: a default charge of £12, once per missed installment
    /// from the first day overdue; no penalty rate. £12 is the OFT's 2006
    /// unfairness threshold (`uk.oft_2006.12gbp` \[S\]), a presumption and
    /// not a safe harbor: CONC 7.7.5R \[V\] limits the charge to the firm's
    /// reasonable costs, so the preset requires a cost basis and
    /// [`findings`](Self::findings) lists the fee until the lender names its
    /// own (`cost_basis`). Its records cite the amount's source,
    /// `uk.oft_2006.12gbp` \[S\], so that output flags the figure as one
    /// from a secondary source (RULES.md: an \[S\] number is reported with
    /// its status).
    pub fn uk() -> Self {
        AccrualPolicy::new("uk")
            .with_late_fee(LateFeeRule {
                rule: RuleRef::new(
                    "uk.oft_2006.12gbp",
                    "the £12 amount: the OFT (April 2006) threshold above which default charges were presumed unfair [S], no safe harbor; the charge is limited to reasonable costs by FCA CONC 7.7.5R [V]",
                    RuleStatus::Secondary,
                ),
                after_days: 1,
                recurrence: Recurrence::Once,
                base: FeeBase::Flat {
                    amount: Decimal::from(12),
                },
                min: None,
                max: Some(Decimal::from(12)),
                cost_basis: None,
            })
            .with_required_cost_basis(true)
    }
}
