//! Benchmarks of each stage and of the whole compile, at 10, 100, 1,000 and
//! 10,000 entities of eight fields (see `prd_gen.rs`).
//!
//! `cargo bench` runs them all (a few minutes); `cargo bench -- parse` runs
//! one group. Under `cargo test --all-targets` each runs once, small sizes
//! only. docs/performance.md reports and explains the figures.

use std::hint::black_box;
use std::io;
use std::path::Path;

use divan::{Bencher, Divan};
use microcodegen::files::GeneratedFile;
use microcodegen::genome::Genome;
use microcodegen::targets::{DEFAULT, Secrets};
use microcodegen::{lower, pack, syntax};

#[path = "prd_gen.rs"]
mod prd_gen;

use prd_gen::SIZES;

// The allocator of the `microcodegen` binary, so that the figures are those
// of the command.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    Divan::from_args().run_benches();
}

/// Whether this is a real run (`cargo bench`), not a smoke test.
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Skips sizes above 100 in a smoke test.
fn skip(entities: usize) -> bool {
    entities > 100 && !benchmarking()
}

fn genome(prd: &str) -> Genome {
    microcodegen::analyze(prd.as_bytes())
        .genome
        .expect("a generated PRD has no errors")
}

/// Benchmarks `write`, each run into a directory that does not exist yet
/// (the trees are removed after the runs, not timed).
fn into_fresh_dirs(bencher: Bencher, write: impl Fn(&Path)) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let mut n = 0;
    bencher
        .with_inputs(|| {
            n += 1;
            tmp.path().join(format!("app{n}"))
        })
        .bench_local_values(|dir| {
            write(&dir);
            dir
        });
}

fn secrets() -> Secrets {
    Secrets::insecure_fixed_for_tests()
}

/// Every file of the app for `genome`, rendered into memory.
fn files(genome: &Genome) -> Vec<GeneratedFile> {
    DEFAULT.plan(genome, &secrets()).files()
}

/// `syntax::parse`: text to the spanned tree.
#[divan::bench(args = SIZES, max_time = 2)]
fn parse(bencher: Bencher, entities: usize) {
    if skip(entities) {
        return;
    }
    let prd = prd_gen::prd(entities);
    bencher
        .counter(divan::counter::BytesCount::new(prd.len()))
        .bench(|| syntax::parse(black_box(&prd)));
}

/// `lower::lower`: the tree to the genome and manifest.
#[divan::bench(args = SIZES, max_time = 2)]
fn lower(bencher: Bencher, entities: usize) {
    if skip(entities) {
        return;
    }
    let prd_text = prd_gen::prd(entities);
    let (prd, _) = syntax::parse(&prd_text);
    bencher.bench(|| lower::lower(black_box(&prd)));
}

/// `Target::plan` and `FilePlan::files`: every file rendered into memory.
#[divan::bench(args = SIZES, max_time = 2)]
fn render(bencher: Bencher, entities: usize) {
    if skip(entities) {
        return;
    }
    let genome = genome(&prd_gen::prd(entities));
    bencher.bench(|| files(black_box(&genome)));
}

/// `pack::zip_bytes`: already rendered files to a ZIP in memory.
#[divan::bench(args = SIZES, max_time = 2)]
fn pack_zip(bencher: Bencher, entities: usize) {
    if skip(entities) {
        return;
    }
    let files = files(&genome(&prd_gen::prd(entities)));
    bencher.bench(|| pack::zip_bytes(black_box(&files), "app").expect("packs"));
}

/// `pack::write_dir`: already rendered files into a new directory.
#[divan::bench(args = SIZES, max_time = 2)]
fn pack_dir(bencher: Bencher, entities: usize) {
    if skip(entities) {
        return;
    }
    let files = files(&genome(&prd_gen::prd(entities)));
    into_fresh_dirs(bencher, |dir| {
        pack::write_dir(black_box(&files), dir, false).expect("writes");
    });
}

/// The work on every byte of the app that no way of packing it can skip,
/// on one thread: each rendered file deflated at the archive's level, its
/// CRC-32 (the ZIP's) and its SHA-256 (the ownership record's). Divided by
/// the cores, it is the least time the packing could take however the
/// rest were done (docs/performance.md, "What the targets ask of this
/// app").
#[divan::bench(args = SIZES, max_time = 2)]
fn per_byte_floor(bencher: Bencher, entities: usize) {
    use flate2::{Compress, Compression, FlushCompress, Status};
    use sha2::{Digest, Sha256};

    if skip(entities) {
        return;
    }
    let files = files(&genome(&prd_gen::prd(entities)));
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    let level = u32::try_from(pack::DEFLATE_LEVEL).expect("a deflate level");
    let mut compressor = Compress::new(Compression::new(level), false);
    let mut deflated = Vec::new();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench_local(|| {
            let mut total = 0;
            for file in &files {
                let contents = black_box(&file.contents[..]);
                compressor.reset();
                deflated.clear();
                loop {
                    deflated.reserve(contents.len() / 4 + 64);
                    let read = compressor.total_in() as usize;
                    let status = compressor
                        .compress_vec(&contents[read..], &mut deflated, FlushCompress::Finish)
                        .expect("deflates");
                    if status == Status::StreamEnd {
                        break;
                    }
                }
                total += deflated.len();
                black_box((crc32fast::hash(contents), Sha256::digest(contents)));
            }
            total
        });
}

/// The whole compile as the command runs it: analyze, then render and
/// deflate on every core, streaming the ZIP (here into a sink).
#[divan::bench(args = SIZES, max_time = 2)]
fn compile_zip(bencher: Bencher, entities: usize) {
    if skip(entities) {
        return;
    }
    let prd = prd_gen::prd(entities);
    let secrets = secrets();
    bencher.bench(|| {
        let genome = genome(black_box(&prd));
        let plan = DEFAULT.plan(&genome, &secrets);
        pack::write_zip_plan(&*plan, &genome.bundle_id, io::sink()).expect("packs");
    });
}

/// The whole compile into a directory (`--out DIR`).
#[divan::bench(args = SIZES, max_time = 2)]
fn compile_dir(bencher: Bencher, entities: usize) {
    if skip(entities) {
        return;
    }
    let prd = prd_gen::prd(entities);
    let secrets = secrets();
    into_fresh_dirs(bencher, |dir| {
        let genome = genome(black_box(&prd));
        let plan = DEFAULT.plan(&genome, &secrets);
        pack::write_dir_plan(&*plan, dir, false).expect("writes");
    });
}

/// `microcodegen lsp`: the diagnostics of an open document after one
/// keystroke (a character typed into the last entity's name, then taken
/// out again), as an editor gets them: the change applied, the text read
/// and checked again, the diagnostics converted to the client's positions.
#[divan::bench(args = SIZES, max_time = 2)]
fn lsp_edit(bencher: Bencher, entities: usize) {
    use lsp_server::Notification;
    use microcodegen::lsp::{Encoding, Server};
    use serde_json::json;

    if skip(entities) {
        return;
    }
    let prd = prd_gen::prd(entities);
    let mut server = Server::new(Encoding::Utf16, DEFAULT);
    let uri = "file:///bench/prd.md";
    server.notify(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": prd}}),
    ));
    assert_eq!(server.publish().len(), 1);
    let line = prd.lines().count() as u32 / 2;
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        // Odd versions take the character out again, so every run edits
        // the same text.
        let (range, text) = if version % 2 == 0 {
            (json!({"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}), " ")
        } else {
            (json!({"start": {"line": line, "character": 0}, "end": {"line": line, "character": 1}}), "")
        };
        server.notify(Notification::new(
            "textDocument/didChange".into(),
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": range, "text": text}],
            }),
        ));
        black_box(server.publish())
    });
}
