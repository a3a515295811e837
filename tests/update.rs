//! `--update` and `check --against` as a user meets them: through the
//! binary, on an app in a temporary directory (no Python needed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn microcodegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microcodegen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const GARDEN: &str = "# Allotment\n\n## Entities\n\n- Plot: code (string, required), size (integer)\n- Crop: plot (Plot, required), variety (string, required)\n";

struct Case {
    _tmp: tempfile::TempDir,
    prd: PathBuf,
    app: PathBuf,
}

impl Case {
    /// An app generated from `GARDEN`.
    fn new() -> Case {
        Case::with_prd(GARDEN)
    }

    /// An app generated from `text`.
    fn with_prd(text: &str) -> Case {
        let tmp = tempfile::tempdir().expect("temp dir");
        let prd = tmp.path().join("allotment.md");
        std::fs::write(&prd, text).expect("write the PRD");
        let app = tmp.path().join("app");
        let case = Case {
            prd,
            app,
            _tmp: tmp,
        };
        let made = case.run(&["--out", case.app_arg()]);
        assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
        case
    }

    fn app_arg(&self) -> &str {
        self.app.to_str().expect("UTF-8 path")
    }

    fn write_prd(&self, text: &str) {
        std::fs::write(&self.prd, text).expect("write the PRD");
    }

    fn run(&self, args: &[&str]) -> Output {
        let prd = self.prd.to_str().expect("UTF-8 path");
        let mut all = vec![prd];
        all.extend_from_slice(args);
        microcodegen(&all)
    }

    fn update(&self, extra: &[&str]) -> Output {
        let mut args = vec!["--out", self.app_arg(), "--update"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    fn check(&self) -> Output {
        microcodegen(&[
            "check",
            self.prd.to_str().expect("UTF-8 path"),
            "--against",
            self.app_arg(),
        ])
    }

    fn read(&self, path: &str) -> Vec<u8> {
        std::fs::read(self.app.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

fn lines(output: &Output) -> Vec<String> {
    stderr(output).lines().map(str::to_string).collect()
}

#[test]
fn a_fresh_app_follows_its_prd() {
    let case = Case::new();
    let checked = case.check();
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    let record: serde_json::Value =
        serde_json::from_slice(&case.read(".microcodegen/owned.json")).expect("the record is JSON");
    assert_eq!(record["head"], "0001_initial");
    assert!(record["files"]["app/models/plot.py"].is_string());
    assert!(
        record["files"].get(".env").is_none(),
        "the secrets are the user's"
    );
}

#[test]
fn check_against_reports_a_change_not_applied() {
    let case = Case::new();
    case.write_prd(&GARDEN.replace("size (integer)", "size (integer), soil (text)"));
    let checked = case.check();
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(
        lines(&checked),
        ["not applied: field `soil` added to `Plot` (run with --update)"]
    );
}

#[test]
fn check_against_reports_an_edited_and_a_missing_owned_file() {
    let case = Case::new();
    std::fs::write(case.app.join("app/crud.py"), "# changed\n").expect("edit");
    std::fs::remove_file(case.app.join("app/errors.py")).expect("remove");
    std::fs::write(case.app.join("app/custom/extra.py"), "router = None\n").expect("add");
    let checked = case.check();
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(
        lines(&checked),
        [
            "edited by hand: `app/crud.py` (microcodegen owns it; move the change to `app/custom/`)",
            "missing: `app/errors.py`",
        ],
        "a file of the user's own package is no drift"
    );
}

#[test]
fn check_against_reports_a_missing_migration() {
    let case = Case::new();
    case.write_prd(&GARDEN.replace("size (integer)", "size (integer), soil (text)"));
    let updated = case.update(&[]);
    assert_eq!(updated.status.code(), Some(0), "{}", stderr(&updated));
    std::fs::remove_file(case.app.join("alembic/versions/0002_prd_update.py")).expect("remove");
    let checked = case.check();
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(
        lines(&checked),
        [
            "missing: `alembic/versions/0002_prd_update.py`",
            "migrations: the app's schema is at `0002_prd_update`, but its migrations end at `0001_initial`",
        ]
    );
}

#[test]
fn an_update_keeps_the_users_files_and_reports_a_conflict() {
    let case = Case::new();
    let env = case.read(".env");
    std::fs::write(case.app.join("app/custom/harvest.py"), "router = None\n").expect("add");
    std::fs::write(case.app.join("app.db"), "rows").expect("a database");
    let mut model = case.read("app/models/plot.py");
    model.extend_from_slice(b"# by hand\n");
    std::fs::write(case.app.join("app/models/plot.py"), &model).expect("edit");

    case.write_prd(&GARDEN.replace("size (integer)", "size (integer), soil (text)"));
    let updated = case.update(&[]);
    assert_eq!(updated.status.code(), Some(1), "{}", stderr(&updated));
    let text = stderr(&updated);
    assert!(
        text.contains("conflict: `app/models/plot.py` was edited by hand and kept; its new version is `app/models/plot.py.new`"),
        "{text}"
    );
    assert_eq!(case.read("app/models/plot.py"), model, "the edit survives");
    let new_version = String::from_utf8(case.read("app/models/plot.py.new")).unwrap();
    assert!(new_version.contains("soil"), "{new_version}");
    assert!(
        String::from_utf8(case.read("app/schemas/plot.py"))
            .unwrap()
            .contains("soil"),
        "an unedited owned file is written again"
    );
    assert_eq!(case.read(".env"), env);
    assert_eq!(case.read("app/custom/harvest.py"), b"router = None\n");
    assert_eq!(case.read("app.db"), b"rows");
    let migration = String::from_utf8(case.read("alembic/versions/0002_prd_update.py")).unwrap();
    assert!(
        migration.contains("down_revision: str | None = \"0001_initial\""),
        "{migration}"
    );
    assert!(
        migration.contains("batch_op.add_column(sa.Column(\"soil\", sa.Text(), nullable=True))"),
        "{migration}"
    );

    // Once more, accepting the conflict: nothing new to do, success.
    let again = case.update(&["--accept-conflicts"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        !case
            .app
            .join("alembic/versions/0003_prd_update.py")
            .exists(),
        "no change, no migration"
    );
}

#[test]
fn an_update_that_would_lose_data_is_refused_and_changes_nothing() {
    let case = Case::new();
    let before = snapshot(&case.app);
    case.write_prd(
        "# Allotment\n\n## Entities\n\n- Plot: code (string, required), area (integer, required)\n- Crop: plot (Plot, required), variety (string, required)\n",
    );
    let refused = case.update(&[]);
    assert_eq!(refused.status.code(), Some(1));
    let text = stderr(&refused);
    assert!(
        text.contains(
            "error[E0031]: `Plot` no longer declares the field `size`, whose column holds data"
        ) && text.contains("allotment.md:5:3")
            && text.contains("`--allow-drop`")
            && text
                .contains("error[E0030]: the new required field `area` of `Plot` has no default")
            && text.contains("allotment.md:5:34"),
        "{text}"
    );
    assert_eq!(snapshot(&case.app), before, "nothing was written");
}

#[test]
fn a_declared_rename_keeps_the_column() {
    let case = Case::new();
    case.write_prd(&GARDEN.replace("size (integer)", "area (integer, was=size)"));
    let updated = case.update(&[]);
    assert_eq!(updated.status.code(), Some(0), "{}", stderr(&updated));
    let migration = String::from_utf8(case.read("alembic/versions/0002_prd_update.py")).unwrap();
    assert!(
        migration.contains("batch_op.alter_column(\"size\", new_column_name=\"area\")")
            && migration.contains("batch_op.alter_column(\"area\", new_column_name=\"size\")")
            && !migration.contains("drop_column"),
        "{migration}"
    );
}

fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("reads") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("reads");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn dropping_an_entity_needs_permission_and_then_removes_its_files_and_table() {
    let case = Case::new();
    case.write_prd(
        "# Allotment\n\n## Entities\n\n- Plot: code (string, required), size (integer)\n",
    );
    let refused = case.update(&[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains(
            "error[E0032]: the PRD no longer declares the entity `Crop`, whose table holds data"
        ),
        "{}",
        stderr(&refused)
    );
    assert!(case.app.join("app/models/crop.py").is_file());

    let dropped = case.update(&["--allow-drop"]);
    assert_eq!(dropped.status.code(), Some(0), "{}", stderr(&dropped));
    assert!(!case.app.join("app/models/crop.py").exists());
    assert!(!case.app.join("tests/test_crop.py").exists());
    let migration = String::from_utf8(case.read("alembic/versions/0002_prd_update.py")).unwrap();
    let (upgrade, downgrade) = migration.split_once("def downgrade").expect("a downgrade");
    assert!(upgrade.contains("op.drop_table(\"crops\")"), "{migration}");
    assert!(
        downgrade.contains("op.create_table(\n        \"crops\","),
        "the downgrade makes the table again: {migration}"
    );
    let checked = case.check();
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
}

#[test]
fn an_entity_rename_keeps_its_table_and_the_links_to_it_follow() {
    let case = Case::new();
    case.write_prd(
        "# Allotment\n\n## Entities\n\n### Bed (was Plot)\n- code (string, required)\n- size (integer)\n\n- Crop: plot (Bed, required), variety (string, required)\n",
    );
    let updated = case.update(&[]);
    assert_eq!(updated.status.code(), Some(0), "{}", stderr(&updated));
    let migration = String::from_utf8(case.read("alembic/versions/0002_prd_update.py")).unwrap();
    let (upgrade, downgrade) = migration.split_once("def downgrade").expect("a downgrade");
    let (upgrade, downgrade) = (flat(upgrade), flat(downgrade));
    assert!(
        upgrade.contains(&flat(r#"op.rename_table("plots", "beds")"#))
            && upgrade.contains(&flat(r#""beds", ["plot_id"], ["id"]"#))
            && downgrade.contains(&flat(r#"op.rename_table("beds", "plots")"#))
            && downgrade.contains(&flat(r#""plots", ["plot_id"], ["id"]"#)),
        "{migration}"
    );
    assert!(
        !migration.contains("drop_table")
            && !migration.contains("create_table(")
            && !migration.contains("drop_column"),
        "a rename is never a drop and an add: {migration}"
    );
    assert!(
        migration.starts_with("\"\"\"The PRD changed: 1 entity renamed.\n"),
        "{migration}"
    );
    // No column type is written and no row is checked: the revision
    // neither imports SQLAlchemy nor defines the checks' helper.
    assert!(
        !migration.contains("sqlalchemy") && !migration.contains("_refuse_offending_rows"),
        "{migration}"
    );
    assert!(case.app.join("app/models/bed.py").is_file());
    assert!(!case.app.join("app/models/plot.py").exists());
    let checked = case.check();
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
}

#[test]
fn a_rename_remark_is_read_in_every_shape_of_entity() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let prd = tmp.path().join("kennel.md");
    std::fs::write(
        &prd,
        "# Kennel\n\n## Entities\n\n### Owner (was Customer)\n- name (string)\n\n**Dog** (was Pet)\n- name (string)\n\n- Visit (was Appointment): dog (Dog), on (date)\n\nVet (was Doctor):\n\n| Field | Type |\n|---|---|\n| name | string |\n",
    )
    .expect("write the PRD");
    let emitted = microcodegen(&[prd.to_str().unwrap(), "--emit", "genome"]);
    assert_eq!(emitted.status.code(), Some(0), "{}", stderr(&emitted));
    let genome: serde_json::Value = serde_json::from_slice(&emitted.stdout).expect("JSON");
    let renames: Vec<(String, String)> = genome["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap_or_default().to_string(),
                e["renamed_from"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [
        ("Owner", "Customer"),
        ("Dog", "Pet"),
        ("Visit", "Appointment"),
        ("Vet", "Doctor"),
    ]
    .map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(renames, expected);
}

#[test]
fn a_widening_type_change_converts_the_column_and_checks_the_way_back() {
    let case = Case::new();
    case.write_prd(
        &GARDEN
            .replace("size (integer)", "size (decimal)")
            .replace("variety (string, required)", "variety (text, required)"),
    );
    let updated = case.update(&[]);
    assert_eq!(updated.status.code(), Some(0), "{}", stderr(&updated));
    let migration = String::from_utf8(case.read("alembic/versions/0002_prd_update.py")).unwrap();
    assert!(
        migration.contains("import sqlalchemy as sa\n")
            && migration.contains("def _refuse_offending_rows("),
        "{migration}"
    );
    let (upgrade, downgrade) = migration.split_once("def downgrade").expect("a downgrade");
    // Compared without the formatter's line breaks and indentation; the
    // literals in its quotes.
    for expected in [
        r#"_refuse_offending_rows("plots", "size", 'ABS("size") >= 100000000000000', "#,
        r#"batch_op.alter_column("size", existing_type=sa.BigInteger(), type_=sa.Numeric("#,
        r#"op.execute('UPDATE plots SET "size" = printf(\'%.4f\', "size")')"#,
        r#"batch_op.alter_column("variety", existing_type=sa.String(length=255), type_=sa.Text())"#,
    ] {
        assert!(
            flat(upgrade).contains(&flat(expected)),
            "{expected}\n{upgrade}"
        );
    }
    for expected in [
        r#"_refuse_offending_rows("plots", "size", "CAST(\"size\" AS TEXT) NOT LIKE '%.0000'", "#,
        r#"_refuse_offending_rows("crops", "variety", 'LENGTH("variety") > 255', "#,
        r#"batch_op.alter_column("size", existing_type=sa.Numeric("#,
        r#"type_=sa.BigInteger())"#,
        r#"batch_op.alter_column("variety", existing_type=sa.Text(), type_=sa.String(length=255))"#,
    ] {
        assert!(
            flat(downgrade).contains(&flat(expected)),
            "{expected}\n{downgrade}"
        );
    }
    assert!(!downgrade.contains("printf"), "{downgrade}");
}

/// The examples of an update's codes are two PRDs: the app is generated
/// from the first, then updated to the second. The wrong example reports
/// the code, the right one does not.
#[test]
fn every_update_code_s_examples_behave_as_its_explanation_says() {
    use microcodegen::diagnostics::CODES;
    let mut problems = Vec::new();
    let update_codes: Vec<_> = CODES.iter().filter(|i| i.code.needs_an_app()).collect();
    assert_eq!(update_codes.len(), 5);
    for info in update_codes {
        for (example, reports) in [(info.wrong, true), (info.right, false)] {
            let (before, after) = example_prds(example);
            let case = Case::with_prd(&before);
            case.write_prd(&after);
            let updated = case.update(&[]);
            let text = stderr(&updated);
            let tag = format!("[{}]", info.id);
            if text.contains(&tag) != reports {
                problems.push(format!("{}: reports it: {}\n{text}", info.id, !reports));
            }
            let refused = updated.status.code() == Some(1);
            if refused != (reports && info.id.starts_with('E')) {
                problems.push(format!(
                    "{}: exit status {:?}\n{text}",
                    info.id,
                    updated.status.code()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The PRD before and after in an update's example: the lines under
/// `(the PRD the app was generated from)` and under `(the changed PRD)`.
fn example_prds(example: &str) -> (String, String) {
    let (before, after) = example
        .split_once("(the changed PRD)\n")
        .expect("an update's example has the changed PRD");
    let before = before
        .strip_prefix("(the PRD the app was generated from)\n")
        .expect("an update's example starts with the app's PRD");
    (
        format!("# Allotment\n\n{before}"),
        format!("# Allotment\n\n{after}\n"),
    )
}

/// Python source without its whitespace, and without the trailing comma the
/// formatter adds to a call it splits over lines: what a statement says,
/// however it is laid out.
fn flat(source: &str) -> String {
    source
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace(",)", ")")
}
