//! Writing the app never leaves a broken or partial directory: a non-empty
//! destination is left alone without `--force`; an error or Ctrl-C while
//! writing leaves no staging directory and the old tree intact; `--force`
//! replaces the tree only once the new one is complete.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_microcodegen"))
}

/// A PRD with `n` entities of three fields each: a few files per entity.
fn big_prd(n: usize) -> String {
    let mut text = String::from("# Big\n\n## Entities\n\n");
    for i in 0..n {
        text.push_str(&format!(
            "- Thing{i}: name (string, required), size (integer), note (text)\n"
        ));
    }
    text
}

/// The names beside `dir` that the writer uses for staging.
fn leftovers(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .expect("readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with(".app."))
        .collect()
}

fn old_tree(dir: &Path) {
    fs::create_dir_all(dir).expect("creates");
    fs::write(dir.join("keep.txt"), "old").expect("writes");
}

fn only_old_tree(dir: &Path) -> bool {
    let names: Vec<_> = fs::read_dir(dir)
        .expect("readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    names == ["keep.txt"] && fs::read_to_string(dir.join("keep.txt")).expect("reads") == "old"
}

#[test]
fn a_non_empty_directory_is_left_alone_without_force() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let prd = tmp.path().join("prd.md");
    fs::write(&prd, big_prd(2)).expect("writes");
    let dir = tmp.path().join("app");
    old_tree(&dir);
    let output = bin()
        .arg(&prd)
        .arg("--out")
        .arg(&dir)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--force"));
    assert!(only_old_tree(&dir));
    assert!(leftovers(tmp.path()).is_empty());
}

#[test]
fn force_writes_a_complete_tree_over_the_old_one_and_keeps_the_rest() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let prd = tmp.path().join("prd.md");
    fs::write(&prd, big_prd(2)).expect("writes");
    let dir = tmp.path().join("app");
    old_tree(&dir);
    let status = bin()
        .arg(&prd)
        .args(["--out"])
        .arg(&dir)
        .arg("--force")
        .status()
        .expect("runs");
    assert!(status.success());
    assert!(
        dir.join("keep.txt").exists(),
        "a file the app does not have is not touched"
    );
    assert!(dir.join("app/models/thing1.py").is_file());
    assert!(leftovers(tmp.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_writing_leaves_the_old_tree_and_no_staging() {
    let mut interrupted = 0;
    for size in [1500, 3000, 6000] {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let prd = tmp.path().join("prd.md");
        fs::write(&prd, big_prd(size)).expect("writes");
        let dir = tmp.path().join("app");
        old_tree(&dir);
        let mut child = bin()
            .arg(&prd)
            .arg("--out")
            .arg(&dir)
            .arg("--force")
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        // Wait until the staging directory has files in it, then interrupt.
        let started = Instant::now();
        let staging = loop {
            let found = leftovers(tmp.path())
                .into_iter()
                .find(|name| name.contains(".new-"));
            if let Some(name) = found {
                let path = tmp.path().join(name);
                if path.join("app").exists() {
                    break Some(path);
                }
            }
            if child.try_wait().expect("waits").is_some()
                || started.elapsed() > Duration::from_secs(60)
            {
                break None;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        if staging.is_some() {
            let killed = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .expect("kill runs");
            assert!(killed.success());
        }
        let output = child.wait_with_output().expect("waits");
        assert!(
            leftovers(tmp.path()).is_empty(),
            "left behind: {:?}",
            leftovers(tmp.path())
        );
        if output.status.success() {
            // The signal came too late: the swap had completed.
            assert!(dir.join("app/main.py").is_file());
            assert!(!dir.join("keep.txt").exists());
        } else {
            interrupted += 1;
            assert!(
                String::from_utf8_lossy(&output.stderr).contains("interrupted"),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(only_old_tree(&dir), "the old tree changed");
            break;
        }
    }
    assert!(interrupted > 0, "no run was interrupted while writing");
}
