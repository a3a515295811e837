//! Updating an app from a changed PRD, and telling how far an app has
//! drifted from its PRD: which owned files to write again, which the user
//! edited (a conflict: the new version goes beside them), which to remove,
//! and the migration that takes the database along. Plain data in, plain
//! data out: the CLI reads the app and writes what this decides.

use std::collections::{BTreeMap, HashSet};

use crate::diagnostics::{self, Diagnostic};
use crate::evolve::{self, GenomeDiff};
use crate::files::{FilePlan, GeneratedFile};
use crate::genome::Genome;
use crate::ownership::{self, OwnershipRecord, RECORD_PATH};
use crate::targets::{Migration, Secrets, Target};

/// What the CLI read from an app's folder.
#[derive(Debug, Clone)]
pub struct App {
    /// The genome it was generated from (its GENOME.json).
    pub genome: Genome,
    /// Its ownership record.
    pub record: OwnershipRecord,
    /// Every migration in its migrations folder, by file path.
    pub migrations: BTreeMap<String, Migration>,
}

/// How a file on disk compares with what the compiler last wrote there.
pub trait Disk: Sync {
    /// The SHA-256 of the file at `path` in the app, `None` when there is none.
    fn hash(&self, path: &str) -> Option<String>;
}

/// An owned file the user edited (or a file of theirs where the app now
/// puts one): left as it is, the new version written beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub path: String,
    /// Where the new version went (`path.new`); `None` when the file is
    /// no longer generated and was kept because it was edited.
    pub new_version: Option<String>,
}

/// What an update does.
#[derive(Debug, Clone, Default)]
pub struct Update {
    pub diff: GenomeDiff,
    /// What the update found in the new PRD, in its order: an error says
    /// why the update cannot be made, and then nothing else is set.
    pub problems: Vec<Diagnostic>,
    /// The files to write, the new ownership record last.
    pub writes: Vec<GeneratedFile>,
    /// Owned files no longer generated, unedited: to remove.
    pub removals: Vec<String>,
    pub conflicts: Vec<Conflict>,
    /// The path of the new migration, if the schema changed.
    pub migration: Option<String>,
}

/// The update of `app` to the app of `new`. Seeds are written only where
/// the app has none; the migrations the app has are never written again.
pub fn plan_update(
    target: &dyn Target,
    new: &Genome,
    app: &App,
    disk: &dyn Disk,
    secrets: &Secrets,
    allow_drop: bool,
) -> Update {
    let diff = evolve::diff(&app.genome, new);
    let problems: Vec<Diagnostic> = evolve::refusals(&app.genome, new, &diff, allow_drop)
        .into_iter()
        .map(Diagnostic::from)
        .collect();
    if diagnostics::has_errors(&problems) {
        return Update {
            diff,
            problems,
            ..Update::default()
        };
    }
    let plan = target.plan(new, secrets);
    let history = format!("{}/", target.migrations_dir());
    let mut update = Update {
        problems,
        ..Update::default()
    };
    let mut record = OwnershipRecord {
        format: ownership::RECORD_FORMAT,
        schema: Some(target.schema_version()),
        files: BTreeMap::new(),
        head: app.record.head.clone(),
    };
    let generated: HashSet<&str> = (0..plan.count()).map(|i| plan.path(i)).collect();
    let skip_history = !app.migrations.is_empty();
    // Every file is rendered and compared with the app's on every core: a
    // large app is thousands of files, of which a change touches a few.
    let indices: Vec<usize> = (0..plan.count()).collect();
    let decide = |i: usize| -> Decision {
        let path = plan.path(i);
        if skip_history && path.starts_with(&history) {
            return Decision::Keep;
        }
        let on_disk = disk.hash(path);
        if plan.is_seed(i) {
            return match on_disk {
                None => Decision::Write(render(&*plan, i), None),
                Some(_) => Decision::Keep,
            };
        }
        let file = render(&*plan, i);
        let fresh = ownership::content_hash(&file.contents);
        let last_written = app.record.files.get(path);
        match on_disk {
            Some(current) if current == fresh => Decision::Owned(fresh),
            None => Decision::Write(file, Some(fresh)),
            Some(current) if last_written == Some(&current) => Decision::Write(file, Some(fresh)),
            // Edited, but the compiler has nothing new for it: the edit stays.
            Some(_) if last_written == Some(&fresh) => Decision::Owned(fresh),
            Some(_) => Decision::Conflict(file, fresh),
        }
    };
    let decisions = crate::cores::map_chunks(&indices, 64, |chunk| {
        chunk.iter().map(|&i| decide(i)).collect::<Vec<_>>()
    });
    for (i, decision) in decisions.into_iter().flatten().enumerate() {
        let path = plan.path(i);
        match decision {
            Decision::Keep => {}
            Decision::Owned(hash) => {
                record.files.insert(path.to_string(), hash);
            }
            Decision::Write(file, hash) => {
                if let Some(hash) = hash {
                    record.files.insert(path.to_string(), hash);
                }
                update.writes.push(file);
            }
            Decision::Conflict(file, hash) => {
                record.files.insert(path.to_string(), hash);
                let beside = format!("{path}.new");
                update.conflicts.push(Conflict {
                    path: path.to_string(),
                    new_version: Some(beside.clone()),
                });
                update.writes.push(GeneratedFile {
                    path: beside,
                    ..file
                });
            }
        }
    }
    for (path, hash) in &app.record.files {
        if path.starts_with(&history) && skip_history {
            record.files.insert(path.clone(), hash.clone());
            continue;
        }
        if generated.contains(path.as_str()) {
            continue;
        }
        match disk.hash(path) {
            None => {}
            Some(current) if &current == hash => update.removals.push(path.clone()),
            Some(_) => update.conflicts.push(Conflict {
                path: path.clone(),
                new_version: None,
            }),
        }
    }
    if let Some(head) = head(&app.migrations)
        && let Some((path, contents)) = target.migration(
            &app.genome,
            app.record.schema_version(),
            new,
            &diff,
            &head,
            next_number(&app.migrations),
        )
    {
        record
            .files
            .insert(path.clone(), ownership::content_hash(&contents));
        record.head = target
            .read_migration(&String::from_utf8_lossy(&contents))
            .map(|m| m.revision);
        update.migration = Some(path.clone());
        update.writes.push(GeneratedFile {
            path,
            contents,
            private: false,
        });
    }
    update.writes.push(GeneratedFile {
        path: RECORD_PATH.into(),
        contents: record.to_bytes(),
        private: false,
    });
    update.diff = diff;
    update
}

/// The revision the migrations of a freshly planned app end at.
pub fn planned_head(target: &dyn Target, plan: &dyn FilePlan) -> Option<String> {
    let history = format!("{}/", target.migrations_dir());
    (0..plan.count())
        .filter(|&i| plan.path(i).starts_with(&history))
        .filter_map(|i| {
            // A migration names its revision at its start; the rest (the
            // whole schema, for the first one) is not rendered.
            let mut start = Head(Vec::with_capacity(HEAD));
            let _ = plan.write(i, &mut start);
            target.read_migration(&String::from_utf8_lossy(&start.0))
        })
        .map(|m| m.revision)
        .max()
}

/// How much of a migration [`planned_head`] reads.
const HEAD: usize = 8 << 10;

/// The first [`HEAD`] bytes written to it; writing more fails, which stops
/// the rendering.
struct Head(Vec<u8>);

impl std::io::Write for Head {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let room = HEAD - self.0.len();
        if room == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        let taken = bytes.len().min(room);
        self.0.extend_from_slice(&bytes[..taken]);
        Ok(taken)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What an update does with one planned file.
enum Decision {
    /// Nothing, and the record does not list it (a seed, a migration).
    Keep,
    /// Nothing: the app has it as it should be; the record lists its hash.
    Owned(String),
    /// Write it; the record lists its hash unless it is a seed.
    Write(GeneratedFile, Option<String>),
    /// The user edited it: write it beside as `.new`.
    Conflict(GeneratedFile, String),
}

fn render(plan: &dyn FilePlan, i: usize) -> GeneratedFile {
    let mut contents = Vec::new();
    plan.write(i, &mut contents)
        .expect("rendering into memory never fails");
    GeneratedFile {
        path: plan.path(i).to_string(),
        contents,
        private: plan.is_private(i),
    }
}

/// The revision no other follows: the end of the chain (the greatest,
/// should the chain have split).
pub fn head(migrations: &BTreeMap<String, Migration>) -> Option<String> {
    let followed: HashSet<&str> = migrations
        .values()
        .filter_map(|m| m.follows.as_deref())
        .collect();
    migrations
        .values()
        .map(|m| m.revision.as_str())
        .filter(|r| !followed.contains(r))
        .max()
        .map(str::to_string)
}

/// One more than the greatest number a revision starts with.
fn next_number(migrations: &BTreeMap<String, Migration>) -> u32 {
    migrations
        .values()
        .filter_map(|m| {
            let digits: String = m
                .revision
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(migrations.len() as u32)
        + 1
}

/// How an app differs from what its PRD makes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// The PRD's changes not applied to the app.
    pub diff: GenomeDiff,
    /// Owned files edited by hand.
    pub edited: Vec<String>,
    /// Owned files that are gone.
    pub missing: Vec<String>,
    /// The migration the ownership record says the schema is at, when the
    /// app's migrations do not end there (a migration missing or added).
    pub migration_head: Option<(Option<String>, Option<String>)>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.diff.is_empty()
            && self.edited.is_empty()
            && self.missing.is_empty()
            && self.migration_head.is_none()
    }
}

/// The drift of `app` from the app of `new`.
pub fn drift(new: &Genome, app: &App, disk: &dyn Disk) -> Drift {
    let mut drift = Drift {
        diff: evolve::diff(&app.genome, new),
        ..Drift::default()
    };
    for (path, hash) in &app.record.files {
        match disk.hash(path) {
            None => drift.missing.push(path.clone()),
            Some(current) if &current != hash => drift.edited.push(path.clone()),
            Some(_) => {}
        }
    }
    let head = head(&app.migrations);
    if head != app.record.head {
        drift.migration_head = Some((app.record.head.clone(), head));
    }
    drift
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::DEFAULT;

    const V1: &str =
        "# Orchard\n\n## Entities\n\n- Tree: variety (string, required), planted (date)\n";
    const V2: &str = "# Orchard\n\n## Entities\n\n- Tree: variety (string, required), planted (date), rows (integer, default=4)\n";

    fn genome(prd: &str) -> Genome {
        crate::analyze_for_app(prd.as_bytes(), DEFAULT, None)
            .genome
            .expect("the PRD has no errors")
    }

    /// An app as generated, held in memory.
    struct Memory(BTreeMap<String, Vec<u8>>);

    impl Disk for Memory {
        fn hash(&self, path: &str) -> Option<String> {
            self.0.get(path).map(|b| ownership::content_hash(b))
        }
    }

    fn generated(prd: &str) -> (App, Memory) {
        let genome = genome(prd);
        let plan = DEFAULT.plan(&genome, &Secrets::insecure_fixed_for_tests());
        let record = ownership::record_for(
            &*plan,
            Some("0001_initial".into()),
            DEFAULT.schema_version(),
        );
        let files: BTreeMap<String, Vec<u8>> = plan
            .files()
            .into_iter()
            .map(|f| (f.path, f.contents))
            .collect();
        let migrations = files
            .iter()
            .filter(|(p, _)| p.starts_with("alembic/versions/"))
            .filter_map(|(p, b)| {
                DEFAULT
                    .read_migration(&String::from_utf8_lossy(b))
                    .map(|m| (p.clone(), m))
            })
            .collect();
        drop(plan);
        (
            App {
                genome,
                record,
                migrations,
            },
            Memory(files),
        )
    }

    /// The update of `app` to `new` for the default target, drops refused.
    fn update_without_drops(new: &Genome, app: &App, disk: &Memory) -> Update {
        plan_update(
            DEFAULT,
            new,
            app,
            disk,
            &Secrets::insecure_fixed_for_tests(),
            false,
        )
    }

    #[test]
    fn an_unchanged_prd_writes_nothing_but_the_record() {
        let (app, disk) = generated(V1);
        let update = update_without_drops(&genome(V1), &app, &disk);
        let paths: Vec<&str> = update.writes.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, [RECORD_PATH]);
        assert!(update.conflicts.is_empty() && update.removals.is_empty());
        assert!(drift(&genome(V1), &app, &disk).is_empty());
    }

    #[test]
    fn an_app_made_by_older_schema_rules_gets_a_migration_to_the_current_ones() {
        const LINKED: &str = "# Orchard\n\n## Entities\n\n- Field: name (string, required)\n- Tree: variety (string, required), field (Field, required)\n";
        let (mut app, disk) = generated(LINKED);
        assert!(app.record.schema.is_some());
        // A record written before the rules had versions names none.
        app.record.schema = None;
        let update = update_without_drops(&genome(LINKED), &app, &disk);
        assert_eq!(
            update.migration.as_deref(),
            Some("alembic/versions/0002_prd_update.py")
        );
        let migration = update
            .writes
            .iter()
            .find(|f| f.path == "alembic/versions/0002_prd_update.py")
            .map(|f| String::from_utf8_lossy(&f.contents).into_owned())
            .unwrap_or_default();
        let upgrade = migration.split("def downgrade").next().unwrap_or_default();
        assert!(
            upgrade.contains("The indexes that serve the list queries are added."),
            "{migration}"
        );
        assert!(
            upgrade.contains("op.f(\"ix_trees_user_id_created_at_id\")")
                && upgrade.contains("op.f(\"ix_trees_field_id_user_id_created_at_id\")")
                && upgrade.contains("drop_index(op.f(\"ix_trees_field_id\"))"),
            "{migration}"
        );
        assert!(
            !upgrade.contains("\"ix_trees_user_id\""),
            "the index on user_id alone is kept: {migration}"
        );
        let record = update.writes.iter().find(|f| f.path == RECORD_PATH);
        let record = record.map(|f| OwnershipRecord::from_bytes(&f.contents).unwrap());
        assert_eq!(
            record.and_then(|r| r.schema),
            Some(DEFAULT.schema_version())
        );

        // Made by the current rules, the same PRD needs no migration.
        let (app, disk) = generated(LINKED);
        assert_eq!(
            update_without_drops(&genome(LINKED), &app, &disk).migration,
            None
        );
    }

    #[test]
    fn a_new_field_rewrites_unedited_files_and_sets_an_edited_one_beside() {
        let (app, mut disk) = generated(V1);
        disk.0
            .insert("app/crud.py".into(), b"# my own change\n".to_vec());
        disk.0
            .insert("app/models/tree.py".into(), b"# my own model\n".to_vec());
        disk.0.remove(".env");
        let new = genome(V2);
        let update = plan_update(
            DEFAULT,
            &new,
            &app,
            &disk,
            &Secrets::insecure_fixed_for_tests(),
            false,
        );
        let paths: Vec<&str> = update.writes.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"app/schemas/tree.py"), "{paths:?}");
        assert!(paths.contains(&"app/models/tree.py.new"), "{paths:?}");
        assert!(
            !paths.contains(&"app/models/tree.py") && !paths.contains(&"app/crud.py"),
            "edited files are never written over"
        );
        assert!(paths.contains(&".env"), "a missing seed is written");
        assert!(
            !paths.contains(&"alembic/versions/0001_initial.py"),
            "history is never rewritten"
        );
        assert_eq!(
            update.migration.as_deref(),
            Some("alembic/versions/0002_prd_update.py")
        );
        let migration = &update
            .writes
            .iter()
            .find(|f| f.path == "alembic/versions/0002_prd_update.py")
            .unwrap()
            .contents;
        let text = String::from_utf8_lossy(migration);
        assert!(
            text.contains("down_revision: str | None = \"0001_initial\""),
            "{text}"
        );
        assert!(
            text.contains("batch_op.add_column(\n            sa.Column(\n                \"rows\""),
            "{text}"
        );
        assert!(text.contains("batch_op.drop_column(\"rows\")"), "{text}");
        assert_eq!(
            update.conflicts,
            [Conflict {
                path: "app/models/tree.py".into(),
                new_version: Some("app/models/tree.py.new".into())
            }],
            "an edited file the update does not change is no conflict"
        );
        let record = OwnershipRecord::from_bytes(&update.writes.last().unwrap().contents).unwrap();
        assert_eq!(record.head.as_deref(), Some("0002_prd_update"));
        assert!(
            record
                .files
                .contains_key("alembic/versions/0001_initial.py")
                && record
                    .files
                    .contains_key("alembic/versions/0002_prd_update.py"),
            "the record keeps owning every migration"
        );
        let edited = drift(&new, &app, &disk);
        assert_eq!(edited.edited, ["app/crud.py", "app/models/tree.py"]);
        assert!(!edited.diff.is_empty());
        assert_eq!(edited.missing, Vec::<String>::new(), "a seed is not owned");
    }

    #[test]
    fn a_dropped_field_is_refused_without_permission() {
        let (app, disk) = generated(V2);
        let update = update_without_drops(&genome(V1), &app, &disk);
        let codes: Vec<&str> = update.problems.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["E0031"]);
        assert!(update.writes.is_empty());
    }

    #[test]
    fn the_head_is_the_revision_nothing_follows() {
        let chain: BTreeMap<String, Migration> = [
            ("a.py", "0001_initial", None),
            ("c.py", "0003_more", Some("0002_prd_update")),
            ("b.py", "0002_prd_update", Some("0001_initial")),
        ]
        .into_iter()
        .map(|(p, r, f)| {
            (
                p.to_string(),
                Migration {
                    revision: r.into(),
                    follows: f.map(String::from),
                },
            )
        })
        .collect();
        assert_eq!(head(&chain).as_deref(), Some("0003_more"));
        assert_eq!(next_number(&chain), 4);
    }
}
