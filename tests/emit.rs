//! The emitter's output: snapshot, determinism, escaping, packaging.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};

use microcodegen::files::{FilePlan, GeneratedFile};
use microcodegen::pack::{write_dir, write_dir_plan, write_zip_plan, zip_bytes};
use microcodegen::targets::{DEFAULT, Secrets};

fn files(genome: &microcodegen::genome::Genome) -> Vec<GeneratedFile> {
    DEFAULT
        .plan(genome, &Secrets::insecure_fixed_for_tests())
        .files()
}

/// Every file under a `//// path` header; `.env` is left out (secrets).
fn tree(files: &[GeneratedFile]) -> String {
    let mut out = String::new();
    for f in files.iter().filter(|f| f.path != ".env") {
        out.push_str("//// ");
        out.push_str(&f.path);
        out.push('\n');
        out.push_str(std::str::from_utf8(&f.contents).expect("generated files are UTF-8"));
        out.push('\n');
    }
    out
}

#[test]
fn snapshot_full_app() {
    insta::assert_snapshot!("full_app", tree(&files(&common::full_genome())));
}

#[test]
fn snapshot_minimal_app() {
    insta::assert_snapshot!("minimal_app", tree(&files(&common::minimal_genome())));
}

/// The whole app generated from a bundled example PRD, so changes to the
/// front end's naming show up in review too.
#[test]
fn snapshot_bookshop_example() {
    let prd = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/bookshop.md"))
        .expect("the example exists");
    let genome = microcodegen::analyze(&prd)
        .genome
        .expect("the example has no errors");
    insta::assert_snapshot!("bookshop_example", tree(&files(&genome)));
}

/// Text files end with one line break: editors, `git diff` and `ruff
/// format` expect it; only an empty file (a package's `__init__.py`) has
/// none.
#[test]
fn every_file_ends_with_one_line_break() {
    for genome in [common::full_genome(), common::minimal_genome()] {
        for f in files(&genome) {
            if f.contents.is_empty() {
                continue;
            }
            assert!(
                f.contents.ends_with(b"\n") && !f.contents.ends_with(b"\n\n"),
                "{} does not end with exactly one line break",
                f.path
            );
        }
    }
}

#[test]
fn output_is_deterministic_and_sorted() {
    let genome = common::full_genome();
    let a = files(&genome);
    let b = files(&genome);
    assert_eq!(a, b);
    let paths: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(paths, sorted, "paths are sorted and unique");
    assert_eq!(
        zip_bytes(&a, "app").unwrap(),
        zip_bytes(&b, "app").unwrap(),
        "the ZIP is byte-identical"
    );
}

#[test]
fn only_env_depends_on_the_secrets() {
    let genome = common::full_genome();
    let fixed = files(&genome);
    let secrets = Secrets::random().unwrap();
    let random = DEFAULT.plan(&genome, &secrets).files();
    for (a, b) in fixed.iter().zip(&random) {
        assert_eq!(a.path, b.path);
        if a.path == ".env" {
            let env = String::from_utf8(b.contents.clone()).unwrap();
            // The token-signing key: 32 of the random bytes, in hexadecimal.
            assert!(env.contains(&format!("SECRET_KEY={}\n", secrets.hex(0..32))));
            assert_ne!(a.contents, b.contents);
        } else {
            assert_eq!(
                a.contents, b.contents,
                "{} changed with the secrets",
                a.path
            );
        }
    }
}

#[test]
fn hostile_text_is_escaped() {
    let all = files(&common::full_genome());
    let get = |path: &str| {
        let f = all
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"));
        String::from_utf8(f.contents.clone()).unwrap()
    };
    let config = get("app/config.py");
    let line = config
        .lines()
        .find(|l| l.starts_with("APP_TITLE = "))
        .unwrap();
    assert!(line.is_ascii(), "the Python literal is pure ASCII: {line}");
    assert!(
        line.contains(r#"'Q\'s "Tracker""#)
            && line.contains(r"\\ ")
            && line.contains(r"\U0001f680"),
        "single quotes, as the formatter prefers for text with double quotes: {line}"
    );
    let openapi = get("openapi.yaml");
    assert!(
        openapi.contains(r#"title: "Q's \"Tracker\" `x` \\ {{ a }}"#),
        "YAML title is double-quoted"
    );
    let arch = get("ARCHITECTURE.md");
    assert!(arch.contains(r#"project \"lead\" \| admin"#));
    assert!(arch.contains("&lt;b&gt;html&lt;/b&gt;"));
    let genome_json: serde_json::Value = serde_json::from_str(&get("GENOME.json")).unwrap();
    assert_eq!(genome_json["solution_name"], common::HOSTILE);
}

#[test]
fn zip_round_trip_equals_the_file_list() {
    let all = files(&common::full_genome());
    let bytes = zip_bytes(&all, "full-app").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut seen = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        assert!(
            !name.starts_with('/') && !name.split('/').any(|s| s == ".."),
            "{name}"
        );
        // Every entry is under the one folder.
        let name = name
            .strip_prefix("full-app/")
            .unwrap_or_else(|| panic!("{name} is not under full-app/"))
            .to_string();
        let private = entry.unix_mode().map(|m| m & 0o777) == Some(0o600);
        let mode = if name == ".env" { 0o600 } else { 0o644 };
        assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(mode), "{name}");
        let modified = entry.last_modified().unwrap();
        assert_eq!(
            (modified.year(), modified.month(), modified.day()),
            (1980, 1, 1)
        );
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
        let mut contents = Vec::new();
        entry.read_to_end(&mut contents).unwrap();
        seen.push(GeneratedFile {
            path: name,
            contents,
            private,
        });
    }
    assert_eq!(seen, all);
}

fn read_tree(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn write_dir_holds_the_same_bytes_as_the_zip() {
    let all = files(&common::full_genome());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("app");
    write_dir(&all, &dir, false).unwrap();
    let expected: BTreeMap<String, Vec<u8>> = all
        .iter()
        .map(|f| (f.path.clone(), f.contents.clone()))
        .collect();
    assert_eq!(read_tree(&dir), expected);
    // Nothing is left beside the output directory.
    let siblings: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(siblings.len(), 1);
}

/// `.env` holds the app's secrets: only its owner may read it; every other
/// file keeps the usual permissions.
#[cfg(unix)]
#[test]
fn write_dir_makes_dot_env_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let all = files(&common::minimal_genome());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("app");
    write_dir(&all, &dir, false).unwrap();
    let mode = |path: &str| {
        std::fs::metadata(dir.join(path))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(".env"), 0o600);
    assert_eq!(
        mode(".env.example") & 0o044,
        0o044,
        "others may read the example"
    );
    assert_eq!(mode("main.py") & 0o044, 0o044);
}

#[test]
fn write_dir_refuses_a_non_empty_dir_and_force_writes_over_it() {
    let all = files(&common::minimal_genome());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("app");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("keep.txt"), b"mine").unwrap();

    let err = write_dir(&all, &dir, false).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(
        std::fs::read(dir.join("keep.txt")).unwrap(),
        b"mine",
        "nothing touched"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no temporary left"
    );

    write_dir(&all, &dir, true).unwrap();
    assert_eq!(
        std::fs::read(dir.join("keep.txt")).unwrap(),
        b"mine",
        "a file the app does not have is kept"
    );
    assert!(dir.join("main.py").exists());
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no staging directory left"
    );

    // An existing empty directory is filled without force.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    write_dir(&all, &empty, false).unwrap();
    assert!(empty.join("main.py").exists());
}

#[test]
fn unsafe_paths_are_refused() {
    for path in ["../evil", "/abs", "a/../b", "a//b", "a\\b", ""] {
        let files = [GeneratedFile {
            path: path.into(),
            contents: vec![],
            private: false,
        }];
        assert!(
            zip_bytes(&files, "app").is_err(),
            "{path:?} accepted in a ZIP"
        );
        let tmp = tempfile::tempdir().unwrap();
        assert!(
            write_dir(&files, &tmp.path().join("out"), false).is_err(),
            "{path:?} written"
        );
    }
}

/// The ER diagram of ARCHITECTURE.md for a PRD.
fn er_diagram(prd: &str) -> String {
    let genome = microcodegen::analyze(prd.as_bytes())
        .genome
        .expect("the PRD has no errors");
    let architecture = files(&genome)
        .into_iter()
        .find(|f| f.path == "ARCHITECTURE.md")
        .expect("ARCHITECTURE.md is generated");
    let text = String::from_utf8(architecture.contents).expect("UTF-8");
    let start = text.find("```mermaid\n").expect("a Mermaid block") + "```mermaid\n".len();
    let end = start + text[start..].find("```").expect("the block ends");
    text[start..end].to_string()
}

/// Every link is an edge from the linked entity, exactly one (`||`) when
/// required and zero or one (`|o`) when optional, to many rows (`o{`);
/// every entity lists its columns, a link's as a foreign key.
#[test]
fn the_er_diagram_draws_every_link_with_its_cardinality() {
    let diagram = er_diagram(
        "# Desk\n\n## Entities\n\
         - User: nickname (string)\n\
         - Project: name (string, required, unique)\n\
         - Task: title (string), project (Project, required), reviewer (Project), parent (Task)\n\
         - One: pk (string), uk (integer)\n",
    );
    let lines: Vec<&str> = diagram.lines().map(str::trim).collect();
    for edge in [
        r#""User" ||--o{ "Project" : "owns""#,
        r#""User" ||--o{ "Task" : "owns""#,
        r#""Project" ||--o{ "Task" : "project""#,
        r#""Project" |o--o{ "Task" : "reviewer""#,
        r#""Task" |o--o{ "Task" : "parent""#,
        r#""User" ||--o{ "One" : "owns""#,
    ] {
        assert!(lines.contains(&edge), "no edge {edge} in:\n{diagram}");
    }
    assert_eq!(lines.iter().filter(|l| l.contains("--")).count(), 6);
    for attribute in [
        r#""Task" {"#,
        r#"uuid project_id FK "required""#,
        "uuid reviewer_id FK",
        "uuid parent_id FK",
        "string title",
        r#"string name UK "required""#,
        "string nickname",
        "string `pk`",
        "integer `uk`",
    ] {
        assert!(lines.contains(&attribute), "no {attribute} in:\n{diagram}");
    }
    assert!(
        !diagram.contains("reference"),
        "a link's column is a uuid:\n{diagram}"
    );
}

/// A unique e-mail address compares case-insensitively: a unique index on
/// its lower-cased value in the model and the migration, and the router's
/// duplicate check compares it lower-cased.
#[test]
fn a_unique_email_is_a_case_insensitive_unique_index() {
    let genome = microcodegen::analyze(
        b"# Crm\n\n## Entities\n- Contact: email (email, unique), name (string, unique)\n",
    )
    .genome
    .expect("the PRD has no errors");
    let all = files(&genome);
    let get = |path: &str| {
        let file = all.iter().find(|f| f.path == path).expect(path);
        String::from_utf8(file.contents.clone()).expect("UTF-8")
    };
    let model = get("app/models/contact.py");
    assert!(
        model.contains(
            r#"Index(
    "uq_contacts_user_id_email", Contact.user_id, func.lower(Contact.email), unique=True
)"#
        ),
        "{model}"
    );
    assert!(
        model.contains(r#"UniqueConstraint("user_id", "name")"#),
        "{model}"
    );
    assert!(
        !model.contains(r#"UniqueConstraint("user_id", "email")"#),
        "{model}"
    );
    let migration = get("alembic/versions/0001_initial.py");
    assert!(
        migration.contains(r#"["user_id", sa.text('lower("email")')],"#),
        "{migration}"
    );
    let router = get("app/routers/contact.py");
    assert!(
        router.contains(r#"CASE_INSENSITIVE: tuple[str, ...] = ("email",)"#),
        "{router}"
    );
    assert!(get("app/crud.py").contains("func.lower(getattr(model, field)) == value.lower()"));
}

/// A profile field that says what the user may do (`role`) is in the
/// profile but not in the body of `PATCH /api/auth/me`, in the schema and
/// in the OpenAPI document alike, and the generated tests send it to see
/// it refused.
#[test]
fn privilege_fields_are_left_out_of_the_profile_update() {
    let prd = b"# Dojo\n\n## Entities\n\n- User: nickname (string), role (enum: pupil | sensei, default=pupil)\n- Lesson: topic (string, required)\n";
    let genome = microcodegen::analyze(prd).genome.expect("no errors");
    assert_eq!(genome.read_only_user_fields, ["role"]);
    let files = files(&genome);
    let text = |path: &str| {
        let file = files.iter().find(|f| f.path == path).expect(path);
        String::from_utf8(file.contents.clone()).expect("UTF-8")
    };
    let schemas = text("app/schemas/profile.py");
    let (fields, update) = schemas
        .split_once("class ProfileUpdate")
        .expect("an update schema");
    assert!(fields.contains("    role: "), "{schemas}");
    assert!(update.contains("    nickname: "), "{schemas}");
    assert!(!update.contains("    role: "), "{schemas}");
    let openapi = text("openapi.yaml");
    let update = openapi
        .split_once("    ProfileUpdate:")
        .expect("the update's schema")
        .1
        .split("\n    UserResponse:")
        .next()
        .expect("a part");
    assert!(update.contains("nickname:"), "{update}");
    assert!(!update.contains("role:"), "{update}");
    let tests = text("tests/test_auth.py");
    assert!(
        tests.contains(r#"unchanged = {"role": me["role"]}"#),
        "{tests}"
    );
}

/// A plan that counts how often each of its files is rendered.
struct Counted<'a> {
    files: &'a [GeneratedFile],
    renders: Vec<AtomicUsize>,
}

impl<'a> Counted<'a> {
    fn new(files: &'a [GeneratedFile]) -> Self {
        let renders = files.iter().map(|_| AtomicUsize::new(0)).collect();
        Counted { files, renders }
    }
}

impl FilePlan for &Counted<'_> {
    fn count(&self) -> usize {
        self.files.len()
    }
    fn path(&self, i: usize) -> &str {
        &self.files[i].path
    }
    fn is_large(&self, i: usize) -> bool {
        self.files[i].contents.len() >= 1 << 20
    }
    fn write(&self, i: usize, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.renders[i].fetch_add(1, Ordering::Relaxed);
        out.write_all(&self.files[i].contents)
    }
    fn is_seed(&self, i: usize) -> bool {
        self.files[i].path == ".env"
    }
}

/// The ownership record is written after every other file, of the hashes
/// taken as they were written: each file is rendered once, and the record
/// is the one made by rendering every file again.
#[test]
fn the_ownership_record_comes_last_and_renders_nothing_again() {
    use microcodegen::ownership::{OwnershipRecord, RECORD_PATH, WithRecord, record_for};
    let genome = microcodegen::analyze(include_bytes!("../examples/pet_clinic.md"))
        .genome
        .expect("the example is valid");
    let files = files(&genome);
    let expected = record_for(&&Counted::new(&files), Some("0001".into()), 2);
    for zip in [true, false] {
        let counted = Counted::new(&files);
        let plan = WithRecord::new(Box::new(&counted), Some("0001".into()), 2);
        let tmp = tempfile::tempdir().unwrap();
        let record = if zip {
            let bytes = write_zip_plan(&plan, "app", Vec::new()).unwrap();
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            assert_eq!(archive.len(), files.len() + 1);
            let mut last = archive.by_index(archive.len() - 1).unwrap();
            assert_eq!(
                last.name().unwrap(),
                format!("app/{RECORD_PATH}"),
                "the record is the last entry"
            );
            let mut contents = Vec::new();
            last.read_to_end(&mut contents).unwrap();
            contents
        } else {
            let dir = tmp.path().join("app");
            write_dir_plan(&plan, &dir, false).unwrap();
            std::fs::read(dir.join(RECORD_PATH)).unwrap()
        };
        assert_eq!(OwnershipRecord::from_bytes(&record).unwrap(), expected);
        let renders: Vec<usize> = counted
            .renders
            .iter()
            .map(|n| n.load(Ordering::Relaxed))
            .collect();
        assert!(
            renders.iter().all(|&n| n == 1),
            "every file rendered once (zip: {zip}): {renders:?}"
        );
    }
}
