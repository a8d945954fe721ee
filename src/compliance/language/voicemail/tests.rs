use super::*;

#[test]
fn voicemail() {
    assert!(
        classify_voicemail("您好，我是安信公司的张伟，请回电 400-123-4567，谢谢。").limited_content
    );
    // RULES.md §8.1: all four items, the business name included.
    let nameless = classify_voicemail("您好，我是张伟，请回电 400-123-4567，谢谢。");
    assert!(!nameless.limited_content && !nameless.has_business_name);
    assert!(nameless.has_person_name && nameless.has_reply_request && nameless.has_phone);
    assert!(
        !classify_voicemail(
            "Hello, this is Sam from ABC Collections about a debt. Call 555-201-3344."
        )
        .limited_content
    );
    assert!(!classify_voicemail("Call 555-201-3344.").limited_content);
}

#[test]
fn business_names() {
    let cases: &[(&str, bool, bool)] = &[
        // (voicemail, has a business name, limited-content)
        (
            "Hi, this is Jane Doe from Acme. Please call me back at 555-201-3344.",
            true,
            true,
        ),
        (
            "This is Jane with Smith & Partners. Call me at 555-201-3344.",
            true,
            true,
        ),
        (
            "This is Jane calling on behalf of Northwind. Call me at 555-201-3344.",
            true,
            true,
        ),
        (
            "This is Jane at Acme Bank. Please call 555-201-3344.",
            true,
            true,
        ),
        (
            "您好，我是招商银行信用卡中心的王明，请回电 95555-1234。",
            true,
            true,
        ),
        // A capitalised weekday or a lower-case word is no business.
        (
            "This is Jane. Please call me back from Monday at 555-201-3344.",
            false,
            false,
        ),
        (
            "This is Jane, calling from my office. Please call 555-201-3344.",
            false,
            false,
        ),
        (
            "This is Jane from banking. Please call 555-201-3344.",
            false,
            false,
        ),
        // A name that indicates debt collection: a mention of the debt.
        (
            "This is Jane from ABC Collections. Please call 555-201-3344.",
            true,
            false,
        ),
        (
            "This is Jane from Acme Recovery. Please call 555-201-3344.",
            true,
            false,
        ),
        ("我是安信催收公司的张伟，请回电 400-123-4567。", true, false),
        // Non-ASCII before the name must not shift the offsets.
        (
            "İİİ, this is Jane from Acme. Please call 555-201-3344.",
            true,
            true,
        ),
    ];
    for (text, business, lcm) in cases {
        let a = classify_voicemail(text);
        assert_eq!(
            (a.has_business_name, a.limited_content),
            (*business, *lcm),
            "{text}"
        );
    }
}

/// What a review found passing for limited content (RULES.md §8.1: the
/// four items "and nothing else"): a sentence with one allowed item
/// carrying more, an allowed word inside another ("this" is no "hi",
/// "I am" no time), a business taken for a person, a date or a cut-off
/// number taken for a phone, a debt-collection name.
#[test]
fn only_the_allowed_items() {
    let not_lcm = [
        "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344. Your wages will be garnished this week.",
        "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344 about the $2,400 you still need to pay.",
        "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344. Your mortgage with Wells Fargo is in default.",
        "您好，我是安信公司的张伟，请回电 400-123-4567。您已经严重违约，后果自负，早点处理。",
        "Hi, this is Acme Services. Please call us back at 555-201-3344. Thank you.",
        "Hi, this is Jane Doe from Acme Services. Please call me back on 12/10/2024 between 9 and 5. Thank you.",
        "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3",
        "Hi, this is Jane Doe from Acme Receivables Management. Please call me back at 555-201-3344. Thank you.",
        // The review of 2026-11-27: headings are no names ...
        "Final Notice. Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344.",
        "Hi, this is Jane Doe from Acme Services. Reference number 88231. Please call me back at 555-201-3344.",
        "Urgent, please call Jane Doe from Acme Services at 555-201-3344.",
        // ... and one allowed item carried other content in a Chinese
        // sentence.
        "您好，我是安信公司的张伟，请尽快还钱，回电 400-123-4567。",
        "您好，我是安信公司的张伟，您的信用卡已被冻结，请回电 400-123-4567。",
        "您好，我是安信公司的张伟，请回电 400-123-4567，否则明天下午我们将上门拜访。",
        "您好，我是安信公司的张伟，请回电 400-123-4567，不处理的话我们会联系您的家人和单位，谢谢。",
    ];
    for text in not_lcm {
        assert!(!classify_voicemail(text).limited_content, "{text}");
    }
    for text in [
        "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344 between 9 am and 5 pm. Thank you.",
        "Good morning, this message is for John Smith. This is Jane Doe with Acme Services. Please return my call at (555) 201-3344. Any representative can help you. Thanks.",
        "Hi, this is Jane Doe from Acme Services. Please call me back at 555-0142.",
        // ... and a collector named Sue, "p.m." and a date were read as
        // other content.
        "Hi, this is Sue Miller from Acme Services. Please call me back at 555-201-3344. Thank you.",
        "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344 before 5:30 p.m. on March 3rd. Thank you.",
        "Hello, it's Jane Doe from Acme Services. Please call Jane Doe at 555-201-3344. Thanks.",
        "您好，我是安信公司的张伟，请回电 400-123-4567，谢谢。",
    ] {
        assert!(classify_voicemail(text).limited_content, "{text}");
    }
}

/// Staff named Bill or Owens leave limited-content messages too (a
/// review found them refused).
#[test]
fn names_are_not_debt_words() {
    for text in [
        "Hi, this is Bill Owens from Acme Services. Please call me back at 555-201-3344. Thank you.",
        "Hi, this is Jane Owens from Acme Services. Please call me back at 555-201-3344.",
    ] {
        assert!(classify_voicemail(text).limited_content, "{text}");
    }
    assert!(
        !classify_voicemail(
            "Hi, this is Jane from Acme Services. Please call me back at 555-201-3344 about the bill you owe."
        )
        .limited_content
    );
}
