//! The probes of the second review of the language checker (2026-11-27,
//! new messages in the style of real collection traffic), as assertions
//! on the built-in lexicons: ordinary reminders, hardship offers, anti-fraud
//! footers and truthful legal notices give no finding; threats, invented
//! consequences and disclosures to third parties give one of the expected
//! category. Facts in the shorthand of `common/mod.rs`.

mod common;

use arrears::compliance::language::Category;
use common::{each_flags, none_of};

use Category::{
    Deceptive, FalseLegalOrAuthority as Legal, Harassment, InsultOrProfanity as Insult,
    PressureToBorrow as Borrow, PrivacyExposure as Privacy, ThirdPartyDisclosure as Tpd,
    ThreatArrestOrCriminal as Criminal, ThreatViolence as Violence,
};

const DEBTOR: &str = "r=debtor";

/// Dates, document requests, missed calls, payment methods and the phone's
/// call-block list are not threats.
#[test]
fn everyday_collection_wording_is_clean() {
    none_of(
        &[
            (DEBTOR, "Your payment is due on 9 March. Please call us if you need help."),
            (DEBTOR, "Your next payment is due on 9 April."),
            (DEBTOR, "We can call you back on 9 May at 10am."),
            (DEBTOR, "尊敬的客户，您本期账单将于15日从您的还款账户自动扣划，请确保余额充足。"),
            (DEBTOR, "您好，我是XX银行信用卡中心的工作人员，温馨提醒您本期账单将于明日自动扣划。"),
            (DEBTOR, "您好，本期帳單已自動扣划，感謝您的配合。"),
            (DEBTOR, "Please attach your proof of income to your reply so we can review the plan."),
            (DEBTOR, "Please attach your latest payslip when you reply."),
            (DEBTOR, "Sorry we missed you earlier today. Please call Anna back on 0161 496 0000."),
            (DEBTOR, "Sorry we missed you on the phone today. Call us back any time."),
            (DEBTOR, "Interest and charges will be frozen while your payment plan is in place."),
            (DEBTOR, "We have frozen interest on your account; charges will be frozen too while the plan runs."),
            (DEBTOR, "Your card account will be frozen to new purchases while it is in arrears."),
            (DEBTOR, "You can pay this by debit or credit card, or by bank transfer."),
            (DEBTOR, "You can pay today by credit card on our website."),
            (DEBTOR, "You should not borrow money to pay this debt. Talk to us about a plan instead."),
            (DEBTOR, "如您已将本号码加入手机黑名单，请移出，以免错过还款提醒。"),
            (DEBTOR, "如您不慎将我们的号码拉入黑名单，可在手机设置中解除。"),
            (DEBTOR, "请将本号码保存到通讯录，以免错过还款通知。"),
            (DEBTOR, "請將本行客服號碼存入通訊錄，以免錯過繳款通知。"),
            (DEBTOR, "You can pay online at our website, or else call us on the number below."),
            (DEBTOR, "Please call us back, we will be waiting for your call until 8pm."),
            (DEBTOR, "I'll shoot you an email with the payment details this afternoon."),
            (DEBTOR, "At the end, you only pay $40 a month under this plan."),
            (DEBTOR, "Thank you, Sue. You can pay online any time at our website."),
            (DEBTOR, "Your account reference is SB-20931. Please quote it when you pay."),
            (DEBTOR, "We can take your car payment over the phone today if that is easier."),
        ],
        None,
    );
}

/// Reassurances that nobody goes to prison for a debt are not threats.
#[test]
fn reassurances_are_clean() {
    none_of(
        &[
            (
                DEBTOR,
                "Nobody will arrest you over this debt; it is a civil matter.",
            ),
            (
                DEBTOR,
                "You will not go to prison for this. It is a civil debt.",
            ),
            (DEBTOR, "This is a civil matter, not a criminal case."),
            (
                DEBTOR,
                "You cannot be sent to prison for owing money on a credit card.",
            ),
            (
                DEBTOR,
                "欠款属于民事纠纷，您不用担心坐牢的问题，我们一起想办法。",
            ),
            (DEBTOR, "欠钱不用坐牢，但请尽快与我们协商还款方案。"),
            (DEBTOR, "欠款屬於民事糾紛，您不用擔心坐牢。"),
        ],
        None,
    );
}

/// Hardship offers, certificates asked of the debtor and anti-fraud footers.
#[test]
fn hardship_offers_and_fraud_warnings_are_clean() {
    none_of(
        &[
            (DEBTOR, "We will find you a payment plan that fits your budget."),
            (DEBTOR, "If you lose your job or your income drops, contact us and we can pause payments."),
            (DEBTOR, "If something happened to affect your income, please let us know so we can help."),
            (DEBTOR, "If your car has been in an accident, please call us about a payment holiday."),
            (DEBTOR, "如你家里遭遇意外，可联系我们申请延期还款。"),
            (DEBTOR, "如因灾害导致还款困难，可提供村委会出具的困难证明申请延期。"),
            (DEBTOR, "请提供单位人事部门盖章的收入证明，以便我们为您办理分期。"),
            (DEBTOR, "如有清寒需求，可請里長開立證明後申請分期。"),
            (DEBTOR, "谨防诈骗，我行不会以公检法名义要求您转账。"),
            (DEBTOR, "请谨防骗子冒充我司客服，官方还款渠道仅限APP。"),
            (DEBTOR, "如有自称公安的人找你要求转账，请勿相信并及时报警。"),
            (DEBTOR, "We are not a government agency; we are Acme Finance, your lender."),
            (DEBTOR, "Our number is a free 0800 number, not a premium rate line."),
            (DEBTOR, "Beware of credit repair scams that ask for upfront fees."),
            (DEBTOR, "If you wish to sell your car, the finance must be settled first. Call us for a settlement figure."),
            (DEBTOR, "If we settle for less than you owe, we may have to send a Form 1099-C to the IRS."),
        ],
        None,
    );
}

/// The normal course of an intended suit, and a retained law firm, are true
/// statements under those facts.
#[test]
fn truthful_legal_notices_are_clean() {
    let suit = "r=debtor,li,tb=0";
    none_of(
        &[
            (suit, "If the balance is not paid, we intend to file suit and seek a judgment for the amount owed."),
            (suit, "If we file suit, you will be served with a summons at your home address."),
            (suit, "如仍未还款，我司将依法起诉，起诉后法院会将传票寄到您的户籍地址。"),
            (suit, "我司将依法提起诉讼，由法院判决您应还的金额。"),
            (suit, "胜诉后我们会申请强制执行。"),
        ],
        None,
    );
    none_of(
        &[(
            "r=debtor,li,tb=0,jur=uk",
            "If we cannot agree a plan, we intend to ask the court for a County Court Judgment.",
        )],
        None,
    );
    let retained = "r=debtor,ar,atty=0";
    none_of(
        &[
            (retained, "We have referred your account to the law firm of Miller & Cole LLP, who will contact you."),
            (retained, "Your account has been passed to our legal department, and our attorneys will contact you."),
            (retained, "您的欠款已委托北京某某律师事务所处理，律师将与您联系。"),
            (retained, "我司已委托律师向您发送律师函，请注意查收。"),
        ],
        None,
    );
    // Without a retained attorney the same claims are findings.
    each_flags(&[
        (
            "r=debtor,ar=0,atty=0",
            "我们已委托律师处理你的案子，律师会联系你。",
            Legal,
        ),
        ("r=debtor,ar=0,atty=0", "你的案子已经转到法务了。", Legal),
    ]);
    none_of(
        &[(
            "r=debtor,rb=0",
            "We don't report to the credit bureaus, so this will not affect your credit score.",
        )],
        None,
    );
}

/// A call-back request or a location question to a third party discloses
/// nothing; the debt, its arrears or an amount does.
#[test]
fn third_parties() {
    none_of(
        &[
        ("r=ec", "您好，要不还是麻烦您转告他回个电话吧，谢谢。"),
        ("r=ec", "请问张先生还在三元桥附近上班吗？麻烦让他回个电话。"),
        ("r=ec", "您好，请问李女士是住在三元里吗？麻烦转告她回电。"),
        ("r=third", "Is this still the right address for John Smith, 14 Pound Lane?"),
        ("r=third", "Hello, I'm trying to reach Ana. Is she still at the 401k plan office on 3rd Street?"),
        ],
        Some(Tpd),
    );
    each_flags(&[
        (
            "r=third",
            "Please tell him he's behind on his payments and needs to call us.",
            Tpd,
        ),
        (
            "r=third",
            "He's missed several payments, please ask him to call.",
            Tpd,
        ),
        ("r=third", "He has fallen behind with his payments.", Tpd),
        (
            "r=third",
            "Tell him he needs to pay us back the money he borrowed.",
            Tpd,
        ),
        (
            "r=third",
            "We're calling about his mortgage, he needs to sort it out.",
            Tpd,
        ),
        (
            "r=third",
            "We're calling about his credit card, please have him ring us.",
            Tpd,
        ),
        (
            "r=third",
            "Ask him to settle his bill with us this week.",
            Tpd,
        ),
        ("r=ec", "麻烦转告他，让他尽快把钱还上。", Tpd),
        ("r=ec", "张先生欠我司一笔款项，请转告他尽快联系。", Tpd),
        ("r=ec", "他在我们这有笔账要处理，麻烦让他联系一下。", Tpd),
        ("r=ec", "請轉告他盡快繳款。", Tpd),
        ("r=ec", "他的帳款已經遲繳兩個月了，請轉告他。", Tpd),
        ("r=ec", "他的卡費還沒繳，麻煩轉告一下。", Tpd),
        ("r=ec", "張先生積欠本行款項，請他盡速處理。", Tpd),
        ("r=ec", "麻烦转告他，还差三千没处理。", Tpd),
        (
            "r=third",
            "Tell her she still has fifty pence left to clear on the card.",
            Tpd,
        ),
        (
            "r=third",
            "Let him know he still has a tenner to clear with us.",
            Tpd,
        ),
    ]);
}

/// Threats and invented consequences the built-in lexicons missed.
#[test]
fn threats_and_invented_consequences() {
    each_flags(&[
        (DEBTOR, "你这属于违法行为，要承担法律后果。", Criminal),
        (DEBTOR, "你的行为已涉嫌违法，后果自己想清楚。", Criminal),
        (DEBTOR, "不还款我们就把材料移交到你户籍地派出所。", Criminal),
        (DEBTOR, "不還錢會被關喔，你自己想清楚。", Criminal),
        (DEBTOR, "這已經構成侵占罪了。", Criminal),
        (
            DEBTOR,
            "If you don't pay, this could become a criminal matter.",
            Criminal,
        ),
        (
            DEBTOR,
            "We'll refer this to the authorities if you keep ignoring us.",
            Criminal,
        ),
        (
            DEBTOR,
            "Keeping money you owe is stealing, plain and simple.",
            Criminal,
        ),
        (
            DEBTOR,
            "You're a fraudster and everyone will see it.",
            Insult,
        ),
        (DEBTOR, "You're nothing but a scammer.", Insult),
        (DEBTOR, "Pay up or you'll get hurt.", Violence),
        (
            DEBTOR,
            "We'll break your neck if we have to come out there.",
            Violence,
        ),
        (
            DEBTOR,
            "Nice house. Would be a shame if it caught fire.",
            Violence,
        ),
        (
            "r=debtor,li=0,tb=0",
            "We are preparing court papers against you right now.",
            Legal,
        ),
        (
            "r=debtor,li=0,tb=0",
            "You'll be explaining yourself in front of a judge soon.",
            Legal,
        ),
        (
            "r=debtor,li=0,tb=0",
            "We will be taking further legal steps against you.",
            Legal,
        ),
        (
            "r=debtor,j=0",
            "We'll have it taken straight out of your paycheck.",
            Legal,
        ),
        ("r=debtor,j=0", "你的薪水會被法院扣三分之一。", Legal),
        ("r=debtor,j=0", "我們會把你的房子拍賣掉。", Legal),
        ("r=debtor,li=0,tb=0", "法院的人会上门找你的。", Legal),
        (
            DEBTOR,
            "We'll reach out to your HR team about this.",
            Privacy,
        ),
        (DEBTOR, "We will contact your HR to let them know.", Privacy),
        (
            DEBTOR,
            "We'll call your workplace and tell them what you owe.",
            Privacy,
        ),
        (DEBTOR, "We'll text everyone in your address book.", Privacy),
        (DEBTOR, "我們會去你公司找你。", Privacy),
        (DEBTOR, "我們會打給你老闆。", Privacy),
        (DEBTOR, "明天安排同事到你单位核实情况。", Privacy),
        (
            DEBTOR,
            "Put it on a credit card and clear it today.",
            Borrow,
        ),
        (
            DEBTOR,
            "Why not remortgage your house to clear this?",
            Borrow,
        ),
        (
            DEBTOR,
            "Use your overdraft to clear the balance today.",
            Borrow,
        ),
        (DEBTOR, "用信用卡还一下不就行了。", Borrow),
        (DEBTOR, "信用卡刷一下就能还了。", Borrow),
        (DEBTOR, "全家人的征信都会受影响。", Deceptive),
        (DEBTOR, "你老公的征信也会受影响。", Deceptive),
        (
            DEBTOR,
            "Your wife's credit will also be affected by this.",
            Deceptive,
        ),
        (DEBTOR, "这会影响你孩子上学。", Deceptive),
        (DEBTOR, "会连累你的家人。", Deceptive),
        (DEBTOR, "Your credit will be ruined for life.", Deceptive),
        (
            DEBTOR,
            "We'll be calling you twenty times a day until this is paid.",
            Harassment,
        ),
        (DEBTOR, "我们每天都会打给你，直到你还为止。", Harassment),
        (
            DEBTOR,
            "We have someone parked outside your building right now.",
            Harassment,
        ),
        (DEBTOR, "我们的人已经在你小区门口了。", Harassment),
        (DEBTOR, "You useless waste of space.", Insult),
        (DEBTOR, "你怎么不去死。", Insult),
        (DEBTOR, "你怎麼不去死一死。", Insult),
    ]);
}

/// The mini-Miranda in the words "an attempt by a debt collector to collect
/// a debt" is the disclosure (12 CFR 1006.18(e)).
#[test]
fn mini_miranda_wordings() {
    none_of(
        &[
            (
                "r=debtor,jur=us,init",
                "This is an attempt by a debt collector to collect a debt, and any information obtained will be used for that purpose.",
            ),
            (
                "r=debtor,jur=us,init",
                "We are attempting to collect a debt. Any information we obtain will be used for that purpose.",
            ),
        ],
        None,
    );
    each_flags(&[(
        "r=debtor,jur=us,init",
        "Please call us about your account.",
        Category::MissingDisclosure,
    )]);
}

/// Disclosures from the review of PII, voicemails and disclosures
/// (2026-11-27): opt-outs under a condition, negations that deny something
/// else, typographic apostrophes, Taiwan wording, guarantors, and
/// voicemails in which one allowed item carried other content.
#[test]
fn disclosures_second_review() {
    let us_sms = "r=debtor,jur=us,init=0,ch=sms";
    none_of(
        &[
            (us_sms, "This is a message from a debt collector. If you don't want texts from us reply STOP."),
            (us_sms, "This is a message from a debt collector. If you do not wish to receive texts reply STOP to opt out."),
            ("r=debtor,jur=us,init=0,ch=email", "This email is from a debt collector. Click here to opt-out of future emails."),
            ("r=debtor,jur=us,init=0", "Please do not ignore this message from a debt collector."),
            ("r=debtor,jur=us,init=0", "This is not a court summons but a message from a debt collector."),
            ("r=debtor,jur=us,init=0", "Hi, I\u{2019}m a debt collector calling about your account."),
            (
                "r=debtor,jur=us,init",
                "本公司正試圖收取債務，所獲得的任何資訊都將用於該目的。",
            ),
            // A brand and a web address are no English text to disclose in.
            (
                "r=debtor,jur=us,init=0",
                "【Acme Financial Services】您好，本信息来自债务催收人。请登录 www.acmefinancialservices.com/pay 查看。",
            ),
        ],
        Some(Category::MissingDisclosure),
    );
    each_flags(&[
        (
            "r=debtor,jur=us,init",
            "This isn\u{2019}t an attempt to collect a debt, and any information obtained will be used for that purpose.",
            Category::MissingDisclosure,
        ),
        ("r=guar,jur=us,init", "Your $4,200 past-due balance needs attention.", Category::MissingDisclosure),
        (
            "r=debtor,jur=us,init,ch=voicemail",
            "您好，我是安信公司的张伟，请尽快还钱，回电 400-123-4567。",
            Category::MissingDisclosure,
        ),
    ]);
}

/// The third review (2026-11-27): call and chat transcripts, Hong Kong
/// Cantonese, UK letters, long emails with quoted replies, code-switching.
#[test]
fn transcripts_emails_and_cantonese_clean() {
    let call = "r=debtor,li=0,lf=0,j=0,tb=0,rb=0,ag=0,atty=0,ar=0,rp=0,mo=0,ch=call";
    let sms = "r=debtor,li=0,lf=0,j=0,tb=0,rb=0,ag=0,atty=0,ar=0,rp=0,mo=0,ch=sms";
    let email = "r=debtor,jur=us,ch=email,init=0";
    none_of(
        &[
            (sms, "张先生，我们今天打给你三次都没接，请尽快回电。"),
            (sms, "您好，我们明天打给你确认还款安排，谢谢。"),
            (call, "坐席：您好，我们今天打电话给您没有接通，请您尽快回电。客户：好的。"),
            (sms, "张先生您好，我们昨天打电话给您，您说今天还款，请记得处理。"),
            (sms, "陳生，我哋今日打咗畀你但冇人聽，麻煩你覆電。"),
            (sms, "您好，我司工作人员将于明天上门拜访，请您在家等候，工作人员会出示工作证。"),
            (sms, "Hi Mark, I shot you a voicemail this morning about your account. Give me a call back when you can."),
            (call, "Customer: Am I going to jail? Agent: No one's going to jail over a credit card."),
            (call, "Customer: Can I go to jail? Agent: You can't go to jail for owing money in the US."),
            (call, "Agent: You will not be arrested or go to jail for this."),
            (call, "Customer: Can they put me in prison for this? Agent: No, there's no prison for unpaid credit cards."),
            (call, "Customer: Will I end up in prison? Agent: There's no such thing as debtors' prison anymore."),
            (call, "用户：我会不会被拘留？坐席：您放心，欠款不会被拘留，也不会坐牢。"),
            (call, "[10:02:13] Customer: Is the sheriff coming to my house? [10:02:20] Agent: No. The sheriff is not coming to your house."),
            (call, "用户：警察会不会来抓我？坐席：警察不会因为欠款上门的，您放心。"),
            (email, "Hello Mr. Ruiz,\n\nThis is a communication from a debt collector. We received your email and have noted your dispute.\n\nRegards,\nTom\nRivet Recovery\nUnsubscribe: reply STOP\n\n-----Original Message-----\nFrom: Carlos Ruiz\nSent: Monday\nYou people are thieves and scammers. Stop calling me or I'll report you to the police and sue you."),
            (email, "Hi Ann,\n\nThis is a communication from a debt collector. Thanks for your reply.\n\nBest,\nMaria\n\nTo opt out of email, reply STOP.\n\n> On Tue, Ann wrote:\n> Are you going to have me arrested? My neighbour said you'd garnish my wages and take my car."),
            ("r=debtor,jur=uk,ch=letter,tb=1,li=0", "This debt is statute barred. This means we cannot take court action to recover it, but you still owe the money and may choose to pay."),
            ("r=debtor,jur=uk,ch=letter,tb=1,li=0", "Because this debt is more than six years old, we cannot sue you for it. You may still choose to make payments."),
            ("r=debtor,li=0,ch=chat", "Bot: Hi Sam, your payment is past due. User: r u gonna sue me?? Bot: We are not planning legal action at this time."),
            ("r=debtor,li=0,ch=call", "Adviser: Hello, Harbour Finance. Customer: Are you going to take me to court, you idiots? Adviser: We're not taking any court action."),
            ("r=debtor,jur=uk,ch=letter,li=1,tb=0,j=0,lf=0", "DEFAULT NOTICE served under section 87(1) of the Consumer Credit Act 1974. If you do not pay the arrears of £412.50 by 14 June 2026, we may terminate the agreement and demand the full balance. We may then take court action, which could result in a county court judgment (CCJ) against you."),
            ("r=debtor,jur=uk,ch=letter,li=1,tb=0,j=0,lf=0,rb", "If you do not pay, we may start court proceedings. If the court makes a CCJ against you, it will stay on your credit file for six years."),
            ("r=debtor,jur=us,ch=email,init", "Rivet Recovery is a debt collector. We are trying to collect a debt that you owe to Acme Bank. We will use any information you give us to help collect the debt.\n\nTo stop email, click unsubscribe."),
            (call, "Agt: Hi this is Mike from ABC Collections. Cust: stop harassing me you scumbag, I'll report you to the police. Agt: I understand, I'll note that."),
            (call, "Agent (Priya): How can I help? Customer (Mr Jones): Am I going to prison over this? Agent (Priya): No, you're not."),
            (call, "AI：您好，这里是XX金融，您的借款已逾期3天。客户：你们这帮骗子，再打我就报警！AI：好的，已为您记录。"),
            (call, "客人：你哋班仆街日日打嚟！職員：先生，請冷靜啲，我哋會按規定時間聯絡你。"),
            ("r=debtor,jur=us,ch=email,init=0", "This is a communication from a debt collector.\n\nSCAM ALERT: If anyone calls claiming to be from the police or the IRS and demands payment of this account, hang up and call us directly.\n\nReply STOP to opt out of emails."),
            ("r=debtor,ch=email", "With a payment plan, in the end you will pay less interest than if the account defaults."),
            ("r=debtor,ch=email", "If something happened to your income, please let us know and we can pause payments."),
            (sms, "如果你有困難，可以打畀我哋傾分期，唔好搵大耳窿借錢還。"),
            ("r=debtor,li=1,lf=0,tb=0", "如閣下於14日內仍未清還欠款，我哋會入稟小額錢債審裁處追討。"),
            ("r=debtor,ch=email", "尊敬的客户：我是XX银行信用卡中心的客服李明，您的信用卡账单已逾期，请尽快还款。\n\n温馨提示：我行工作人员不会要求您向个人账户转账。如遇自称公安、法院人员要求转账，请马上报警。"),
        ],
        None,
    );
}

/// The third review: what the built-in lexicons missed.
#[test]
fn transcripts_emails_and_cantonese_flagged() {
    let d = "r=debtor,li=0,lf=0,j=0,tb=0,rb=0,ag=0,atty=0,ar=0,rp=0,mo=0";
    each_flags(&[
        ("r=debtor,li=0,tb=0", "如果你唔還，我哋會採取法律行動追討。", Legal),
        ("r=debtor,li=0,tb=0", "如您仍未还款，我司将采取法律行动。", Legal),
        ("r=debtor,li=0,tb=0", "你再不还钱，我们就去法院告你。", Legal),
        ("r=debtor,jur=uk,li=0,tb=0,ar=0,atty=0", "DEBT RECOVERY SOLICITORS - FINAL NOTICE. Our solicitors are preparing a claim against you.", Legal),
        (d, "我哋會將你嘅個案轉交律師處理。", Legal),
        ("r=ec", "陳大文欠咗我哋公司錢，麻煩你叫佢快啲還數。", Tpd),
        ("r=ec", "陳大文走咗數，我哋追緊佢，你叫佢覆電。", Tpd),
        (d, "陳生，你欠我哋財仔嘅錢已經拖咗三個月，再唔還我哋就上你公司搵你老細傾下。", Privacy),
        (d, "你再唔還，我哋就上你公司搵你。", Privacy),
        (d, "你張卡已經逾期，唔好再拖，我哋會打俾你公司。", Privacy),
        (d, "你再唔還，我哋會去你屋企同你公司貼街招。", Privacy),
        ("r=debtor,jur=uk,j=0", "An attachment of earnings order will be sent to your employer next week.", Legal),
        ("r=debtor,jur=uk,j=0", "We will put a charging order on your house if this is not paid by Friday.", Legal),
        ("r=debtor,jur=uk,li=0,lf=0,tb=0", "Unless you pay, we will issue a claim against you in the County Court.", Legal),
        ("r=debtor,jur=uk,li=0,tb=0", "We'll be forced to recover this through the courts if you don't ring us today.", Legal),
        ("r=debtor,jur=uk", "Because you have not paid, we have added £150 recovery costs to your account.", Deceptive),
        ("r=debtor,jur=uk", "A collection costs charge of £95 will be added if payment is not received within 7 days.", Deceptive),
        (d, "你会被arrest的，police会上门。", Criminal),
        ("r=debtor,li=0,tb=0", "明天不还就sue你。", Legal),
        (d, "你再不pay，我们就call你boss，让你公司所有人都知道。", Privacy),
        (d, "再不还就把你的情况发给你所有contacts。", Privacy),
        (d, "Collector: Mary Lee (ID 204)\nDebtor: John Smith\nBalance: $1,200\n\nPay by Friday or a warrant will be issued for your arrest and the police will come to your house.", Criminal),
        (d, "催收员：张三（工号1234）\n债务人：李四\n欠款金额：5000元\n\n再不还款就上门抓人，让你坐牢，爆你通讯录。", Criminal),
        (d, "Dear Customer: your loan is 30 days overdue. Pay today or you will be arrested and go to jail. Contact your agent: 0800 111 222.", Criminal),
        (d, "你再唔還錢，信唔信我搵人打你？", Violence),
        (d, "你個仆街，唔還錢就唔好怪我哋唔客氣。", Harassment),
        (d, "This will affect your credit record.", Legal),
        (d, "你唔還錢，你嘅信貸評級會受影響。", Legal),
        (d, "追數公司已經接手你嘅個案，聽日會有人上門搵你。", Legal),
        (d, "你唔還錢，我哋會搵你阿媽同你屋企人攞。", Tpd),
    ]);
}

/// Pinyin for the workplace words, left by the fourth review: a threat to
/// go to the debtor's company or tell the boss, written to slip past a
/// filter of Chinese words.
#[test]
fn pinyin_workplace_threats() {
    for text in [
        "再不还钱我们就去你gong si找你",
        "明天打给你lao ban说清楚",
        "我们会通知你dan wei",
        "不还就告诉你ling dao",
    ] {
        common::flags(DEBTOR, text, Privacy);
    }
    // Not a threat: a company's name in pinyin in a reminder.
    common::clean(DEBTOR, "您好，您在gongsi系统中的账单已出，请按时还款。");
}
