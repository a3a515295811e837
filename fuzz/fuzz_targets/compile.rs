//! Bytes to a whole application in memory, ZIP included: never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let secrets = microcodegen::targets::Secrets::insecure_fixed_for_tests();
    microcodegen::compile(data, microcodegen::targets::DEFAULT, &secrets)
        .expect("packing generated files never fails");
});
