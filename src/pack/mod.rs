//! Packaging of generated files: into a directory, or into a ZIP archive.
//!
//! Both hold the same bytes under the same relative paths. Files come either
//! as a list in memory ([`GeneratedFile`]s) or as a target's [`FilePlan`],
//! which renders each file on demand: then files are rendered, compressed
//! and written on every core, streamed into the archive or the directory in
//! a fixed order, and the whole tree is never held in memory.

mod archive;
mod parallel;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::files::{FilePlan, GeneratedFile};
use parallel::Weight;

/// The level every entry of a ZIP archive is deflated at.
pub use archive::LEVEL as DEFLATE_LEVEL;

/// What a packer reads: a number of files, each with a path, that can be
/// written out on any thread.
trait Source: Sync {
    fn count(&self) -> usize;
    fn path(&self, i: usize) -> &str;
    /// Whether the file is large: started first, and written through a
    /// buffer (a small file is written in one piece).
    fn is_large(&self, i: usize) -> bool;
    fn write(&self, i: usize, out: &mut dyn Write) -> io::Result<()>;
    /// Whether the file is for its owner's eyes only (mode 0600). Every
    /// source says, so that a wrapper cannot lose it.
    fn is_private(&self, i: usize) -> bool;
    /// Whether the file is written only where there is none yet (see
    /// [`FilePlan::is_seed`]); only a directory written over looks.
    fn is_seed(&self, _i: usize) -> bool {
        false
    }
    /// Whether the file is written after every other one (see
    /// [`FilePlan::is_written_last`]).
    fn is_written_last(&self, _i: usize) -> bool {
        false
    }
}

impl Source for [GeneratedFile] {
    fn count(&self) -> usize {
        self.len()
    }
    fn path(&self, i: usize) -> &str {
        &self[i].path
    }
    fn is_large(&self, i: usize) -> bool {
        self[i].contents.len() >= 1 << 20
    }
    fn write(&self, i: usize, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&self[i].contents)
    }
    fn is_private(&self, i: usize) -> bool {
        self[i].private
    }
}

impl Source for dyn FilePlan + '_ {
    fn count(&self) -> usize {
        FilePlan::count(self)
    }
    fn path(&self, i: usize) -> &str {
        FilePlan::path(self, i)
    }
    fn is_large(&self, i: usize) -> bool {
        FilePlan::is_large(self, i)
    }
    fn write(&self, i: usize, out: &mut dyn Write) -> io::Result<()> {
        FilePlan::write(self, i, out)
    }
    fn is_private(&self, i: usize) -> bool {
        FilePlan::is_private(self, i)
    }
    fn is_seed(&self, i: usize) -> bool {
        FilePlan::is_seed(self, i)
    }
    fn is_written_last(&self, i: usize) -> bool {
        FilePlan::is_written_last(self, i)
    }
}

/// `order` with the files written last moved to its end, each part in
/// its own order.
fn last_at_end(source: &(impl Source + ?Sized), order: Vec<usize>) -> (Vec<usize>, usize) {
    let (mut first, last): (Vec<usize>, Vec<usize>) =
        order.into_iter().partition(|&i| !source.is_written_last(i));
    let before = first.len();
    first.extend(last);
    (first, before)
}

/// The indices of `source`'s files sorted by path, every path checked and
/// none repeated.
fn sorted_checked(source: &(impl Source + ?Sized)) -> io::Result<Vec<usize>> {
    let mut order: Vec<usize> = (0..source.count()).collect();
    for &i in &order {
        checked_path(source.path(i))?;
    }
    if !order
        .windows(2)
        .all(|w| source.path(w[0]) <= source.path(w[1]))
    {
        order.sort_by(|&a, &b| source.path(a).cmp(source.path(b)));
    }
    if let Some(pair) = order
        .windows(2)
        .find(|w| source.path(w[0]) == source.path(w[1]))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("duplicate path in output: {:?}", source.path(pair[0])),
        ));
    }
    Ok(order)
}

/// Checks that a generated path is relative, `/`-separated and stays inside
/// its root: no empty, `.` or `..` segment, no absolute path, no backslash.
fn checked_path(path: &str) -> io::Result<PathBuf> {
    let invalid = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("unsafe path in output: {path:?}"),
        )
    };
    if path.is_empty() || path.starts_with('/') || path.contains('\\') || path.contains('\0') {
        return Err(invalid());
    }
    let mut out = PathBuf::new();
    for segment in path.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err(invalid());
        }
        out.push(segment);
    }
    if !out.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(invalid());
    }
    Ok(out)
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Asks a [`write_dir`] in progress to stop: it removes what it has staged
/// and leaves the destination as it was. Safe to call from a signal handler
/// thread; once the new tree is complete, the swap goes ahead.
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

fn check_interrupt() -> io::Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "interrupted; the output directory was left as it was",
        ));
    }
    Ok(())
}

fn is_empty_dir(dir: &Path) -> io::Result<bool> {
    Ok(fs::read_dir(dir)?.next().is_none())
}

/// A sibling path of `dir` that does not exist yet.
fn sibling(dir: &Path, tag: &str) -> io::Result<PathBuf> {
    let name = dir
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "output directory has no name"))?
        .to_string_lossy()
        .into_owned();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    for n in 0..1000u32 {
        let candidate = parent.join(format!(".{name}.{tag}-{}-{n}", std::process::id()));
        if !candidate.exists() {
            return Ok(candidate);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free temporary name beside the output directory",
    ))
}

/// Writes every file of `source` under the new directory `root`: the
/// directories first, then the files, on every core.
fn write_tree(source: &(impl Source + ?Sized), root: &Path) -> io::Result<()> {
    fs::create_dir(root)?;
    let n = source.count();
    let mut dirs = BTreeSet::new();
    for i in 0..n {
        let path = source.path(i);
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            end += slash;
            dirs.insert(&path[..end]);
            end += 1;
        }
    }
    // Sorted, so every parent comes before its children.
    for dir in dirs {
        fs::create_dir(root.join(checked_path(dir)?))?;
    }
    let (order, before) = last_at_end(source, interleaved_by_directory(source));
    let write_file = |i: usize| {
        check_interrupt()?;
        let path = root.join(checked_path(source.path(i))?);
        let file = create_new(&path, source.is_private(i))?;
        if !source.is_large(i) {
            // A small file comes in one piece, straight to the file.
            return source.write(i, &mut &file);
        }
        let mut file = BufWriter::with_capacity(1 << 16, file);
        source.write(i, &mut file)?;
        file.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(())
    };
    parallel::ordered(
        before,
        crate::cores::workers(),
        |rank| {
            if source.is_large(order[rank]) {
                Weight::First
            } else {
                Weight::Small
            }
        },
        || (),
        |(), rank| write_file(order[rank]),
        |_, ()| Ok(()),
    )?;
    // Once every other file is written.
    order[before..].iter().try_for_each(|&i| write_file(i))
}

/// Creates the new file `path`; a private one is readable and writable by
/// its owner only (mode 0600) on Unix, where the file is never open to
/// anyone else, not even for a moment. Elsewhere it gets the directory's
/// usual permissions.
fn create_new(path: &Path, private: bool) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    options.open(path)
}

/// The files of `source` in runs of [`parallel::BATCH`] (what a thread
/// takes at once), the runs taken from each directory in turn: the kernel
/// adds one name at a time to a directory, and threads creating files in
/// different directories do not wait for each other.
fn interleaved_by_directory(source: &(impl Source + ?Sized)) -> Vec<usize> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    for i in 0..source.count() {
        let path = source.path(i);
        let directory = path.rsplit_once('/').map_or("", |(directory, _)| directory);
        let group = *group_of.entry(directory).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(i);
    }
    let mut runs: Vec<_> = groups.iter().map(|g| g.chunks(parallel::BATCH)).collect();
    let mut order = Vec::with_capacity(source.count());
    while order.len() < source.count() {
        for run in runs.iter_mut().filter_map(Iterator::next) {
            order.extend_from_slice(run);
        }
    }
    order
}

/// Writes `files` into `dir`.
///
/// A missing or empty `dir` is filled. A non-empty one is refused (nothing is
/// touched) unless `force` is set. The files are first written to a
/// temporary directory beside `dir`, which is then renamed into place; with
/// `force`, each new file is instead moved over the one of the same path,
/// and nothing else in `dir` is touched: the database, the virtual
/// environment and the user's own files stay, and so does a seed file
/// already there (`.env` and its secrets among them).
pub fn write_dir(files: &[GeneratedFile], dir: &Path, force: bool) -> io::Result<()> {
    write_dir_from(files, dir, force)
}

/// [`write_dir`] for a [`FilePlan`]: each file rendered and written on one
/// of the available cores; large files are streamed, never held whole.
pub fn write_dir_plan(plan: &dyn FilePlan, dir: &Path, force: bool) -> io::Result<()> {
    write_dir_from(plan, dir, force)
}

fn write_dir_from(source: &(impl Source + ?Sized), dir: &Path, force: bool) -> io::Result<()> {
    sorted_checked(source)?;
    let exists = match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => true,
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a directory", dir.display()),
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    let occupied = exists && !is_empty_dir(dir)?;
    if occupied && !force {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty (use --update to update the app in it, or --force to write the new files over it)",
                dir.display()
            ),
        ));
    }

    // A new directory's missing parents are made, as `mkdir -p` would.
    if !exists
        && let Some(parent) = dir.parent()
        && !parent.as_os_str().is_empty()
    {
        fs::create_dir_all(parent)?;
    }
    let staging = sibling(dir, "new")?;
    if let Err(e) = write_tree(source, &staging).and_then(|()| check_interrupt()) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if occupied {
        let merged = merge_into(source, &staging, dir);
        let _ = fs::remove_dir_all(&staging);
        return merged;
    }

    let old = if exists {
        let old = sibling(dir, "old")?;
        if let Err(e) = fs::rename(dir, &old) {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        Some(old)
    } else {
        None
    };
    if let Err(e) = fs::rename(&staging, dir) {
        // Put the old directory back; leave nothing half-done behind.
        if let Some(old) = &old {
            let _ = fs::rename(old, dir);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if let Some(old) = old {
        fs::remove_dir_all(old)?;
    }
    Ok(())
}

/// Moves every file of `source` from `staging` over its path in `dir`,
/// creating the directories it needs, except a seed file `dir` already has.
/// Each move is one rename, so a file is either the old one or the new one.
fn merge_into(source: &(impl Source + ?Sized), staging: &Path, dir: &Path) -> io::Result<()> {
    for i in 0..source.count() {
        let relative = checked_path(source.path(i))?;
        let destination = dir.join(&relative);
        if source.is_seed(i) && fs::symlink_metadata(&destination).is_ok() {
            continue;
        }
        if let Some(parent) = destination.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::rename(staging.join(&relative), &destination)?;
    }
    Ok(())
}

/// Writes `files` into the existing directory `dir`, each one beside its
/// destination and renamed over it, leaving every other file as it is:
/// what an update of an app writes.
pub fn write_into(files: &[GeneratedFile], dir: &Path) -> io::Result<()> {
    for file in files {
        let relative = checked_path(&file.path)?;
        let destination = dir.join(&relative);
        if let Some(parent) = destination.parent() {
            fs::create_dir_all(parent)?;
        }
        let name = relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = destination.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let written = create_new(&temporary, file.private)
            .and_then(|mut out| out.write_all(&file.contents))
            .and_then(|()| fs::rename(&temporary, &destination));
        if let Err(e) = written {
            let _ = fs::remove_file(&temporary);
            return Err(e);
        }
    }
    Ok(())
}

/// Removes the files at `paths` under `dir`, and each directory that
/// leaves empty: an update removing what it no longer generates.
pub fn remove_from(paths: &[String], dir: &Path) -> io::Result<()> {
    for path in paths {
        let relative = checked_path(path)?;
        match fs::remove_file(dir.join(&relative)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut parent = relative.parent();
        while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
            if fs::remove_dir(dir.join(p)).is_err() {
                break;
            }
            parent = p.parent();
        }
    }
    Ok(())
}

/// Writes `files` as a ZIP archive, every entry under the one top-level
/// `folder` (as source archives are, so that unpacking it makes one
/// directory): entries sorted by path (a file written last, the ownership
/// record, at the end), deflated, dated 1980-01-01 00:00,
/// permissions 0644. The same files give the same bytes.
///
/// The writer need not be seekable (standard output, a pipe): every entry is
/// compressed before its header is written.
pub fn write_zip<W: Write>(files: &[GeneratedFile], folder: &str, writer: W) -> io::Result<W> {
    zip_from(files, folder, writer)
}

/// [`write_zip`] for a [`FilePlan`]: files are rendered and deflated on
/// every available core and streamed into the archive in path order, so
/// memory stays small whatever the size of the app. The bytes are the same
/// as [`write_zip`] of the plan's [`files`](FilePlan::files).
pub fn write_zip_plan<W: Write>(plan: &dyn FilePlan, folder: &str, writer: W) -> io::Result<W> {
    zip_from(plan, folder, writer)
}

fn zip_from<W: Write>(source: &(impl Source + ?Sized), folder: &str, writer: W) -> io::Result<W> {
    let (order, before) = last_at_end(source, sorted_checked(source)?);
    let source = InFolder::new(source, folder)?;
    archive::write(&source, &order, before, writer, crate::cores::workers())
}

/// The ZIP archive of `files` as bytes (see [`write_zip`]).
pub fn zip_bytes(files: &[GeneratedFile], folder: &str) -> io::Result<Vec<u8>> {
    write_zip(files, folder, Vec::new())
}

/// A source's files under one folder: `folder/path`.
struct InFolder<'a, S: Source + ?Sized> {
    source: &'a S,
    paths: Vec<String>,
}

impl<'a, S: Source + ?Sized> InFolder<'a, S> {
    /// Refuses a folder that is not one plain path segment.
    fn new(source: &'a S, folder: &str) -> io::Result<Self> {
        checked_path(folder)?;
        if folder.contains('/') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("the archive's folder is not one name: {folder:?}"),
            ));
        }
        let paths = (0..source.count())
            .map(|i| format!("{folder}/{}", source.path(i)))
            .collect();
        Ok(InFolder { source, paths })
    }
}

impl<S: Source + ?Sized> Source for InFolder<'_, S> {
    fn count(&self) -> usize {
        self.source.count()
    }
    fn path(&self, i: usize) -> &str {
        &self.paths[i]
    }
    fn is_large(&self, i: usize) -> bool {
        self.source.is_large(i)
    }
    fn write(&self, i: usize, out: &mut dyn Write) -> io::Result<()> {
        self.source.write(i, out)
    }
    fn is_private(&self, i: usize) -> bool {
        self.source.is_private(i)
    }
    fn is_written_last(&self, i: usize) -> bool {
        self.source.is_written_last(i)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::targets::{DEFAULT, Secrets};

    /// An example app, and one large enough for files to be compressed
    /// both alone and in runs.
    fn genomes() -> [crate::genome::Genome; 2] {
        let many = crate::test_prds::many_entities(500);
        [
            include_bytes!("../../examples/pet_clinic.md"),
            many.as_bytes(),
        ]
        .map(|prd| crate::analyze(prd).genome.expect("the PRD is valid"))
    }

    /// The files of an archive, with their paths inside its folder `app`.
    fn read_zip(bytes: &[u8]) -> Vec<GeneratedFile> {
        let mut archive = ::zip::ZipArchive::new(io::Cursor::new(bytes)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut entry = archive.by_index(i).unwrap();
                let mut contents = Vec::new();
                entry.read_to_end(&mut contents).unwrap();
                let name = entry.name().unwrap();
                let path = name
                    .strip_prefix("app/")
                    .expect("every entry is under app/");
                GeneratedFile {
                    path: path.to_string(),
                    contents,
                    private: entry.unix_mode() == Some(0o100_600),
                }
            })
            .collect()
    }

    /// Streaming from the plan gives the very bytes of packing the list of
    /// its files, and the directory holds the same files.
    #[test]
    fn the_plan_packs_like_the_file_list() {
        for genome in genomes() {
            let plan = DEFAULT.plan(&genome, &Secrets::insecure_fixed_for_tests());
            let files = plan.files();
            let streamed = write_zip_plan(&*plan, "app", Vec::new()).unwrap();
            assert!(streamed == zip_bytes(&files, "app").unwrap());
            assert_eq!(read_zip(&streamed), files);

            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("app");
            write_dir_plan(&*plan, &dir, false).unwrap();
            for file in &files {
                assert_eq!(fs::read(dir.join(&file.path)).unwrap(), file.contents);
            }
        }
    }

    /// Unsorted input is sorted; repeated paths are refused.
    #[test]
    fn entries_are_sorted_and_unique() {
        let file = |path: &str| GeneratedFile {
            path: path.into(),
            contents: path.as_bytes().repeat(1000),
            private: false,
        };
        let bytes = zip_bytes(&[file("b/c"), file("a"), file("b/a")], "app").unwrap();
        let paths: Vec<String> = read_zip(&bytes).into_iter().map(|f| f.path).collect();
        assert_eq!(paths, ["a", "b/a", "b/c"]);
        for refused in [
            [file("a"), file("b"), file("a")],
            [file("a"), file("../b"), file("c")],
        ] {
            let mut out = Vec::new();
            assert!(write_zip(&refused, "app", &mut out).is_err());
            assert!(out.is_empty(), "nothing is written");
        }
        for folder in ["", "..", "a/b", "/app", "a\\b"] {
            let mut out = Vec::new();
            assert!(
                write_zip(&[file("a")], folder, &mut out).is_err(),
                "{folder:?} accepted as the archive's folder"
            );
            assert!(out.is_empty(), "nothing is written");
        }
    }

    /// Every file is written once, in runs from one directory each, and
    /// runs from different directories follow each other while more than
    /// one directory has files left.
    #[test]
    fn directory_runs_take_turns() {
        let mut files: Vec<GeneratedFile> = Vec::new();
        for (directory, count) in [("", 3), ("app/models", 40), ("tests", 70)] {
            for i in 0..count {
                let path = if directory.is_empty() {
                    format!("f{i:03}")
                } else {
                    format!("{directory}/f{i:03}")
                };
                files.push(GeneratedFile {
                    path,
                    contents: Vec::new(),
                    private: false,
                });
            }
        }
        let order = interleaved_by_directory(&files[..]);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..files.len()).collect::<Vec<_>>());
        let directory = |i: usize| files[i].path.rsplit_once('/').map_or("", |(d, _)| d);
        let runs: Vec<(&str, usize)> = order
            .chunk_by(|&a, &b| directory(a) == directory(b))
            .map(|run| (directory(run[0]), run.len()))
            .collect();
        assert_eq!(
            runs,
            [
                ("", 3),
                ("app/models", 16),
                ("tests", 16),
                ("app/models", 16),
                ("tests", 16),
                ("app/models", 8),
                ("tests", 38),
            ]
        );
    }

    /// More than 65,535 entries need the ZIP64 end records.
    #[test]
    fn many_entries_use_zip64() {
        let files: Vec<GeneratedFile> = (0..70_000)
            .map(|i| GeneratedFile {
                path: format!("f/{i:06}"),
                contents: i.to_string().into_bytes(),
                private: false,
            })
            .collect();
        let bytes = zip_bytes(&files, "app").unwrap();
        let end = &bytes[bytes.len() - 200..];
        let has = |signature: &[u8]| end.windows(4).any(|w| w == signature);
        assert!(
            has(b"PK\x06\x06") && has(b"PK\x06\x07"),
            "ZIP64 end records"
        );
        assert_eq!(read_zip(&bytes), files);
    }
}
