//! Policy documents from arbitrary bytes: parsing (TOML and JSON) and
//! validation must return errors, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = arrears::policy::CollectionPolicy::from_toml_str("fuzz.toml", &text) {
        let _ = p.validate();
        let _ = p.to_toml_string();
    }
    let _ = arrears::policy::CollectionPolicy::from_json_str("fuzz.json", &text);
});
