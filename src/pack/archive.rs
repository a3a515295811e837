//! The ZIP archive, written by the `zip` crate, with the files compressed on
//! every core.
//!
//! The archive that streams to the writer compresses nothing itself. The
//! worker threads compress the files: a run of small files into an archive
//! of its own, in memory (one compressor for the run), which the streaming
//! archive merges, copying its entries as they are; a large file alone,
//! into an entry the crate prepares apart (so that it knows the sizes
//! before it decides whether the entry needs ZIP64), which the streaming
//! archive adds as it is. Both go in path order; a file written last (the
//! ownership record, made from the others) is compressed on the writer's
//! thread once they are all in. An archive in memory can
//! be written back to, and a prepared entry comes with its sizes and CRC,
//! so every local header holds them, and none needs a data descriptor.
//!
//! Memory is reused rather than asked for afresh: the buffers of merged
//! runs go back to the worker threads for the next runs.

use std::cell::Cell;
use std::io::{self, BufWriter, Cursor, Write};
use std::sync::Mutex;

use zip::write::{SimpleFileOptions, StreamWriter, ZipFileBuilder};
use zip::{
    CompressionMethod, DateTime, PreparedZipFile, System, ZIP64_BYTES_THR, ZipArchive, ZipWriter,
};

use super::Source;
use super::parallel::{self, Weight};

/// The deflate level: zlib's fastest (zlib-rs, through flate2). See
/// docs/performance.md for the trade-off (about a third larger than level
/// 6, several times faster).
pub const LEVEL: i64 = 1;

/// Small files compressed together on one thread: one compressor set up
/// per run rather than per file, and runs short enough to share out evenly
/// between the cores.
const RUN: usize = 16;

/// Files reach their compressor in pieces of this size (see [`Pieces`]),
/// and the archive goes to its writer through a buffer of the same size.
const PIECE: usize = 1 << 18;

/// Every entry: deflated, dated 1980-01-01 00:00, a regular file with mode
/// 0644 (0600 for a private file), made on Unix whatever the platform, so
/// the bytes never depend on the machine or the clock.
fn options(private: bool) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(DateTime::default())
        .unix_permissions(if private { 0o600 } else { 0o644 })
        .system(System::Unix)
}

/// Consecutive files of the archive, compressed on one thread.
enum Unit<'a> {
    /// A large file, by its index in the source.
    Large(usize),
    /// Small files, by their indices in the source.
    Run(&'a [usize]),
}

/// A unit, compressed.
enum Compressed {
    /// An archive in memory, whose entries are copied into the one that
    /// streams out.
    Archive(Vec<u8>),
    /// A large file's entry, which goes into the archive that streams out
    /// as it is.
    Entry(PreparedZipFile),
}

/// Writes the files of `source`, in the given order, as a ZIP archive to
/// `writer`, compressing on `threads` threads; returns the writer. The
/// files of `order` from `before` on are written once all the others
/// are, on this thread.
pub(super) fn write<W: Write>(
    source: &(impl Source + ?Sized),
    order: &[usize],
    before: usize,
    writer: W,
    threads: usize,
) -> io::Result<W> {
    let (order, last) = order.split_at(before);
    let units = units(source, order);
    // The buffers of merged runs, handed back to the worker threads: a run's
    // archive is written into memory that is already there, instead of
    // memory grown afresh for every run and given back to the system.
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let failed = Cell::new(false);
    // `ZipWriter::new_stream` would give every entry it adds a data
    // descriptor, as it cannot go back to write the sizes in the local
    // header; but a large file's entry comes with its sizes and CRC, and
    // (below ZIP64) its local header is written once, in place: the
    // `StreamWriter` refuses any seek that is not a no-op, so a change of
    // the crate that needed one would fail, not write a wrong archive.
    let mut archive = ZipWriter::new(StreamWriter::new(Output {
        inner: BufWriter::with_capacity(PIECE, writer),
        failed: &failed,
    }));
    let mut add = |unit: &Unit, compressed| {
        match compressed {
            Compressed::Entry(entry) => archive.add_prepared_file(entry)?,
            Compressed::Archive(bytes) => {
                archive.merge_archive(ZipArchive::new(Cursor::new(&bytes[..]))?)?;
                if let Unit::Run(_) = unit {
                    lock(&spare).push(bytes);
                }
            }
        }
        Ok(())
    };
    let written = parallel::ordered(
        units.len(),
        threads,
        // A run is quick, and finished ones wait for their turn: taken one
        // at a time, in order.
        |unit| match units[unit] {
            Unit::Large(_) => Weight::First,
            Unit::Run(_) => Weight::Alone,
        },
        || Vec::with_capacity(PIECE),
        |buffer, unit| compress(source, &units[unit], buffer, &spare),
        |unit, compressed| add(&units[unit], compressed),
    )
    .and_then(|()| {
        let mut buffer = Vec::new();
        last.chunks(1).try_for_each(|file| {
            let unit = Unit::Run(file);
            add(&unit, compress(source, &unit, &mut buffer, &spare)?)
        })
    });
    if let Err(error) = written {
        failed.set(true);
        return Err(error);
    }
    archive
        .finish()?
        .into_inner()
        .inner
        .into_inner()
        .map_err(io::IntoInnerError::into_error)
}

/// The units of work, in archive order: each large file alone, the small
/// ones between them in runs of at most [`RUN`].
fn units<'a>(source: &(impl Source + ?Sized), order: &'a [usize]) -> Vec<Unit<'a>> {
    order
        .chunk_by(|&a, &b| !source.is_large(a) && !source.is_large(b))
        .flat_map(|files| match *files {
            [i] if source.is_large(i) => vec![Unit::Large(i)],
            _ => files.chunks(RUN).map(Unit::Run).collect(),
        })
        .collect()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().expect("no thread panics holding the lock")
}

/// The files of `unit`, compressed into an archive of their own, in
/// memory (a run's in a spare buffer, if there is one); `buffer` is the
/// thread's, for [`Pieces`].
fn compress(
    source: &(impl Source + ?Sized),
    unit: &Unit,
    buffer: &mut Vec<u8>,
    spare: &Mutex<Vec<Vec<u8>>>,
) -> io::Result<Compressed> {
    let archive = match *unit {
        Unit::Large(i) => {
            // Compressed apart first: the crate decides whether the entry
            // needs ZIP64 once its sizes are known.
            let mut entry = ZipFileBuilder::new(source.path(i), options(source.is_private(i)))?;
            let mut pieces = Pieces::new(&mut entry, buffer);
            source.write(i, &mut pieces)?;
            pieces.finish()?;
            let entry = entry.finish()?;
            if entry.compressed_size() < ZIP64_BYTES_THR
                && entry.uncompressed_size() < ZIP64_BYTES_THR
            {
                return Ok(Compressed::Entry(entry));
            }
            // A ZIP64 entry's local header is written before its sizes are
            // known, then written again: in an archive of its own, with
            // room for the entry and its records, so that its bytes are
            // copied once more only.
            let room = entry.compressed_size() as usize + 2 * source.path(i).len() + 256;
            let mut archive = ZipWriter::new(Cursor::new(Vec::with_capacity(room)));
            archive.add_prepared_file(entry)?;
            archive
        }
        // Small files, far below the 4 GiB an entry holds without ZIP64
        // (past that, the crate would refuse the entry, not write it wrong).
        Unit::Run(files) => {
            let mut into = lock(spare).pop().unwrap_or_default();
            into.clear();
            let mut archive = ZipWriter::new(Cursor::new(into));
            for &i in files {
                archive.start_file(source.path(i), options(source.is_private(i)))?;
                let mut pieces = Pieces::new(&mut archive, buffer);
                source.write(i, &mut pieces)?;
                pieces.finish()?;
            }
            archive
        }
    };
    Ok(Compressed::Archive(archive.finish()?.into_inner()))
}

/// A file on its way into its compressor, which it reaches in pieces of
/// exactly [`PIECE`] bytes (the last one shorter) however it is written:
/// the compressed bytes depend on where the input is cut, and so they
/// depend on the file alone, whether it is written whole or in many small
/// pieces; and the compressor goes faster fed in large pieces. Flushes
/// stop here: flushing a deflate stream ends its block early.
struct Pieces<'a, W: Write> {
    compressor: W,
    buffer: &'a mut Vec<u8>,
}

impl<'a, W: Write> Pieces<'a, W> {
    fn new(compressor: W, buffer: &'a mut Vec<u8>) -> Self {
        buffer.clear();
        Pieces { compressor, buffer }
    }

    /// Passes on the last piece.
    fn finish(mut self) -> io::Result<()> {
        self.compressor.write_all(self.buffer)
    }
}

impl<W: Write> Write for Pieces<'_, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let mut rest = data;
        while !rest.is_empty() {
            if self.buffer.is_empty() && rest.len() >= PIECE {
                // A whole piece as it is, without copying.
                self.compressor.write_all(&rest[..PIECE])?;
                rest = &rest[PIECE..];
                continue;
            }
            let taken = rest.len().min(PIECE - self.buffer.len());
            self.buffer.extend_from_slice(&rest[..taken]);
            rest = &rest[taken..];
            if self.buffer.len() == PIECE {
                self.compressor.write_all(self.buffer)?;
                self.buffer.clear();
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The archive's output. A `ZipWriter` that is dropped unfinished finishes
/// the archive itself (and reports its own failure to do so on standard
/// error): once anything has failed, the output takes what it is given and
/// writes none of it, so a failed run never ends in what looks like a
/// complete archive.
struct Output<'a, W: Write> {
    inner: BufWriter<W>,
    failed: &'a Cell<bool>,
}

impl<W: Write> Write for Output<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed.get() {
            return Ok(buf.len());
        }
        self.inner.write(buf).inspect_err(|_| self.failed.set(true))
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.get() {
            return Ok(());
        }
        self.inner.flush().inspect_err(|_| self.failed.set(true))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::files::GeneratedFile;
    use crate::targets::{DEFAULT, Secrets};

    fn zip(files: &[GeneratedFile], threads: usize) -> io::Result<Vec<u8>> {
        let order = super::super::sorted_checked(files)?;
        write(files, &order, order.len(), Vec::new(), threads)
    }

    /// The files of an archive, read through its central directory, each
    /// checked against its CRC.
    fn read(bytes: &[u8]) -> Vec<GeneratedFile> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).expect("an archive");
        (0..archive.len())
            .map(|i| {
                let mut entry = archive.by_index(i).expect("an entry");
                let mut contents = Vec::new();
                entry
                    .read_to_end(&mut contents)
                    .expect("inflates, CRC correct");
                GeneratedFile {
                    path: entry.name().expect("a UTF-8 name").to_string(),
                    contents,
                    private: entry.unix_mode() == Some(0o100_600),
                }
            })
            .collect()
    }

    /// The paths and contents of an archive read front to back, from the
    /// local headers alone, as a reader of a pipe does (a local header
    /// holds no permissions).
    fn read_as_stream(mut bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        while let Some(mut entry) =
            ::zip::read::read_zipfile_from_stream(&mut bytes).expect("a local header")
        {
            let mut contents = Vec::new();
            entry
                .read_to_end(&mut contents)
                .expect("inflates, CRC correct");
            files.push((entry.name().expect("a UTF-8 name").to_string(), contents));
        }
        files
    }

    /// An app with runs of small files and every kind of large file.
    fn app() -> Vec<GeneratedFile> {
        let prd = crate::test_prds::many_entities(300);
        let genome = crate::analyze(prd.as_bytes()).genome.expect("valid");
        DEFAULT
            .plan(&genome, &Secrets::insecure_fixed_for_tests())
            .files()
    }

    /// The same bytes whatever the number of threads, holding the files,
    /// entry by entry, whether read through the central directory or
    /// front to back.
    #[test]
    fn the_archive_holds_the_files_whatever_the_threads() {
        let files = app();
        let one = zip(&files, 1).unwrap();
        for threads in [2, 3, 8] {
            assert!(zip(&files, threads).unwrap() == one, "{threads} threads");
        }
        assert_eq!(read(&one), files);
        let paths_and_contents: Vec<_> = files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect();
        assert_eq!(read_as_stream(&one), paths_and_contents);
    }

    /// However a file is cut into writes, and flushed, its entry is the
    /// same: deflate's output depends on where its input is cut.
    #[test]
    fn how_a_file_is_written_does_not_change_the_archive() {
        struct Cut<'a>(&'a [GeneratedFile], usize);
        impl Source for Cut<'_> {
            fn count(&self) -> usize {
                self.0.len()
            }
            fn path(&self, i: usize) -> &str {
                &self.0[i].path
            }
            fn is_large(&self, i: usize) -> bool {
                self.0.is_large(i)
            }
            fn write(&self, i: usize, out: &mut dyn Write) -> io::Result<()> {
                for piece in self.0[i].contents.chunks(self.1) {
                    out.write_all(piece)?;
                    out.flush()?;
                }
                Ok(())
            }
            fn is_private(&self, i: usize) -> bool {
                self.0.is_private(i)
            }
        }
        let files = app();
        let whole = zip(&files, 2).unwrap();
        let order = super::super::sorted_checked(&files[..]).unwrap();
        for cut in [1_000, 100_003] {
            let cut_up = write(&Cut(&files, cut), &order, order.len(), Vec::new(), 2).unwrap();
            assert!(cut_up == whole, "written {cut} bytes at a time");
        }
    }

    #[test]
    fn entries_are_deflated_dated_1980_and_mode_0644_or_0600_if_private() {
        let files = app();
        assert!(files.iter().any(|f| f.private) && files.iter().any(|f| !f.private));
        let bytes = zip(&files, 2).unwrap();
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
        for (i, file) in files.iter().enumerate() {
            let entry = archive.by_index(i).unwrap();
            assert_eq!(entry.name().unwrap(), file.path);
            assert_eq!(entry.compression(), CompressionMethod::Deflated);
            assert_eq!(entry.last_modified(), Some(DateTime::default()));
            let mode = if file.private { 0o100_600 } else { 0o100_644 };
            assert_eq!(entry.unix_mode(), Some(mode), "{}", file.path);
        }
    }

    /// Small files go in runs between the large ones, in order, each file
    /// in exactly one unit.
    #[test]
    fn units_cover_every_file_in_order() {
        let files: Vec<GeneratedFile> = (0..60)
            .map(|i| GeneratedFile {
                path: format!("f{i:02}"),
                contents: vec![b'x'; if i % 25 == 3 { 1 << 20 } else { 10 }],
                private: false,
            })
            .collect();
        let order: Vec<usize> = (0..files.len()).collect();
        let units = units(&files[..], &order);
        let shape: Vec<(bool, usize)> = units
            .iter()
            .map(|unit| match unit {
                Unit::Large(_) => (true, 1),
                Unit::Run(run) => (false, run.len()),
            })
            .collect();
        assert_eq!(
            shape,
            [
                (false, 3),
                (true, 1),
                (false, 16),
                (false, 8),
                (true, 1),
                (false, 16),
                (false, 8),
                (true, 1),
                (false, 6),
            ]
        );
        let covered: Vec<usize> = units
            .iter()
            .flat_map(|unit| match unit {
                Unit::Large(i) => vec![*i],
                Unit::Run(run) => run.to_vec(),
            })
            .collect();
        assert_eq!(covered, order);
    }

    /// A file that fails to render stops the archive: the error comes
    /// back, and what was written does not end like an archive.
    #[test]
    fn a_failure_leaves_no_complete_archive() {
        struct Failing(Vec<GeneratedFile>);
        impl Source for Failing {
            fn count(&self) -> usize {
                self.0.len()
            }
            fn path(&self, i: usize) -> &str {
                &self.0[i].path
            }
            fn is_large(&self, i: usize) -> bool {
                self.0[..].is_large(i)
            }
            fn is_private(&self, i: usize) -> bool {
                self.0[..].is_private(i)
            }
            fn write(&self, i: usize, out: &mut dyn Write) -> io::Result<()> {
                if i == 1_000 {
                    return Err(io::Error::other("cannot render"));
                }
                out.write_all(&self.0[i].contents)
            }
        }
        let failing = Failing(app());
        assert!(failing.count() > 1_000);
        let order: Vec<usize> = (0..failing.count()).collect();
        for threads in [1, 2] {
            let mut out = Vec::new();
            let error = write(&failing, &order, order.len(), &mut out, threads).unwrap_err();
            assert_eq!(error.to_string(), "cannot render");
            assert!(!out.is_empty(), "the archive streams from the start");
            assert!(ZipArchive::new(Cursor::new(&out)).is_err());
        }
    }

    /// A reader that goes away (`| head`) is reported as a broken pipe,
    /// which the command line takes as the reader's choice.
    #[test]
    fn a_closed_pipe_is_a_broken_pipe() {
        struct ClosesAfter(usize);
        impl Write for ClosesAfter {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                if self.0 < buf.len() {
                    return Err(io::ErrorKind::BrokenPipe.into());
                }
                self.0 -= buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let files = app();
        let whole = zip(&files, 2).unwrap().len();
        let order = super::super::sorted_checked(&files[..]).unwrap();
        for closes_after in [0, whole / 2, whole - 10] {
            let Err(error) = write(
                &files[..],
                &order,
                order.len(),
                ClosesAfter(closes_after),
                2,
            ) else {
                panic!("the archive was written whole");
            };
            assert_eq!(error.kind(), io::ErrorKind::BrokenPipe, "{closes_after}");
        }
    }

    /// Entries are written as the files are compressed, not once they all
    /// are: by the time the last file is rendered, most of the archive is
    /// out.
    #[test]
    fn the_archive_streams() {
        struct Counting<'a>(&'a std::sync::atomic::AtomicUsize);
        impl Write for Counting<'_> {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0
                    .fetch_add(buf.len(), std::sync::atomic::Ordering::SeqCst);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        struct Watched<'a> {
            files: Vec<GeneratedFile>,
            written: &'a std::sync::atomic::AtomicUsize,
            when_last: std::sync::atomic::AtomicUsize,
        }
        impl Source for Watched<'_> {
            fn count(&self) -> usize {
                self.files.len()
            }
            fn path(&self, i: usize) -> &str {
                &self.files[i].path
            }
            fn is_large(&self, _: usize) -> bool {
                false
            }
            fn is_private(&self, i: usize) -> bool {
                self.files[i].private
            }
            fn write(&self, i: usize, out: &mut dyn Write) -> io::Result<()> {
                if i + 1 == self.files.len() {
                    let written = self.written.load(std::sync::atomic::Ordering::SeqCst);
                    self.when_last
                        .store(written, std::sync::atomic::Ordering::SeqCst);
                }
                out.write_all(&self.files[i].contents)
            }
        }
        // Contents that do not compress, so the archive is as large as
        // the files.
        let mut state = 1u64;
        let files: Vec<GeneratedFile> = (0..20_000)
            .map(|i| GeneratedFile {
                path: format!("f{i:05}"),
                private: false,
                contents: (0..1_000)
                    .map(|_| {
                        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                        (state >> 56) as u8
                    })
                    .collect(),
            })
            .collect();
        let written = std::sync::atomic::AtomicUsize::new(0);
        let source = Watched {
            files,
            written: &written,
            when_last: std::sync::atomic::AtomicUsize::new(0),
        };
        let order: Vec<usize> = (0..source.count()).collect();
        write(&source, &order, order.len(), Counting(&written), 2).unwrap();
        let total = written.load(std::sync::atomic::Ordering::SeqCst);
        let before_last = source.when_last.into_inner();
        assert!(before_last > total / 3, "{before_last} of {total}");
    }
}
