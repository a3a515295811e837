//! Prints a generated benchmark PRD: `cargo run --release --example gen_prd -- 1000 > prd.md`.

#[path = "../benches/prd_gen.rs"]
mod prd_gen;

fn main() {
    let entities = match std::env::args().nth(1).map(|a| a.parse::<usize>()) {
        Some(Ok(n)) => n,
        None => 10,
        Some(Err(error)) => {
            eprintln!("usage: gen_prd [ENTITIES]: {error}");
            std::process::exit(2);
        }
    };
    print!("{}", prd_gen::prd(entities));
}
