//! Which files of a generated app the compiler owns: the ownership record
//! every app carries (`.microcodegen/owned.json`), with each owned file's
//! SHA-256, so an update can tell a file the user edited from one it may
//! write again. Files not in the record (seeds such as `.env`, the
//! database, the user's own code) are the user's and are never written
//! over.

use std::collections::BTreeMap;
use std::io;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::files::FilePlan;

/// Where the record lives in the app.
pub const RECORD_PATH: &str = ".microcodegen/owned.json";

/// Version of the record's JSON shape.
pub const RECORD_FORMAT: u32 = 1;

/// The ownership record of an app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnershipRecord {
    pub format: u32,
    /// The version of the target's schema rules the app's database was
    /// made by: what the genome does not name, such as which indexes a
    /// table has ([`crate::targets::Target::schema_version`]). Records
    /// written before the rules had versions have none: version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<u32>,
    /// Every owned file's path and the SHA-256 of the bytes written, as
    /// lowercase hexadecimal; sorted by path.
    pub files: BTreeMap<String, String>,
    /// The database migration that gives the schema of the app's genome:
    /// the head of its chain of migrations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
}

impl OwnershipRecord {
    /// The version of the schema rules the app's database was made by:
    /// the one recorded, or 1 for a record older than the versions.
    pub fn schema_version(&self) -> u32 {
        self.schema.unwrap_or(1)
    }

    /// The record as written in the app: pretty JSON and a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("the record serialises");
        bytes.push(b'\n');
        bytes
    }

    /// The record read back from its bytes.
    pub fn from_bytes(bytes: &[u8]) -> serde_json::Result<Self> {
        serde_json::from_slice(bytes)
    }
}

/// The SHA-256 of `bytes`, as lowercase hexadecimal.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len() * 2);
    for &b in digest {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Hashes what is written to it, and passes it on to `out`.
struct HashingWriter<'a> {
    hasher: Sha256,
    out: &'a mut dyn io::Write,
}

impl io::Write for HashingWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        Ok(written)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// File `i` of `plan` written to `out`, and the hash of what was written.
fn write_hashed(plan: &dyn FilePlan, i: usize, out: &mut dyn io::Write) -> io::Result<String> {
    let mut writer = HashingWriter {
        hasher: Sha256::new(),
        out,
    };
    plan.write(i, &mut writer)?;
    Ok(hex(&writer.hasher.finalize()))
}

/// The hash of file `i` of `plan`, rendered into the hasher, never whole.
pub fn plan_file_hash(plan: &dyn FilePlan, i: usize) -> String {
    write_hashed(plan, i, &mut io::sink()).expect("rendering into a hasher never fails")
}

/// The record for the files of `plan` that are not seeds, whose schema
/// is that of the migration `head`, made by the schema rules `schema`.
pub fn record_for(plan: &dyn FilePlan, head: Option<String>, schema: u32) -> OwnershipRecord {
    record_of(plan, head, schema, |i| plan_file_hash(plan, i))
}

/// The record of the files of `plan` that are not seeds, each hashed by
/// `hash` (given its index).
fn record_of(
    plan: &dyn FilePlan,
    head: Option<String>,
    schema: u32,
    hash: impl Fn(usize) -> String,
) -> OwnershipRecord {
    let files = (0..plan.count())
        .filter(|&i| !plan.is_seed(i))
        .map(|i| (plan.path(i).to_string(), hash(i)))
        .collect();
    OwnershipRecord {
        format: RECORD_FORMAT,
        schema: Some(schema),
        files,
        head,
    }
}

/// A plan with its ownership record added as one more file.
///
/// Each owned file is hashed as it is written, and the record, which
/// packers write after every other file, is made of those hashes: the
/// files are rendered once, not once more to be hashed. Should the record
/// be written before a file it lists (rendering the plan into memory in
/// path order does), that file is rendered into the hasher then; the
/// record's bytes never depend on the order.
pub struct WithRecord<'a> {
    plan: Box<dyn FilePlan + 'a>,
    head: Option<String>,
    schema: u32,
    /// The hash of each of the plan's files written so far, by index.
    hashes: Vec<OnceLock<String>>,
    /// Where the record sits among the plan's files, by path.
    at: usize,
}

impl<'a> WithRecord<'a> {
    /// `plan` with its record, which names `head` as the migration that
    /// gives the app's schema and `schema` as the rules that made it.
    pub fn new(plan: Box<dyn FilePlan + 'a>, head: Option<String>, schema: u32) -> Self {
        let at = (0..plan.count())
            .find(|&i| plan.path(i) > RECORD_PATH)
            .unwrap_or(plan.count());
        let hashes = (0..plan.count()).map(|_| OnceLock::new()).collect();
        WithRecord {
            plan,
            head,
            schema,
            hashes,
            at,
        }
    }

    /// The plan's index of file `i`, or `None` for the record.
    fn inner(&self, i: usize) -> Option<usize> {
        match i.cmp(&self.at) {
            std::cmp::Ordering::Less => Some(i),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some(i - 1),
        }
    }

    /// The record, from the hashes taken as the files were written (and
    /// those of files not written yet).
    fn record(&self) -> OwnershipRecord {
        let plan = &*self.plan;
        record_of(plan, self.head.clone(), self.schema, |i| {
            self.hashes[i]
                .get_or_init(|| plan_file_hash(plan, i))
                .clone()
        })
    }
}

impl FilePlan for WithRecord<'_> {
    fn count(&self) -> usize {
        self.plan.count() + 1
    }
    fn path(&self, i: usize) -> &str {
        self.inner(i).map_or(RECORD_PATH, |i| self.plan.path(i))
    }
    fn is_large(&self, i: usize) -> bool {
        self.inner(i).is_some_and(|i| self.plan.is_large(i))
    }
    fn write(&self, i: usize, out: &mut dyn io::Write) -> io::Result<()> {
        match self.inner(i) {
            Some(i) if self.plan.is_seed(i) => self.plan.write(i, out),
            Some(i) => {
                let hash = write_hashed(&*self.plan, i, out)?;
                // Written again, a file gives the same bytes: the first
                // hash stands.
                let _ = self.hashes[i].set(hash);
                Ok(())
            }
            None => out.write_all(&self.record().to_bytes()),
        }
    }
    fn is_private(&self, i: usize) -> bool {
        self.inner(i).is_some_and(|i| self.plan.is_private(i))
    }
    fn is_seed(&self, i: usize) -> bool {
        self.inner(i).is_some_and(|i| self.plan.is_seed(i))
    }
    fn is_written_last(&self, i: usize) -> bool {
        self.inner(i).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::GeneratedFile;

    struct Listed(Vec<GeneratedFile>);

    impl FilePlan for Listed {
        fn count(&self) -> usize {
            self.0.len()
        }
        fn path(&self, i: usize) -> &str {
            &self.0[i].path
        }
        fn is_large(&self, _: usize) -> bool {
            false
        }
        fn write(&self, i: usize, out: &mut dyn io::Write) -> io::Result<()> {
            out.write_all(&self.0[i].contents)
        }
        fn is_seed(&self, i: usize) -> bool {
            self.0[i].path == ".env"
        }
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
            private: false,
        }
    }

    #[test]
    fn the_record_lists_owned_files_with_their_hashes_in_path_order() {
        let plan = WithRecord::new(
            Box::new(Listed(vec![
                file(".env", "SECRET=1\n"),
                file("README.md", "# Orchard\n"),
                file("app/main.py", "print()\n"),
            ])),
            Some("0001".into()),
            7,
        );
        let paths: Vec<&str> = (0..plan.count()).map(|i| plan.path(i)).collect();
        assert_eq!(
            paths,
            [".env", RECORD_PATH, "README.md", "app/main.py"],
            "the record takes its place in path order"
        );
        let mut bytes = Vec::new();
        plan.write(1, &mut bytes).unwrap();
        let record = OwnershipRecord::from_bytes(&bytes).unwrap();
        assert_eq!(
            record.files.keys().collect::<Vec<_>>(),
            ["README.md", "app/main.py"],
            "a seed is not owned"
        );
        assert_eq!(
            record.files["README.md"],
            // sha256 of "# Orchard\n"
            content_hash(b"# Orchard\n")
        );
        assert_eq!(record.files["README.md"].len(), 64);
        assert_eq!(record.head.as_deref(), Some("0001"));
        assert_eq!(record.schema, Some(7));
        assert_ne!(record.files["README.md"], record.files["app/main.py"]);
        assert!(plan.is_seed(0) && !plan.is_seed(1) && !plan.is_seed(2));
    }

    #[test]
    fn the_hash_is_sha256() {
        assert_eq!(
            content_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
