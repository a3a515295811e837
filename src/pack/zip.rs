//! The ZIP format, written by hand: entries are compressed before their
//! header is written, so every size and CRC is known up front and the
//! archive streams to any writer (a pipe too) without data descriptors.
//!
//! Layout per entry: local header, deflated data; then the central
//! directory and the end record. ZIP64 records are added only when a size,
//! an offset or the entry count needs them.

use std::io::{self, Write};

use flate2::{Compress, Compression, FlushCompress, Status};

/// The deflate level: zlib's fastest. See docs/performance.md for the
/// trade-off (about a third larger than level 6, several times faster).
pub const LEVEL: u32 = 1;

/// Raw input is compressed in pieces of this size, so a large file is never
/// held uncompressed.
const CHUNK: usize = 1 << 18;

/// Deflated output up to this size is copied out of the deflater's buffer,
/// which is then reused; larger output leaves with the buffer.
const KEPT_OUTPUT: usize = 1 << 16;

const DOS_DATE_1980_01_01: u16 = (1 << 5) | 1;
const DOS_TIME_MIDNIGHT: u16 = 0;
/// Made by Unix (3), spec version 4.5 (ZIP64 aware).
const VERSION_MADE_BY: u16 = (3 << 8) | 45;
/// Regular file, rw-r--r--.
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;
/// Bit 11: the name is UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
const METHOD_DEFLATED: u16 = 8;

/// One entry, or one segment of an entry, compressed: the CRC and size of
/// its raw bytes, and its deflated bytes.
pub struct Deflated {
    pub crc: u32,
    pub size: u64,
    pub data: Vec<u8>,
}

/// An `io::Write` that deflates what it is given; one per thread, reused
/// from entry to entry (resetting keeps the compressor's memory).
pub struct Deflater {
    compress: Compress,
    crc: crc32fast::Hasher,
    pending: Vec<u8>,
    out: Vec<u8>,
    size: u64,
}

impl Default for Deflater {
    fn default() -> Self {
        Deflater {
            compress: Compress::new(Compression::new(LEVEL), false),
            crc: crc32fast::Hasher::new(),
            pending: Vec::with_capacity(CHUNK),
            out: Vec::new(),
            size: 0,
        }
    }
}

impl Deflater {
    /// Compresses `input`, which is either `self.pending` or, when nothing
    /// is pending, data given to `write` directly.
    fn run(
        compress: &mut Compress,
        out: &mut Vec<u8>,
        mut input: &[u8],
        flush: FlushCompress,
    ) -> io::Result<()> {
        loop {
            // Deflate never grows data by more than a few bytes per block.
            out.reserve(input.len() / 2 + 1024);
            let before = compress.total_in();
            let status = compress
                .compress_vec(input, out, flush)
                .map_err(io::Error::other)?;
            let used = usize::try_from(compress.total_in() - before)
                .expect("consumed input fits in memory");
            input = &input[used..];
            match (flush, status) {
                (FlushCompress::Finish, Status::StreamEnd) => return Ok(()),
                (FlushCompress::Finish, _) => {}
                // A flush is complete once it leaves room in the output.
                (FlushCompress::Full, _) if input.is_empty() && out.len() < out.capacity() => {
                    return Ok(());
                }
                (FlushCompress::Full, _) => {}
                _ if input.is_empty() => return Ok(()),
                _ => {}
            }
        }
    }

    fn take(&mut self, input: &[u8], flush: FlushCompress) -> io::Result<()> {
        Self::run(&mut self.compress, &mut self.out, input, flush)?;
        self.crc.update(input);
        self.size += input.len() as u64;
        Ok(())
    }

    fn run_pending(&mut self, flush: FlushCompress) -> io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let result = self.take(&pending, flush);
        self.pending = pending;
        self.pending.clear();
        result
    }

    /// Ends a segment of an entry and returns it; the deflater is ready for
    /// the next. The last segment ends the deflate stream; the others end
    /// with a full flush, at a byte boundary and with no back-reference
    /// across it, so segments deflated separately join into one stream.
    pub fn finish_segment(&mut self, last: bool) -> io::Result<Deflated> {
        let flush = if last {
            FlushCompress::Finish
        } else {
            FlushCompress::Full
        };
        self.run_pending(flush)?;
        let crc = std::mem::take(&mut self.crc).finalize();
        let size = std::mem::take(&mut self.size);
        self.compress.reset();
        // A small entry is copied out exactly (it may wait for its turn a
        // while) and the buffer kept for the next one; a large one takes
        // the buffer itself rather than being copied and leaving a
        // buffer of its size behind on every thread.
        let data = if self.out.len() > KEPT_OUTPUT {
            std::mem::take(&mut self.out)
        } else {
            let data = self.out.clone();
            self.out.clear();
            data
        };
        Ok(Deflated { crc, size, data })
    }
}

impl Write for Deflater {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() && buf.len() >= CHUNK / 4 {
            // Large enough to compress as it is, without copying.
            self.take(buf, FlushCompress::None)?;
        } else {
            self.pending.extend_from_slice(buf);
            if self.pending.len() >= CHUNK {
                self.run_pending(FlushCompress::None)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn u16_le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32_le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u64_le(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A 32-bit field, or the ZIP64 marker when the value does not fit.
fn field32(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn needs64(v: u64) -> bool {
    v >= u64::from(u32::MAX)
}

/// What the headers say of an entry made of segments.
struct Joined {
    crc: u32,
    size: u64,
    csize: u64,
}

fn joined(segments: &[Deflated]) -> Joined {
    let mut crc = crc32fast::Hasher::new();
    let (mut size, mut csize) = (0, 0);
    for segment in segments {
        size += segment.size;
        crc.combine(&crc32fast::Hasher::new_with_initial_len(
            segment.crc,
            segment.size,
        ));
        csize += segment.data.len() as u64;
    }
    Joined {
        size,
        crc: crc.finalize(),
        csize,
    }
}

/// A ZIP archive being written to `W`.
pub struct ZipStream<W: Write> {
    writer: W,
    offset: u64,
    central: Vec<u8>,
    entries: u64,
    header: Vec<u8>,
}

impl<W: Write> ZipStream<W> {
    pub fn new(writer: W) -> Self {
        ZipStream {
            writer,
            offset: 0,
            central: Vec::new(),
            entries: 0,
            header: Vec::with_capacity(256),
        }
    }

    /// Appends one entry, given as its deflated segments in order: dated
    /// 1980-01-01 00:00, mode 0644, deflated.
    pub fn add(&mut self, path: &str, segments: &[Deflated]) -> io::Result<()> {
        let entry = joined(segments);
        let name = path.as_bytes();
        let name_len = u16::try_from(name.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path too long for ZIP"))?;
        let flags = if path.is_ascii() { 0 } else { FLAG_UTF8 };
        let csize = entry.csize;
        let big = needs64(entry.size) || needs64(csize);
        let version_needed: u16 = if big { 45 } else { 20 };

        let h = &mut self.header;
        h.clear();
        u32_le(h, 0x0403_4b50);
        u16_le(h, version_needed);
        u16_le(h, flags);
        u16_le(h, METHOD_DEFLATED);
        u16_le(h, DOS_TIME_MIDNIGHT);
        u16_le(h, DOS_DATE_1980_01_01);
        u32_le(h, entry.crc);
        if big {
            u32_le(h, u32::MAX);
            u32_le(h, u32::MAX);
        } else {
            u32_le(h, field32(csize));
            u32_le(h, field32(entry.size));
        }
        u16_le(h, name_len);
        u16_le(h, if big { 20 } else { 0 });
        h.extend_from_slice(name);
        if big {
            u16_le(h, 0x0001);
            u16_le(h, 16);
            u64_le(h, entry.size);
            u64_le(h, csize);
        }
        self.writer.write_all(h)?;
        for segment in segments {
            self.writer.write_all(&segment.data)?;
        }

        // The central directory's record of the same entry.
        let mut extra = Vec::new();
        if needs64(entry.size) {
            u64_le(&mut extra, entry.size);
        }
        if needs64(csize) {
            u64_le(&mut extra, csize);
        }
        if needs64(self.offset) {
            u64_le(&mut extra, self.offset);
        }
        let c = &mut self.central;
        u32_le(c, 0x0201_4b50);
        u16_le(c, VERSION_MADE_BY);
        u16_le(c, if extra.is_empty() { 20 } else { 45 });
        u16_le(c, flags);
        u16_le(c, METHOD_DEFLATED);
        u16_le(c, DOS_TIME_MIDNIGHT);
        u16_le(c, DOS_DATE_1980_01_01);
        u32_le(c, entry.crc);
        u32_le(c, field32(csize));
        u32_le(c, field32(entry.size));
        u16_le(c, name_len);
        u16_le(
            c,
            if extra.is_empty() {
                0
            } else {
                extra.len() as u16 + 4
            },
        );
        u16_le(c, 0); // comment
        u16_le(c, 0); // disk
        u16_le(c, 0); // internal attributes
        u32_le(c, EXTERNAL_ATTRIBUTES);
        u32_le(c, field32(self.offset));
        c.extend_from_slice(name);
        if !extra.is_empty() {
            u16_le(c, 0x0001);
            u16_le(c, extra.len() as u16);
            c.extend_from_slice(&extra);
        }

        self.offset += (h.len() as u64) + csize;
        self.entries += 1;
        Ok(())
    }

    /// Writes the central directory and the end records; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        let cd_offset = self.offset;
        let cd_size = self.central.len() as u64;
        self.writer.write_all(&self.central)?;
        let mut end = Vec::with_capacity(100);
        let zip64 = self.entries >= 0xFFFF || needs64(cd_offset) || needs64(cd_size);
        if zip64 {
            let record_offset = cd_offset + cd_size;
            u32_le(&mut end, 0x0606_4b50);
            u64_le(&mut end, 44);
            u16_le(&mut end, VERSION_MADE_BY);
            u16_le(&mut end, 45);
            u32_le(&mut end, 0);
            u32_le(&mut end, 0);
            u64_le(&mut end, self.entries);
            u64_le(&mut end, self.entries);
            u64_le(&mut end, cd_size);
            u64_le(&mut end, cd_offset);
            u32_le(&mut end, 0x0706_4b50);
            u32_le(&mut end, 0);
            u64_le(&mut end, record_offset);
            u32_le(&mut end, 1);
        }
        let count16 = u16::try_from(self.entries).unwrap_or(u16::MAX);
        u32_le(&mut end, 0x0605_4b50);
        u16_le(&mut end, 0);
        u16_le(&mut end, 0);
        u16_le(&mut end, count16);
        u16_le(&mut end, count16);
        u32_le(&mut end, field32(cd_size));
        u32_le(&mut end, field32(cd_offset));
        u16_le(&mut end, 0);
        self.writer.write_all(&end)?;
        self.writer.flush()?;
        Ok(self.writer)
    }
}
