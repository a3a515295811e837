//! The command line as a user meets it: exit statuses, where output goes,
//! and one-line messages for misuse.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn microcodegen(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_microcodegen"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    if let Some(bytes) = stdin {
        // The child may stop reading early; a broken pipe is not our failure.
        let _ = pipe.write_all(bytes);
    }
    drop(pipe);
    child.wait_with_output().expect("the binary finishes")
}

fn example(name: &str) -> String {
    format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn emit_manifest_prints_json_and_exits_zero() {
    let output = microcodegen(&[&example("pet_clinic.md"), "--emit", "manifest"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(manifest["solution_name"], "Pet Clinic");
    assert_eq!(manifest["entities"].as_array().map(Vec::len), Some(4));
    assert_eq!(manifest["integrations"][0]["name"], "stripe");
    assert!(output.stderr.is_empty());
}

#[test]
fn emit_genome_carries_spans_and_archimate_elements() {
    let output = microcodegen(&[&example("conference.md"), "--emit", "genome"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let genome: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(genome["bundle_id"], "community-conference-planner");
    let kinds: Vec<&str> = genome["archimate_elements"]
        .as_array()
        .expect("elements")
        .iter()
        .filter_map(|element| element["type"].as_str())
        .collect();
    assert_eq!(
        kinds.iter().filter(|kind| **kind == "DataObject").count(),
        4
    );
    assert_eq!(kinds[0], "ApplicationComponent");
    assert!(kinds.contains(&"BusinessProcess"));
    assert!(genome["entities"][0]["origin"]["start"].as_u64().is_some());
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let prd = b"# From Stdin\n## Entities\n- Note: body (text)\n";
    let output = microcodegen(&["-", "--emit", "manifest"], Some(prd));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(manifest["solution_name"], "From Stdin");
}

#[test]
fn errors_exit_one_with_located_diagnostics_and_no_output() {
    let prd = b"# Shop\n\n## Entities\n- Product: price (intger)\n";
    let output = microcodegen(&["-", "--emit", "manifest"], Some(prd));
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing is printed on errors");
    let text = stderr(&output);
    assert!(text.contains("error[E0003]"), "{text}");
    assert!(text.contains("<stdin>:4:19"), "{text}");
    assert!(text.contains("did you mean `integer`?"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stderr is not a terminal"
    );
}

#[test]
fn check_prints_diagnostics_and_a_summary() {
    let prd = b"# Wiki\n## Entities\n- Page: id (integer), title (string)\n";
    let output = microcodegen(&["check", "-"], Some(prd));
    assert_eq!(output.status.code(), Some(0), "warnings alone do not fail");
    assert!(output.stdout.is_empty());
    let text = stderr(&output);
    assert!(text.contains("warning[W0001]"), "{text}");
    assert!(text.contains("<stdin>: 0 errors, 1 warning"), "{text}");
}

#[test]
fn colour_can_be_forced() {
    let prd = b"# Shop\n## Entities\n- Product: price (intger)\n";
    let output = microcodegen(&["check", "-", "--color", "always"], Some(prd));
    assert!(stderr(&output).contains('\u{1b}'));
}

#[test]
fn a_missing_file_is_one_line_and_exit_two() {
    let output = microcodegen(&["check", "/nonexistent/prd.md"], None);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("cannot read `/nonexistent/prd.md`"), "{text}");
}

#[test]
fn a_directory_is_refused_with_exit_two() {
    let output = microcodegen(&["check", env!("CARGO_MANIFEST_DIR")], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is a directory"));
}

#[test]
fn misuse_is_one_line_and_exit_two() {
    for args in [
        &["--bogus"][..],
        &[],
        &["a.md", "--emit", "nonsense"],
        &["check"],
    ] {
        let output = microcodegen(args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = stderr(&output);
        assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
        assert!(text.starts_with("microcodegen: "), "{text}");
    }
}

#[test]
fn hostile_inputs_end_with_a_diagnostic_not_a_panic() {
    let one_long_line = "word ".repeat(2_000_000).into_bytes();
    let deep_bullets: String = (1..2000)
        .map(|depth| format!("{}- f{depth}: string\n", " ".repeat(depth)))
        .collect();
    let deep = format!("# Deep\n## Entities\n- **Deep**\n{deep_bullets}").into_bytes();
    let binary: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    for (name, bytes, expected) in [
        ("empty", Vec::new(), 1),
        ("binary", binary, 1),
        ("one long line", one_long_line, 1),
        ("deep bullets", deep, 0),
        ("nul", b"# T\0".to_vec(), 1),
    ] {
        let output = microcodegen(&["check", "-"], Some(&bytes));
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{name}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{name}");
    }
}

#[test]
fn colour_is_off_with_no_color_or_off_a_terminal() {
    let prd = b"# Shop\n## Entities\n- Product: price (intger)\n";
    // Standard error is a pipe here, so `auto` means no colour.
    let output = microcodegen(&["check", "-"], Some(prd));
    assert!(!stderr(&output).contains('\u{1b}'));
    let output = microcodegen(&["check", "-", "--color", "never"], Some(prd));
    assert!(!stderr(&output).contains('\u{1b}'));
}

#[test]
fn explain_prints_the_explanation_of_every_code() {
    for info in microcodegen::diagnostics::CODES {
        let output = microcodegen(&["explain", &info.id.to_ascii_lowercase()], None);
        assert_eq!(output.status.code(), Some(0), "{}", info.id);
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.starts_with(info.id), "{text}");
        assert!(text.contains(info.explanation), "{text}");
        assert!(text.contains("Wrong:") && text.contains("Right:"), "{text}");
    }
    let output = microcodegen(&["explain"], None);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().count(),
        microcodegen::diagnostics::CODES.len()
    );
}

#[test]
fn explain_refuses_an_unknown_code_in_one_line_with_a_suggestion() {
    let output = microcodegen(&["explain", "E0019"], None);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("unknown diagnostic code `E0019`; did you mean `E0009`?"),
        "{text}"
    );
    let output = microcodegen(&["explain", "banana"], None);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).lines().count(), 1);
}

const SEVERAL_MISTAKES: &[u8] = b"# Shop\n\n## Entites\n- Product: name (strng, required), price (decimal, uniq)\n- Order: total (money), product (Produt)\n\n## Stories\n- As a shopper I want to browse products.\n";

#[test]
fn json_format_is_one_object_per_line_in_every_form() {
    for args in [
        &["check", "-", "--format", "json"][..],
        &["-", "--emit", "manifest", "--format", "json"],
        &["--format", "json", "-", "--emit", "genome"],
    ] {
        let output = microcodegen(args, Some(SEVERAL_MISTAKES));
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(output.stdout.is_empty());
        let text = stderr(&output);
        let objects: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).expect("each line is JSON"))
            .collect();
        let codes: Vec<&str> = objects.iter().filter_map(|o| o["code"].as_str()).collect();
        assert_eq!(
            codes,
            ["E0015", "E0003", "E0013", "E0003", "W0005"],
            "{args:?}"
        );
        assert_eq!(objects[0]["file"], "<stdin>");
        assert_eq!(objects[1]["primary"]["line"], 4);
        assert_eq!(objects[1]["primary"]["column"], 18);
        assert_eq!(objects[1]["suggestion"]["replacement"], "string");
        assert_eq!(objects[4]["severity"], "warning");
    }
}

#[test]
fn deny_warnings_fails_a_run_with_warnings() {
    let prd = b"# Wiki\n## Entities\n- Page: id (integer), title (string)\n";
    let output = microcodegen(&["check", "-", "--deny-warnings"], Some(prd));
    assert_eq!(output.status.code(), Some(1));
    let output = microcodegen(&["-", "--emit", "manifest", "--deny-warnings"], Some(prd));
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "a failed run prints no manifest");
    let clean = b"# Wiki\n## Entities\n- Page: title (string)\n";
    let output = microcodegen(&["check", "-", "--deny-warnings"], Some(clean));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn fix_repairs_the_mechanical_mistakes_and_nothing_else() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("shop.md");
    std::fs::write(&path, SEVERAL_MISTAKES).expect("write the PRD");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))
            .expect("set permissions");
    }
    let path_text = path.to_string_lossy().into_owned();
    let output = microcodegen(&["check", &path_text, "--fix"], None);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the entity reference is left"
    );
    let text = stderr(&output);
    assert!(text.contains("applied 4 fixes"), "{text}");
    assert!(
        text.contains("[E0003]") && text.contains("`Produt`"),
        "{text}"
    );
    assert!(text.contains("1 error, 0 warnings"), "{text}");
    let fixed = std::fs::read_to_string(&path).expect("read the PRD");
    assert_eq!(
        fixed,
        "# Shop\n\n## Entities\n- Product: name (string, required), price (decimal, unique)\n- Order: total (money), product (Produt)\n\n## Stories\n- As a shopper, I want to browse products.\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left: {leftovers:?}"
    );
}

#[test]
fn fix_leaves_a_file_without_applicable_fixes_untouched() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("links.md");
    let prd = b"# Links\n## Entities\n- Task: project (Projet)\n- Project: name (string)\n";
    std::fs::write(&path, prd).expect("write the PRD");
    let before = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path_text = path.to_string_lossy().into_owned();
    let output = microcodegen(&["check", &path_text, "--fix"], None);
    assert_eq!(output.status.code(), Some(1));
    assert!(!stderr(&output).contains("applied"));
    assert_eq!(std::fs::read(&path).expect("read"), prd);
    let after = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after, "the file was rewritten");
}

#[test]
fn fix_refuses_standard_input() {
    let output = microcodegen(&["check", "-", "--fix"], Some(SEVERAL_MISTAKES));
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("--fix"), "{text}");
}
