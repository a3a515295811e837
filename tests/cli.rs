//! The command line as a user meets it: exit statuses, where output goes,
//! one-line messages for trouble, and the argument parser's own messages for
//! misuse.

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
    assert!(
        text.ends_with(
            "<stdin>: read 1 entity, 1 field, 0 links, 0 stories; 0 errors, 1 warning\n"
        ),
        "{text}"
    );
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
fn misuse_exits_two_with_what_is_wrong_and_the_usage() {
    for (args, says) in [
        (&["--bogus"][..], "unexpected argument '--bogus'"),
        (&[], "<PRD>"),
        (&["a.md", "--emit", "nonsense"], "invalid value 'nonsense'"),
        (&["check"], "<PRD>"),
    ] {
        let output = microcodegen(args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = stderr(&output);
        assert!(text.starts_with("error: "), "{args:?}: {text}");
        assert!(text.contains(says), "{args:?}: {text}");
        assert!(text.contains("try '--help'"), "{args:?}: {text}");
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
    let output = microcodegen(&["explain", "E0100"], None);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("unknown diagnostic code `E0100`; did you mean `E0010`?"),
        "{text}"
    );
    let output = microcodegen(&["explain", "banana"], None);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).lines().count(), 1);
}

const SEVERAL_MISTAKES: &[u8] = b"# Shop\n\n## Entites\n- Product: name (strng, required), price (decimal, uniq)\n- Order: total (money), product (Produt)\n\n## Stories\n- As a shopper I would like to browse products.\n";

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
            ["E0015", "E0003", "E0013", "E0019", "W0005"],
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
    // A note (here, a renamed table) is no warning.
    let noted = b"# Wiki\n## Entities\n```sql\nCREATE TABLE pages (title TEXT);\n```\n";
    let output = microcodegen(&["check", "-", "--deny-warnings", "--verbose"], Some(noted));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("N0002"), "{}", stderr(&output));
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
        text.contains("[E0019]") && text.contains("`Produt`"),
        "{text}"
    );
    assert!(text.contains("1 error, 0 warnings"), "{text}");
    let fixed = std::fs::read_to_string(&path).expect("read the PRD");
    assert_eq!(
        fixed,
        "# Shop\n\n## Entities\n- Product: name (string, required), price (decimal, unique)\n- Order: total (money), product (Produt)\n\n## Stories\n- As a shopper I want to browse products.\n"
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

#[cfg(unix)]
#[test]
fn fix_through_a_symbolic_link_fixes_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("docs")).expect("a folder");
    let target = dir.path().join("docs/shop.md");
    std::fs::write(&target, SEVERAL_MISTAKES).expect("write the PRD");
    let link = dir.path().join("prd.md");
    std::os::unix::fs::symlink("docs/shop.md", &link).expect("a symbolic link");
    let link_text = link.to_string_lossy().into_owned();
    let output = microcodegen(&["check", &link_text, "--fix"], None);
    assert!(
        stderr(&output).contains("applied 4 fixes"),
        "{}",
        stderr(&output)
    );
    let kind = std::fs::symlink_metadata(&link)
        .expect("the link")
        .file_type();
    assert!(kind.is_symlink(), "the link is still a link");
    let fixed = std::fs::read_to_string(&target).expect("read the target");
    assert!(fixed.contains("price (decimal, unique)"), "{fixed}");
    let leftovers = std::fs::read_dir(dir.path().join("docs"))
        .expect("list")
        .count();
    assert_eq!(leftovers, 1, "no temporary file is left beside the target");
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

/// The files of a ZIP archive, by path.
fn zip_entries(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read as _;
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("stdout is a ZIP archive");
    (0..archive.len())
        .map(|index| {
            let mut entry = archive.by_index(index).expect("the entry reads");
            let mut contents = Vec::new();
            entry
                .read_to_end(&mut contents)
                .expect("the entry inflates");
            (
                entry
                    .name()
                    .expect("the entry has a UTF-8 name")
                    .to_string(),
                contents,
            )
        })
        .collect()
}

/// The files under a directory, by relative `/`-separated path.
fn dir_entries(root: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("the directory reads") {
            let path = entry.expect("the entry reads").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(root).expect("under the root");
                let name = relative.to_string_lossy().replace('\\', "/");
                files.insert(name, std::fs::read(&path).expect("the file reads"));
            }
        }
    }
    files
}

#[test]
fn the_zip_on_stdout_and_the_directory_hold_the_same_files() {
    let prd = example("fitness_log.md");
    let zip = microcodegen(&[&prd], None);
    assert_eq!(zip.status.code(), Some(0), "{}", stderr(&zip));
    assert!(zip.stdout.starts_with(b"PK"), "stdout is a ZIP archive");
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("app");
    let dir = microcodegen(&[&prd, "--out", out.to_str().expect("UTF-8 path")], None);
    assert_eq!(dir.status.code(), Some(0), "{}", stderr(&dir));
    // Every entry is under one folder named after the app.
    let entries = zip_entries(&zip.stdout);
    let mut from_zip = std::collections::BTreeMap::new();
    for (path, contents) in entries {
        let inside = path
            .strip_prefix("fitness-log/")
            .unwrap_or_else(|| panic!("{path} is not under fitness-log/"));
        from_zip.insert(inside.to_string(), contents);
    }
    let mut from_dir = dir_entries(&out);
    // Only .env differs between runs: it holds fresh secrets.
    let zip_env = from_zip.remove(".env").expect("the ZIP has .env");
    let dir_env = from_dir.remove(".env").expect("the directory has .env");
    assert_ne!(zip_env, dir_env, "each run draws new secrets");
    assert_eq!(from_zip, from_dir);
    assert!(from_zip.contains_key("alembic/versions/0001_initial.py"));
    assert!(
        from_zip
            .keys()
            .all(|path| !path.starts_with('/') && !path.contains(".."))
    );
}

#[test]
fn an_output_directory_gets_its_missing_parents() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("projects").join("clinic").join("app");
    let run = microcodegen(
        &[
            &example("pet_clinic.md"),
            "--out",
            out.to_str().expect("UTF-8 path"),
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(out.join("main.py").is_file());
    assert!(out.join("alembic/versions/0001_initial.py").is_file());
    // Nothing is left beside it but the app.
    let beside: Vec<_> = std::fs::read_dir(out.parent().expect("a parent"))
        .expect("the parent is readable")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert_eq!(beside, ["app"]);
}

#[test]
fn generation_is_deterministic_apart_from_secrets() {
    let prd = example("bookshop.md");
    let first = microcodegen(&[&prd], None);
    let second = microcodegen(&[&prd], None);
    let mut first = zip_entries(&first.stdout);
    let mut second = zip_entries(&second.stdout);
    for entries in [&mut first, &mut second] {
        let folder = entries
            .keys()
            .find_map(|path| path.strip_suffix("/.env"))
            .expect("the archive has .env")
            .to_string();
        entries.remove(&format!("{folder}/.env"));
    }
    assert_eq!(first, second);
}

#[test]
fn a_non_empty_output_directory_is_left_untouched_without_force() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("app");
    std::fs::create_dir(&out).expect("create the directory");
    std::fs::write(out.join("notes.txt"), "mine").expect("write a file");
    let out_arg = out.to_str().expect("UTF-8 path");
    let refused = microcodegen(&[&example("pet_clinic.md"), "--out", out_arg], None);
    assert_eq!(refused.status.code(), Some(2));
    let text = stderr(&refused);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("--force"), "{text}");
    assert_eq!(dir_entries(&out).len(), 1, "nothing was added");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).expect("still there"),
        "mine"
    );
    let entries_beside = std::fs::read_dir(tmp.path()).expect("reads").count();
    assert_eq!(entries_beside, 1, "no staging directory is left beside it");

    let forced = microcodegen(
        &[&example("pet_clinic.md"), "--out", out_arg, "--force"],
        None,
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(out.join("main.py").is_file());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).expect("still there"),
        "mine",
        "--force writes the generated files and touches nothing else"
    );
}

#[test]
fn force_keeps_the_database_the_secrets_and_the_users_own_code() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("app");
    let out_arg = out.to_str().expect("UTF-8 path");
    let first = microcodegen(&[&example("pet_clinic.md"), "--out", out_arg], None);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let env = std::fs::read(out.join(".env")).expect(".env written");
    std::fs::write(out.join("app.db"), "rows").expect("a database");
    std::fs::write(out.join("app/custom/__init__.py"), "# mine\n").expect("edit");
    std::fs::write(out.join("app/custom/visits.py"), "router = None\n").expect("add");
    std::fs::write(out.join("README.md"), "edited").expect("edit an owned file");
    let forced = microcodegen(
        &[&example("pet_clinic.md"), "--out", out_arg, "--force"],
        None,
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(
        std::fs::read(out.join(".env")).unwrap(),
        env,
        "same secrets"
    );
    assert_eq!(std::fs::read_to_string(out.join("app.db")).unwrap(), "rows");
    assert_eq!(
        std::fs::read_to_string(out.join("app/custom/__init__.py")).unwrap(),
        "# mine\n"
    );
    assert!(out.join("app/custom/visits.py").is_file());
    assert_ne!(
        std::fs::read_to_string(out.join("README.md")).unwrap(),
        "edited",
        "a generated file is written again"
    );
    assert!(out.join(".microcodegen/owned.json").is_file());
}

#[test]
fn a_successful_run_says_in_one_line_what_it_wrote_and_how_to_run_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("my app");
    let out_arg = out.to_str().expect("UTF-8 path");
    let output = microcodegen(&[&example("pet_clinic.md"), "--out", out_arg], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    let files = dir_entries(&out).len();
    assert!(
        text.contains(&format!(
            "wrote the Pet Clinic app ({files} files) to '{out_arg}'"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("cd '{out_arg}' && python3 -m venv .venv")),
        "{text}"
    );
    assert!(text.trim_end().ends_with("uvicorn main:app"), "{text}");

    let zip = microcodegen(&[&example("pet_clinic.md")], None);
    assert_eq!(zip.status.code(), Some(0), "{}", stderr(&zip));
    let text = stderr(&zip);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("as a ZIP archive to standard output"),
        "{text}"
    );
    assert!(text.contains("run it with: cd pet-clinic && "), "{text}");

    let json = microcodegen(&[&example("pet_clinic.md"), "--format", "json"], None);
    assert_eq!(json.status.code(), Some(0));
    assert!(json.stderr.is_empty(), "JSON Lines on stderr stay JSON");
}

#[test]
fn a_title_cannot_drive_the_terminal_through_the_success_line() {
    let prd = b"# Evil\x1b[2J\xe2\x80\xae App\n## Entities\n- Note: body (text)\n";
    let output = microcodegen(&["-"], Some(prd));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(text.contains(r"Evil\u{1b}[2J\u{202e} App"), "{text}");
}

#[test]
fn misuse_keeps_the_argument_parser_s_whole_message() {
    let output = microcodegen(&[], None);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("<PRD>"), "names the missing argument: {text}");
    assert!(text.contains("Usage: microcodegen"), "{text}");
    let output = microcodegen(&["x.md", "--outt", "app"], None);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("a similar argument exists: '--out'"),
        "suggests the near spelling: {text}"
    );
}

#[test]
fn a_prd_with_errors_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("app");
    let prd = b"# Shop\n## Entities\n- Product: price (intger)\n";
    let output = microcodegen(
        &["-", "--out", out.to_str().expect("UTF-8 path")],
        Some(prd),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "no directory is created");
    let zip = microcodegen(&["-"], Some(prd));
    assert_eq!(zip.status.code(), Some(1));
    assert!(zip.stdout.is_empty(), "no archive is written");
}

#[test]
fn a_zip_is_not_written_to_a_terminal() {
    // `script` runs the command with a pseudo-terminal as its standard output.
    let command = format!(
        "{} {}",
        env!("CARGO_BIN_EXE_microcodegen"),
        example("pet_clinic.md")
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("`script` (util-linux) runs");
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("refusing to write a ZIP archive to a terminal"),
        "{text}"
    );
    assert!(
        !text.contains("PK"),
        "no archive bytes reached the terminal"
    );
}

#[test]
fn a_very_long_line_is_shown_as_a_window_and_json_keeps_the_exact_span() {
    let long = "x".repeat(2_000_000);
    let prd = format!("# Long\n\n## Entities\n\n- Thing: name (string) {long}\n");
    let output = microcodegen(&["check", "-"], Some(prd.as_bytes()));
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.len() < 4_000, "{} bytes of diagnostics", text.len());
    assert!(text.contains("xxx...\n"), "{text}");
    assert!(text.contains("<stdin>:5:24"), "{text}");

    let output = microcodegen(&["check", "-", "--format", "json"], Some(prd.as_bytes()));
    let line = stderr(&output);
    assert!(line.len() < 4_000, "{} bytes of JSON", line.len());
    let json: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON object");
    let start = prd.find(&long).expect("present");
    assert_eq!(json["primary"]["start"].as_u64(), Some(start as u64));
    assert_eq!(
        json["primary"]["end"].as_u64(),
        Some((start + long.len()) as u64)
    );
    assert_eq!(json["primary"]["column"].as_u64(), Some(24));
}

#[test]
fn notes_are_shown_with_verbose_counted_otherwise_and_always_in_json() {
    let prd = b"# Bench Log\n## Entities\nEach clamp is lent out.\n### Clamp\n- jaw_mm: integer (required)\n";
    let quiet = microcodegen(&["check", "-"], Some(prd));
    assert_eq!(quiet.status.code(), Some(0), "notes never fail a run");
    let text = stderr(&quiet);
    assert!(!text.contains("N0030"), "{text}");
    assert_eq!(
        text,
        "<stdin>: read 1 entity, 1 field, 0 links, 0 stories; 0 errors, 0 warnings, 1 note (check --verbose)\n"
    );
    let verbose = microcodegen(&["check", "-", "--verbose"], Some(prd));
    let text = stderr(&verbose);
    assert!(text.contains("note[N0030]"), "{text}");
    assert!(text.contains("<stdin>:3:1"), "the note says where: {text}");
    assert!(text.ends_with("0 errors, 0 warnings, 1 note\n"), "{text}");
    let json = microcodegen(&["check", "-", "--format", "json"], Some(prd));
    let line = stderr(&json);
    let object: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON object");
    assert_eq!(object["severity"], "note");
    assert_eq!(object["code"], "N0030");
    let denied = microcodegen(&["check", "-", "--deny-warnings"], Some(prd));
    assert_eq!(denied.status.code(), Some(0), "a note is not a warning");
}

#[test]
fn the_summary_counts_what_was_read_and_what_was_found_on_errors_too() {
    let prd = b"# Plots\n## Entities\n- Bed: rows (integer)\n- Plant: bed (Bed, required), kind (strng)\n\n- As a gardener, I want to list beds.\n";
    let output = microcodegen(&["check", "-"], Some(prd));
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.ends_with(
            "<stdin>: read 2 entities, 2 fields, 1 link, 1 story; 1 error, 0 warnings\n"
        ),
        "{text}"
    );
}

#[test]
fn a_generic_title_leaves_the_name_to_the_file() {
    let dir = std::env::temp_dir().join(format!("rw-stories-name-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("tide-tables.md");
    std::fs::write(
        &path,
        "# Product Requirements Document\n\n## Entities\n- Station: code (string)\n",
    )
    .expect("the PRD is written");
    let path = path.to_string_lossy().into_owned();
    let genome = microcodegen(&[&path, "--emit", "genome"], None);
    let _ = std::fs::remove_dir_all(&dir);
    let genome: serde_json::Value =
        serde_json::from_slice(&genome.stdout).expect("the genome is JSON");
    assert_eq!(genome["solution_name"], "tide-tables");
    let from_stdin = microcodegen(
        &["-", "--emit", "genome", "--verbose"],
        Some(b"# PRD: Tide Tables\n\n## Entities\n- Station: code (string)\n"),
    );
    let text = stderr(&from_stdin);
    assert!(text.contains("note[N0031]"), "{text}");
    assert!(text.contains("the app is named `Tide Tables`"), "{text}");
}
