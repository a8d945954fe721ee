//! The waterfall presets: 民法典 Art. 561, the Chinese bank contract order,
//! Fineract's standard order and the other orders of RULES.md §3.

use super::{AllocationRule, DueType, FutureOrder, Overpayment, Processing, Waterfall};
use crate::loan::Component;
use crate::rule::RuleStatus;

impl Waterfall {
    /// A preset: `order` for past-due, then due, then in-advance
    /// installments; horizontal, next installment first, surplus as credit.
    fn preset(
        id: &str,
        citation: &str,
        status: RuleStatus,
        due: [Component; 4],
        in_advance: [Component; 4],
    ) -> Waterfall {
        let mut rules = Vec::with_capacity(12);
        for (dt, order) in [
            (DueType::PastDue, due),
            (DueType::Due, due),
            (DueType::InAdvance, in_advance),
        ] {
            rules.extend(order.iter().map(|c| AllocationRule::new(dt, *c)));
        }
        Waterfall {
            id: id.to_owned(),
            citation: Some(citation.to_owned()),
            status,
            rules,
            processing: Processing::Horizontal,
            future_order: FutureOrder::NextInstallment,
            overpayment: Overpayment::CreditBalance,
        }
    }

    /// `cn.civil_code.art561`: costs → interest → principal (民法典
    /// 第五百六十一条, `[V]`), unless agreed otherwise. Mapped to components as
    /// fee → penalty (penalty interest is interest, taken first) → interest
    /// → principal; reading "costs of enforcing the claim" as the fee
    /// component is an interpretation, so the preset is tagged `[U]` (as
    /// `cn.civil_code.art560`'s burden proxy). Every due type, past due
    /// before due before in advance.
    pub fn civil_code_561() -> Waterfall {
        use Component::*;
        let order = [Fee, Penalty, Interest, Principal];
        Waterfall::preset(
            "cn.civil_code.art561",
            "民法典 第五百六十一条 (PRC Civil Code art. 561)",
            RuleStatus::Unverified,
            order,
            order,
        )
    }

    /// `cn.bank.contract_order` `[U]`: the order bank and card contracts
    /// commonly agree, fee → penalty interest → interest → principal, oldest
    /// installment first. No regulatory text was found.
    pub fn cn_bank_contract() -> Waterfall {
        use Component::*;
        let order = [Fee, Penalty, Interest, Principal];
        Waterfall::preset(
            "cn.bank.contract_order",
            "common CN bank and card contract terms; no regulatory source",
            RuleStatus::Unverified,
            order,
            order,
        )
    }

    /// `ref.fineract.mifos_standard` `[V]`: penalty, fee, interest, principal
    /// (Fineract `mifos-standard-strategy`).
    pub fn mifos_standard() -> Waterfall {
        use Component::*;
        let order = [Penalty, Fee, Interest, Principal];
        Waterfall::preset(
            "ref.fineract.mifos_standard",
            "Apache Fineract `mifos-standard-strategy`",
            RuleStatus::Verified,
            order,
            order,
        )
    }

    /// `ref.fineract.principal_interest_penalties_fees` `[V]`: principal,
    /// interest, penalty, fee (Fineract
    /// `principal-interest-penalties-fees-order-strategy`).
    pub fn principal_interest_penalties_fees() -> Waterfall {
        use Component::*;
        let order = [Principal, Interest, Penalty, Fee];
        Waterfall::preset(
            "ref.fineract.principal_interest_penalties_fees",
            "Apache Fineract `principal-interest-penalties-fees-order-strategy`",
            RuleStatus::Verified,
            order,
            order,
        )
    }

    /// `ref.fineract.interest_principal_penalties_fees` `[V]`: interest,
    /// principal, penalty, fee (Fineract
    /// `interest-principal-penalties-fees-order-strategy`).
    pub fn interest_principal_penalties_fees() -> Waterfall {
        use Component::*;
        let order = [Interest, Principal, Penalty, Fee];
        Waterfall::preset(
            "ref.fineract.interest_principal_penalties_fees",
            "Apache Fineract `interest-principal-penalties-fees-order-strategy`",
            RuleStatus::Verified,
            order,
            order,
        )
    }

    /// `ref.fineract.due_penalty_fee_interest_principal_in_advance_principal_penalty_fee_interest`
    /// `[V]`: past due and due: penalty, fee, interest, principal; in advance:
    /// principal, penalty, fee, interest.
    pub fn due_penalty_fee_interest_principal_in_advance_principal_penalty_fee_interest(
    ) -> Waterfall {
        use Component::*;
        Waterfall::preset(
            "ref.fineract.due_penalty_fee_interest_principal_in_advance_principal_penalty_fee_interest",
            "Apache Fineract `due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy`",
            RuleStatus::Verified,
            [Penalty, Fee, Interest, Principal],
            [Principal, Penalty, Fee, Interest],
        )
    }

    /// `ref.fineract.due_penalty_interest_principal_fee_in_advance_penalty_interest_principal_fee`
    /// `[V]`: every due type: penalty, interest, principal, fee.
    pub fn due_penalty_interest_principal_fee_in_advance_penalty_interest_principal_fee(
    ) -> Waterfall {
        use Component::*;
        let order = [Penalty, Interest, Principal, Fee];
        Waterfall::preset(
            "ref.fineract.due_penalty_interest_principal_fee_in_advance_penalty_interest_principal_fee",
            "Apache Fineract `due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy`",
            RuleStatus::Verified,
            order,
            order,
        )
    }

    /// `ref.fineract.rbi_india` `[U]`: Fineract `rbi-india-strategy`,
    /// "overdue/due fee and interest, then principal" (RULES.md §3.1).
    /// Vertical: the charges and interest of every past-due installment,
    /// then of the due one, oldest first, before any principal; then
    /// past-due principal, then due principal. Two placements are this
    /// crate's reading, hence `[U]`: penalties go with fees (both are
    /// charges), and in-advance installments take nothing (the order names
    /// only overdue and due amounts): a surplus stays as a credit balance.
    pub fn rbi_india() -> Waterfall {
        use Component::*;
        let mut rules = Vec::with_capacity(8);
        for dt in [DueType::PastDue, DueType::Due] {
            rules.extend([Penalty, Fee, Interest].map(|c| AllocationRule::new(dt, c)));
        }
        for dt in [DueType::PastDue, DueType::Due] {
            rules.push(AllocationRule::new(dt, Principal));
        }
        Waterfall {
            id: "ref.fineract.rbi_india".to_owned(),
            citation: Some("Apache Fineract `rbi-india-strategy`".to_owned()),
            status: RuleStatus::Unverified,
            rules,
            processing: Processing::Vertical,
            future_order: FutureOrder::NextInstallment,
            overpayment: Overpayment::CreditBalance,
        }
    }

    /// Every preset, in the order documented above.
    pub fn presets() -> Vec<Waterfall> {
        vec![
            Waterfall::civil_code_561(),
            Waterfall::cn_bank_contract(),
            Waterfall::mifos_standard(),
            Waterfall::principal_interest_penalties_fees(),
            Waterfall::interest_principal_penalties_fees(),
            Waterfall::due_penalty_fee_interest_principal_in_advance_principal_penalty_fee_interest(
            ),
            Waterfall::due_penalty_interest_principal_fee_in_advance_penalty_interest_principal_fee(
            ),
            Waterfall::rbi_india(),
        ]
    }
}
