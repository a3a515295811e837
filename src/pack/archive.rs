//! The ZIP archive, written by the `zip` crate, with the files compressed on
//! every core.
//!
//! The archive that streams to the writer compresses nothing itself. The
//! worker threads compress the files into archives of their own, in memory:
//! a run of small files into one archive (one compressor for the run), a
//! large file alone (compressed apart first, so that the crate knows its
//! sizes before it decides whether the entry needs ZIP64). The streaming
//! archive merges those archives in path order, copying their entries as
//! they are. An archive in memory can be written back to, so every local
//! header holds its entry's sizes and CRC, and none needs a data descriptor.

use std::cell::Cell;
use std::io::{self, BufWriter, Cursor, Write};

use zip::write::{SimpleFileOptions, ZipFileBuilder};
use zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter};

use super::Source;
use super::parallel::{self, Weight};

/// The deflate level: zlib's fastest (zlib-rs, through flate2). See
/// docs/performance.md for the trade-off (about a third larger than level
/// 6, several times faster).
const LEVEL: i64 = 1;

/// Small files compressed together on one thread: one compressor set up
/// per run rather than per file, and runs short enough to share out evenly
/// between the cores.
const RUN: usize = 16;

/// Files reach their compressor in pieces of this size (see [`Pieces`]),
/// and the archive goes to its writer through a buffer of the same size.
const PIECE: usize = 1 << 18;

/// Every entry: deflated, dated 1980-01-01 00:00, a regular file with mode
/// 0644, made on Unix whatever the platform, so the bytes never depend on
/// the machine or the clock.
fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(System::Unix)
}

/// Consecutive files of the archive, compressed on one thread.
enum Unit<'a> {
    /// A large file, by its index in the source.
    Large(usize),
    /// Small files, by their indices in the source.
    Run(&'a [usize]),
}

/// Writes the files of `source`, in the given order, as a ZIP archive to
/// `writer`, compressing on `threads` threads; returns the writer.
pub(super) fn write<W: Write>(
    source: &(impl Source + ?Sized),
    order: &[usize],
    writer: W,
    threads: usize,
) -> io::Result<W> {
    let units = units(source, order);
    let failed = Cell::new(false);
    let mut archive = ZipWriter::new_stream(Output {
        inner: BufWriter::with_capacity(PIECE, writer),
        failed: &failed,
    });
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
        |buffer, unit| compress(source, &units[unit], buffer),
        |_, compressed| {
            archive.merge_archive(ZipArchive::new(Cursor::new(compressed))?)?;
            Ok(())
        },
    );
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

/// The files of `unit`, compressed into an archive of their own, in
/// memory; `buffer` is the thread's, for [`Pieces`].
fn compress(
    source: &(impl Source + ?Sized),
    unit: &Unit,
    buffer: &mut Vec<u8>,
) -> io::Result<Vec<u8>> {
    let mut archive = ZipWriter::new(Cursor::new(Vec::new()));
    match *unit {
        Unit::Large(i) => {
            // Compressed apart first: the crate decides whether the entry
            // needs ZIP64 once its sizes are known.
            let mut entry = ZipFileBuilder::new(source.path(i), options())?;
            let mut pieces = Pieces::new(&mut entry, buffer);
            source.write(i, &mut pieces)?;
            pieces.finish()?;
            archive.add_prepared_file(entry.finish()?)?;
        }
        // Small files, far below the 4 GiB an entry holds without ZIP64
        // (past that, the crate would refuse the entry, not write it wrong).
        Unit::Run(files) => {
            for &i in files {
                archive.start_file(source.path(i), options())?;
                let mut pieces = Pieces::new(&mut archive, buffer);
                source.write(i, &mut pieces)?;
                pieces.finish()?;
            }
        }
    }
    Ok(archive.finish()?.into_inner())
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

