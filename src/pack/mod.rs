//! Packaging of generated files: into a directory, or into a ZIP archive.
//!
//! Both hold the same bytes under the same relative paths.

use std::fs;
use std::io::{self, Seek, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::emit::GeneratedFile;

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

fn write_tree(files: &[GeneratedFile], root: &Path) -> io::Result<()> {
    fs::create_dir(root)?;
    for file in files {
        check_interrupt()?;
        let target = root.join(checked_path(&file.path)?);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, &file.contents)?;
    }
    Ok(())
}

/// Writes `files` into `dir`.
///
/// A missing or empty `dir` is filled. A non-empty one is refused (nothing is
/// touched) unless `force` is set, in which case it is replaced. The files
/// are first written to a temporary directory beside `dir`, which is then
/// renamed into place; with `force`, the old directory is moved away first
/// and removed only once the new one is in place.
pub fn write_dir(files: &[GeneratedFile], dir: &Path, force: bool) -> io::Result<()> {
    for file in files {
        checked_path(&file.path)?;
    }
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
            format!("{} is not empty (use --force to replace it)", dir.display()),
        ));
    }

    let staging = sibling(dir, "new")?;
    if let Err(e) = write_tree(files, &staging).and_then(|()| check_interrupt()) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
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

/// Writes `files` as a ZIP archive: entries sorted by path, deflated, dated
/// 1980-01-01 00:00, permissions 0644. The same files give the same bytes.
pub fn write_zip<W: Write + Seek>(files: &[GeneratedFile], writer: W) -> io::Result<W> {
    let mut sorted: Vec<&GeneratedFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(writer);
    for file in sorted {
        checked_path(&file.path)?;
        zip.start_file(file.path.as_str(), options)
            .map_err(io::Error::other)?;
        zip.write_all(&file.contents)?;
    }
    zip.finish().map_err(io::Error::other)
}

/// The ZIP archive of `files` as bytes (see [`write_zip`]).
pub fn zip_bytes(files: &[GeneratedFile]) -> io::Result<Vec<u8>> {
    Ok(write_zip(files, io::Cursor::new(Vec::new()))?.into_inner())
}
