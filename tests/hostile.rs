//! Hostile text end to end: titles, roles and story text holding quotes of
//! every kind, backslashes, template syntax, shell and YAML specials, control
//! and invisible characters, emoji, HTML and very long text. Every PRD must
//! give an app; all the apps are then checked in one Python process
//! (`tests/hostile/check_apps.py`): every `.py` compiles, every JSON and YAML
//! file parses, Markdown tables keep their columns, the title reads back
//! exactly, and each app's `main` imports (in the end-to-end tests'
//! virtualenv, prepared the same way).
//!
//! Part of the end-to-end tier: built only when `MICROCODEGEN_E2E=1`.
#![cfg(e2e_tier)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use microcodegen::pack::write_dir;
use microcodegen::targets::{DEFAULT, Secrets};

/// Text that has broken code generators somewhere.
const HOSTILE: &[&str] = &[
    "\"",
    "'",
    "`",
    "\"\"\"",
    "'''",
    "```",
    "\\",
    "\\\\",
    "\\\"",
    "\\n",
    "ends with a backslash \\",
    "\" + __import__('os').system('echo pwned') + \"",
    "“curly” ‘quotes’ «guillemets» „low“ ‹single›",
    "{{ title }}",
    "{% if true %}x{% endif %}",
    "{# comment #}",
    "${HOME} $(id) `id` $1",
    "%s %d %(name)s {0} {name}",
    "tab\there",
    "carriage\rreturn",
    "form\u{c}feed vertical\u{b}tab escape\u{1b}[31m bell\u{7} delete\u{7f}",
    "next\u{85}line line\u{2028}separator paragraph\u{2029}separator",
    "zero\u{200b}width joiner\u{200d} bom\u{feff} rtl\u{202e}override\u{202c}",
    "right\u{200f}to\u{200f}left mark שלום عربي",
    "emoji 🚀👩\u{200d}💻 🇫🇷",
    "</script><script>alert(1)</script>",
    "<!-- comment --> <b>bold</b> &amp; &lt;",
    "key: value",
    "# not a comment",
    "- not a list",
    "* star",
    "&anchor",
    "*alias",
    "!tag",
    "!!python/object:os.system",
    "? complex",
    "| literal",
    "> folded",
    "@at",
    "% directive",
    "---",
    "...",
    "yes",
    "no",
    "null",
    "~",
    "0x1F",
    "1e3",
    "[flow, seq]",
    "{flow: map}",
    "a | b | c",
    "pipe\\|escaped",
    "[link](http://example.com)",
    "_under_ **bold** ~~strike~~",
    ";; DROP TABLE users; --",
    "NUL-free but \u{1} control",
    "\u{10ffff} last code point",
];

/// A PRD whose title is `title` and whose story carries `text`.
fn prd(title: &str, text: &str) -> String {
    // A role stops at a comma, a goal at a full stop, `!` or `?` followed by
    // a space: those characters simply end the clause early.
    let role: String = text.chars().filter(|&c| c != ',').take(60).collect();
    format!(
        "# {title}\n\n\
         Overview: {text}\n\n\
         ## Entities\n\n\
         - Project: name (string, required), notes (text)\n\n\
         ### Task\n\
         - title: string (unique, indexed) - {text}\n\
         - done: boolean\n\n\
         ## User Stories\n\n\
         - As a buyer {role}, I want to create {text} so that I see {text}.\n\
         - As an admin, I want to approve {text}.\n"
    )
}

fn hostile_prds() -> Vec<String> {
    let mut prds = Vec::new();
    for text in HOSTILE {
        prds.push(prd(&format!("Shop {text} end"), text));
        prds.push(prd(text, text));
    }
    let all = HOSTILE.join(" ");
    prds.push(prd(&all, &all));
    prds.push(prd(&"Long \"title\" \\ ".repeat(2000), &"x' ".repeat(3000)));
    prds
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn venv_dir() -> PathBuf {
    std::env::var_os("MICROCODEGEN_E2E_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| manifest_dir().join("target"))
                .join("e2e-venv")
        })
}

/// The end-to-end tests' virtualenv, made or refreshed the same way.
fn prepare_venv(app: &Path) -> PathBuf {
    let venv = venv_dir();
    let status = Command::new("python3")
        .arg(manifest_dir().join("tests/e2e/check_app.py"))
        .arg(app)
        .arg(&venv)
        .arg("--venv-only")
        .status()
        .expect("python3 runs");
    assert!(status.success(), "preparing the virtualenv failed");
    venv.join("bin/python")
}

#[test]
fn hostile_text_gives_apps_that_compile_parse_and_import() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let secrets = Secrets::insecure_fixed_for_tests();
    let mut expected = BTreeMap::new();
    for (i, text) in hostile_prds().iter().enumerate() {
        let analysis = microcodegen::analyze(text.as_bytes());
        let genome = analysis.genome.unwrap_or_else(|| {
            panic!(
                "hostile PRD {i} was refused:\n{text}\n{:#?}",
                analysis.diagnostics
            )
        });
        assert_eq!(genome.entities.len(), 2, "PRD {i}: {text}");
        assert_eq!(genome.user_stories.len(), 2, "PRD {i}: {text}");
        let app = tmp.path().join(format!("app{i}"));
        write_dir(&DEFAULT.plan(&genome, &secrets).files(), &app, false).expect("writes the app");
        expected.insert(
            app.to_str().expect("a UTF-8 path").to_string(),
            genome.solution_name.clone(),
        );
    }
    let expected_path = tmp.path().join("expected.json");
    std::fs::write(
        &expected_path,
        serde_json::to_vec(&expected).expect("serializes"),
    )
    .expect("writes");
    let first = PathBuf::from(expected.keys().next().expect("an app"));
    let python = prepare_venv(&first);
    let output = Command::new(python)
        .arg(manifest_dir().join("tests/hostile/check_apps.py"))
        .arg(&expected_path)
        .arg("--import")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("the virtualenv's python runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains(&format!(
            "checked {} apps (imported): 0 problems",
            expected.len()
        )),
        "{report}"
    );
}
