//! Bytes to a checked genome: decoding, parsing and lowering never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = microcodegen::analyze(data);
});
