//! `tests/factories.py`: the rows of every entity the generated tests can
//! create, with the rows they link to.

use std::collections::HashMap;

use crate::genome::FieldType;

use super::view::{EntityView, alternative_literal};

/// The end of `tests/factories.py`. A row to link to may be an existing
/// one when the unique fields of its entity leave room for no other (a
/// unique boolean allows two rows per user), so that chains of links can
/// be created any number of times.
const CREATE_ROW: &str = r#"}


def create_row(client: TestClient, headers: dict[str, str], url: str, reuse: bool = False) -> str:
    """Create a row at url owned by the headers' user; return its id.

    With reuse, an existing row of the user will do if no new one fits.
    """
    bodies, links = ROWS[url]
    linked = {column: create_row(client, headers, parent, True) for column, parent in links.items()}
    for body in bodies:
        response = client.post(url, json={**body, **linked}, headers=headers)
        if response.status_code == 201:
            return str(response.json()["id"])
    if reuse and response.status_code == 409:
        rows = client.get(url, params={"limit": 1}, headers=headers).json()["items"]
        if rows:
            return str(rows[0]["id"])
    raise AssertionError(f"cannot create a row at {url}: {response.text}")
"#;

/// `tests/factories.py`: creates a row of any entity, with the rows it
/// links to, for the tests of entities that link to it. Written entity by
/// entity: for a large app the file is several megabytes.
pub fn write_factories(
    entities: &[EntityView],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(
        b"\"\"\"Create rows of any entity, with the rows they link to, for the tests.\"\"\"\n\nfrom typing import Any\n\nfrom fastapi.testclient import TestClient\n\n# URL -> (alternative bodies of the required fields and of the unique ones with a default,\n#         required links: column -> URL)\nROWS: dict[str, tuple[list[dict[str, Any]], dict[str, str]]] = {\n",
    )?;
    let url_by_name: HashMap<&str, &str> = entities
        .iter()
        .rev()
        .map(|e| (e.name.as_str(), e.url.as_str()))
        .collect();
    for e in entities {
        let body = |k: usize| {
            // The required fields, and the unique ones with a default: left
            // out, every row would take the same default.
            let items: Vec<String> = e
                .fields
                .iter()
                .filter(|f| f.required || (f.unique && f.has_default))
                .filter(|f| f.field_type != FieldType::Reference)
                .map(|f| format!("\"{}\": {}", f.name, alternative_literal(f, k)))
                .collect();
            format!("{{{}}}", items.join(", "))
        };
        let links: Vec<String> = e
            .references()
            .filter(|r| r.required)
            .filter_map(|r| {
                url_by_name
                    .get(r.ref_class())
                    .map(|url| format!("\"{}\": \"{}\"", r.name, url))
            })
            .collect();
        let line = format!(
            "    \"{}\": ([{}], {{{}}}),\n",
            e.url,
            (0..8).map(body).collect::<Vec<_>>().join(", "),
            links.join(", ")
        );
        out.write_all(line.as_bytes())?;
    }
    out.write_all(CREATE_ROW.as_bytes())
}
