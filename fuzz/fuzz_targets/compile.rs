//! Bytes to a whole application in memory, ZIP included: never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    microcodegen::compile(data, &microcodegen::emit::EmitOptions::insecure_fixed_for_tests())
        .expect("packing generated files never fails");
});
