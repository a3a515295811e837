//! Generated files as a packer sees them: what a target's plan offers
//! and `pack` writes, without naming any target.

use std::io;

/// One generated file, rendered into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative, `/`-separated path (`app/models/order_item.py`).
    pub path: String,
    pub contents: Vec<u8>,
    /// Readable by its owner only (mode 0600 on Unix): a file of secrets.
    pub private: bool,
}

/// An application's files, planned but not yet rendered: the sorted list
/// of paths, each file rendered on demand into any writer, so a packer can
/// stream the files (and render them on several threads) without holding
/// the whole tree.
///
/// Writing file `i` gives the same bytes whichever thread writes it and
/// however often.
pub trait FilePlan: Sync {
    /// The number of files.
    fn count(&self) -> usize;

    /// The relative, `/`-separated path of file `i`.
    fn path(&self, i: usize) -> &str;

    /// Whether file `i` grows with the size of the PRD: a packer working
    /// on several threads starts these first, and writes them through a
    /// buffer (a small file is written in one piece).
    fn is_large(&self, i: usize) -> bool;

    /// Writes the contents of file `i` to `out`.
    fn write(&self, i: usize, out: &mut dyn io::Write) -> io::Result<()>;

    /// Whether file `i` holds secrets, to be readable by its owner only.
    fn is_private(&self, _i: usize) -> bool {
        false
    }

    /// Whether file `i` is a seed: written when the app is made, then the
    /// user's (its secrets, the package for their own code), so that
    /// writing the app again never replaces one already there.
    fn is_seed(&self, _i: usize) -> bool {
        false
    }

    /// Whether file `i` is made from the others as they are written (the
    /// ownership record of their hashes): packers write it after every
    /// other file, so that it costs no second rendering of them.
    fn is_written_last(&self, _i: usize) -> bool {
        false
    }

    /// Every file rendered into memory, in path order. This holds the
    /// whole tree; packing the plan renders one file at a time.
    fn files(&self) -> Vec<GeneratedFile> {
        (0..self.count())
            .map(|i| {
                let mut contents = Vec::new();
                self.write(i, &mut contents)
                    .expect("rendering into memory never fails");
                GeneratedFile {
                    path: self.path(i).to_string(),
                    contents,
                    private: self.is_private(i),
                }
            })
            .collect()
    }
}
