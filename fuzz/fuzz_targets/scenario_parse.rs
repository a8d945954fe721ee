//! Scenario documents from arbitrary bytes: parsing and running must return
//! errors or reports, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = arrears::scenario::Scenario::from_toml_str("fuzz.toml", &text) {
        let _ = s.run();
    }
});
