//! The OpenAPI document of the generated app, built from the genome.
//!
//! It reproduces what FastAPI's `app.openapi()` returns for the generated
//! code; the generated test suite compares the two.

mod auth;
mod paths;
#[cfg(test)]
mod reference;
mod schemas;
mod values;

use std::io;

use serde_json::{Map, Value, json};

use crate::genome::Genome;

use super::api::{API_DESCRIPTION, Resource, SchemaKind};
use super::render_text;
use super::view::{EntityView, ProfileView};
use super::yaml;

use auth::{account_entries, security_schemes};
use paths::{collection_path, item_path};
use schemas::write_entity_schema;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Request bodies (Pydantic validation schema).
    Input,
    /// Responses (Pydantic serialization schema).
    Output,
}

fn schema_pointer(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

/// Where an entry of `paths` or `components.schemas` comes from.
#[derive(Clone, Copy)]
enum Source {
    /// An auth or profile entry, by index into [`Layout::fixed`].
    Fixed(usize),
    /// An entity's collection (`false`) or item (`true`) path.
    Path(usize, bool),
    Schema(usize, SchemaKind),
}

/// Entries, each to be written as one YAML map entry.
type Entries = Vec<(String, Source)>;

/// Sorts entries by key as a JSON object (`serde_json::Map`, a BTreeMap)
/// orders them; of equal keys the last one inserted wins, as in a map.
fn sorted(mut entries: Entries) -> Entries {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Entries = Vec::with_capacity(entries.len());
    for entry in entries {
        match out.last_mut() {
            Some(last) if last.0 == entry.0 => *last = entry,
            _ => out.push(entry),
        }
    }
    out
}

/// Flushes `buf` to `out` once it holds this much.
const FLUSH_AT: usize = 1 << 16;

/// About this many entries go in one part (an entity has six: two paths
/// and four schemas, about 11 KB of YAML): parts of a few megabytes,
/// enough of them to keep every core busy on a large document.
const ENTRIES_PER_PART: usize = 2_000;

/// The OpenAPI document, laid out but not rendered: its entries in
/// document order, so that it can be written in parts, each on its own
/// thread, which concatenated give the whole document.
pub struct Layout {
    /// The auth and profile entries, already values.
    fixed: Vec<Value>,
    /// `components.schemas`, in key order.
    schemas: Entries,
    /// `paths`, in key order.
    paths: Entries,
}

impl Layout {
    pub fn new(entities: &[EntityView], account: &ProfileView) -> Self {
        let (auth_paths, auth_schemas) = account_entries(account);
        let mut fixed = Vec::with_capacity(auth_paths.len() + auth_schemas.len());
        let mut fixed_entries = |map: Map<String, Value>| -> Entries {
            map.into_iter()
                .map(|(key, value)| {
                    fixed.push(value);
                    (key, Source::Fixed(fixed.len() - 1))
                })
                .collect()
        };
        let mut paths = fixed_entries(auth_paths);
        let mut schemas = fixed_entries(auth_schemas);
        paths.reserve(entities.len() * 2);
        schemas.reserve(entities.len() * 4);
        for (at, e) in entities.iter().enumerate() {
            let resource = Resource::new(e);
            paths.push((resource.path().to_string(), Source::Path(at, false)));
            paths.push((resource.item_path(), Source::Path(at, true)));
            for kind in SchemaKind::ALL {
                schemas.push((
                    format!("{}{}", e.name, kind.suffix()),
                    Source::Schema(at, kind),
                ));
            }
        }
        Layout {
            fixed,
            schemas: sorted(schemas),
            paths: sorted(paths),
        }
    }

    fn entries(&self) -> usize {
        self.schemas.len() + self.paths.len()
    }

    /// The number of parts: one for any ordinary app.
    pub fn parts(&self) -> usize {
        self.entries().div_ceil(ENTRIES_PER_PART).max(1)
    }

    /// Writes part `part` of [`Layout::parts`]: the document is
    /// `components.schemas`, the other top-level keys, then `paths` (the
    /// keys in a map's order), and each part holds a run of its entries.
    pub fn write_part(
        &self,
        genome: &Genome,
        entities: &[EntityView],
        part: usize,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        let (total, parts) = (self.entries(), self.parts());
        let range = part * total / parts..(part + 1) * total / parts;
        let mut buf = String::with_capacity(FLUSH_AT * 2);
        if part == 0 {
            buf.push_str("components:\n  schemas:\n");
        }
        for at in range {
            let (key, source, indent) = if at < self.schemas.len() {
                let (key, source) = &self.schemas[at];
                (key, source, 4)
            } else {
                if at == self.schemas.len() {
                    yaml::write_entry("securitySchemes", &security_schemes(), 2, &mut buf);
                    yaml::write_entry(
                        "info",
                        &json!({
                            "description": API_DESCRIPTION,
                            "title": genome.solution_name,
                            "version": "0.1.0",
                        }),
                        0,
                        &mut buf,
                    );
                    yaml::write_entry("openapi", &json!("3.1.0"), 0, &mut buf);
                    buf.push_str("paths:\n");
                }
                let (key, source) = &self.paths[at - self.schemas.len()];
                (key, source, 2)
            };
            match *source {
                Source::Fixed(i) => yaml::write_entry(key, &self.fixed[i], indent, &mut buf),
                // An entity's path items differ from another's only by
                // names and link parameters: a template writes them
                // without building values.
                Source::Path(e, false) => render_text(&collection_path(&entities[e]), &mut buf)?,
                Source::Path(e, true) => render_text(&item_path(&entities[e]), &mut buf)?,
                Source::Schema(e, kind) => write_entity_schema(&entities[e], kind, key, &mut buf),
            }
            if buf.len() >= FLUSH_AT {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        out.write_all(buf.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::reference::{document, entity_schema};
    use super::*;
    use crate::targets::fastapi::view::{Links, entity_views};

    /// A PRD's OpenAPI document rendered whole, and its parts as written.
    fn whole_and_parts(prd: &[u8]) -> (String, Vec<Vec<u8>>) {
        let genome = crate::analyze(prd).genome.expect("the PRD is valid");
        let links = Links::new(&genome);
        let entities = entity_views(&genome, &links);
        let account = ProfileView::new(&genome, &links);
        let layout = Layout::new(&entities, &account);
        let parts = (0..layout.parts())
            .map(|part| {
                let mut piece = Vec::new();
                layout
                    .write_part(&genome, &entities, part, &mut piece)
                    .unwrap();
                piece
            })
            .collect();
        let whole = yaml::to_yaml(&document(&genome, &entities, &account));
        (whole, parts)
    }

    /// Writing the document piecewise, the entities' path items through
    /// their templates, gives the bytes of the whole value.
    #[test]
    fn streamed_yaml_equals_the_whole_document() {
        for prd in [
            &include_bytes!("../../../../examples/bookshop.md")[..],
            &include_bytes!("../../../../examples/pet_clinic.md")[..],
            &include_bytes!("../../../../examples/conference.md")[..],
            // Links: each adds a query parameter to its entity's list.
            &include_bytes!("../../../../examples/studio_planner.md")[..],
            &include_bytes!("../../../../tests/data/ok/link_chains/input.md")[..],
        ] {
            let (whole, parts) = whole_and_parts(prd);
            assert_eq!(parts.len(), 1);
            assert_eq!(String::from_utf8(parts.concat()).unwrap(), whole);
        }
    }

    /// Every field type, with and without limits, patterns, defaults and
    /// `required`, and an entity with no fields of its own, in every
    /// schema: the schemas written directly equal the schemas built as
    /// values.
    #[test]
    fn schemas_written_directly_equal_the_values() {
        let fields = [
            "a (string)",
            "b (string, required, min=2, max=9)",
            "c (string, pattern=\"^[A-Z]{2}$\", default=\"AB\")",
            "d (text, max=500)",
            "e (text, required, default=\"x\")",
            "f (integer, min=1)",
            "g (integer, required, min=-5, max=5, default=0)",
            "h (float, max=2.5)",
            "i (float, required, min=0.5, default=1.5)",
            "j (decimal, min=0, max=100)",
            "k (decimal, required, default=\"1.25\")",
            "l (boolean, default=true)",
            "m (boolean, required)",
            "n (date)",
            "o (datetime, required)",
            "p (uuid, unique)",
            "q (json)",
            "r (json, required)",
            "s (email, required, unique)",
            "t (url)",
            "u (enum: low | high, default=low)",
            "v (enum: one | two | three, required)",
            "on (string)",
            "owner (Owner, required)",
            "backup (Owner)",
        ];
        let prd = format!(
            "# Every type\n\n## Entities\n\n- Owner: name (string)\n- Thing: {}\n\
             - Bare: created_at (datetime)\n",
            fields.join(", ")
        );
        let genome = crate::analyze(prd.as_bytes())
            .genome
            .expect("the PRD is valid");
        let links = Links::new(&genome);
        let entities = entity_views(&genome, &links);
        for e in &entities {
            for kind in SchemaKind::ALL {
                let key = format!("{}{}", e.name, kind.suffix());
                let mut written = String::new();
                write_entity_schema(e, kind, &key, &mut written);
                let mut expected = String::new();
                yaml::write_entry(&key, &entity_schema(e, kind), 4, &mut expected);
                assert_eq!(written, expected, "{key}");
            }
        }
    }

    /// A document large enough to come in several parts is cut between
    /// entries, and the parts joined are the whole document.
    #[test]
    fn parts_join_into_the_whole_document() {
        let (whole, parts) = whole_and_parts(crate::test_prds::many_entities(500).as_bytes());
        assert_eq!(parts.len(), 2);
        for (at, piece) in parts.iter().enumerate() {
            assert!(piece.ends_with(b"\n"), "part {at} ends mid-line");
        }
        assert_eq!(String::from_utf8(parts.concat()).unwrap(), whole);
    }
}
