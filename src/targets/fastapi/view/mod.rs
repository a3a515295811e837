//! View data: everything the templates print, computed from the genome.
//!
//! Templates only loop and branch; names, Python and SQL types, import
//! blocks and test values are all decided here.

mod diagram;
mod field;
mod imports;
mod indexes;
mod literals;
mod order;
mod pages;
mod profile;
mod unique;

use std::collections::HashMap;

use crate::genome::{Entity, Field, FieldType, Genome};

use super::types::{self, Limits, Number};

pub use field::{FieldView, python_title};
pub use imports::from_import;
pub use indexes::IndexView;
pub(in crate::targets::fastapi) use indexes::before_list_indexes;
pub use order::{Circle, migration_order};
pub use pages::{
    EntityPagesView, StoryLinkView, StoryTestView, profile_specs, story_links, story_tests, summary,
};
pub use profile::ProfileView;
pub use unique::UniqueView;

use field::default_literal;
use imports::{ColumnImports, column_imports, import_block, quoted_list, schema_imports};

/// A link from another entity to this one: deleting a row checks it.
#[derive(Debug, Clone)]
pub struct ChildLink {
    pub class: String,
    pub snake: String,
    pub column: String,
    pub required: bool,
}

/// The path of an entity's collection in the API (`/api/order-items`).
pub fn url_path(entity: &Entity) -> String {
    format!("/api/{}", entity.plural_name.replace('_', "-"))
}

#[derive(Debug, Clone)]
pub struct EntityView<'g> {
    pub name: String,
    pub snake: String,
    pub plural: String,
    pub table: String,
    /// `/api/<plural with hyphens>`.
    pub url: String,
    pub tag: String,
    pub label: String,
    pub plural_label: String,
    pub fields: Vec<FieldView<'g>>,
    pub unique_fields: Vec<String>,
    /// `"a", "b"` for `field_validator(...)`; empty when none.
    pub required_names: String,
    /// The same for the required fields whose annotation accepts null.
    pub required_json_fields: String,
    /// `"a", "b"` list body, for tests.
    pub required_list: String,
    pub unique_list: String,
    pub has_invalid: bool,
    /// The unique fields, then the unique groups, as the model and the
    /// migration enforce them.
    pub uniques: Vec<UniqueView>,
    /// The indexes of the list's order, of each sort and of each link's
    /// filter.
    pub indexes: Vec<IndexView>,
    /// The fields the list can be sorted by: those the PRD marks indexed
    /// (links aside).
    pub sort_fields: Vec<&'g str>,
    /// `"email",`: the tuple body of the unique e-mail columns, which the
    /// router compares case-insensitively; empty when none.
    pub case_insensitive: String,
    /// `"a", "b"`: the unique e-mail fields, for the tests; empty when none.
    pub unique_emails: String,
    /// (constraint name suffix, SQL) CHECK constraints.
    pub checks: Vec<(String, String)>,
    /// Links from this entity, as indices into `fields` (see
    /// [`EntityView::references`]).
    reference_fields: Vec<usize>,
    /// `("a",), ("a", "b")` body of `UNIQUE` for the router.
    pub unique_tuple_groups: String,
    /// `(("project_id", Project),)` body for the router.
    pub reference_tuple: String,
    /// Required links from other entities (checked on delete).
    pub children_tuple: String,
    /// Links filled in by the tests: (column, parent URL), without links
    /// to the entity itself or back to it through required links.
    pub test_links: Vec<(String, String)>,
    /// `"a", "b"`: the links of `test_links` for which the tests' OTHER body
    /// needs a row of its own, because VALID and OTHER would otherwise clash
    /// on them (a unique link, or a unique group in which nothing else
    /// differs between the two); empty when none.
    pub distinct_links: String,
    /// (field, Python literal of its default).
    pub defaults: Vec<(String, String)>,
    /// Every link: (column, parent URL, required).
    pub all_links: Vec<(String, String, bool)>,
    /// Where its table comes in the migration.
    pub position: usize,
    /// Whether an optional link of it goes to rows that need a row of it
    /// (a circle of links), so that its tests make rows of it through the
    /// test factories.
    has_links_back: bool,
    /// The circles its optional links close, as the tests go round them.
    pub circles: Vec<Circle>,
    pub router_imports: String,
    pub model_imports: String,
    pub schema_imports: String,
    pub router_schema_import: String,
}

impl<'g> EntityView<'g> {
    /// Whether a field has values at the edges of what it stores, which the
    /// tests write and read back.
    pub fn has_edges(&self) -> bool {
        self.fields.iter().any(|f| !f.edge_literals().is_empty())
    }

    /// The columns of the links from this entity to itself.
    pub fn self_links(&self) -> Vec<&str> {
        self.all_links
            .iter()
            .filter(|(_, url, _)| *url == self.url)
            .map(|(column, _, _)| column.as_str())
            .collect()
    }

    /// The view of `entity`, whose fields are `fields` (the genome's own, so
    /// that each field view can point at its source).
    pub fn new(entity: &Entity, fields: &'g [Field], links: &Links<'g>) -> Self {
        let mut fields: Vec<FieldView> = fields
            .iter()
            .map(|f| FieldView::new(f, links, entity))
            .collect();

        let indexes = indexes::list_indexes(&entity.plural_name, &fields);
        let sort_fields: Vec<&'g str> = fields
            .iter()
            .filter(|f| f.indexed)
            .map(|f| f.name)
            .collect();
        // An indexed field's index is the one its sort uses, in `indexes`.
        for f in &mut fields {
            f.indexed = false;
        }
        let unique_fields: Vec<String> = fields
            .iter()
            .filter(|f| f.unique)
            .map(|f| f.name.to_string())
            .collect();
        let unique_refs: Vec<&str> = unique_fields.iter().map(String::as_str).collect();
        let required: Vec<&str> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        let required_json: Vec<&str> = fields
            .iter()
            .filter(|f| f.required && f.row.accepts_null)
            .map(|f| f.name)
            .collect();

        // Model imports.
        let reference_fields: Vec<usize> = (0..fields.len())
            .filter(|&at| fields[at].field_type == FieldType::Reference)
            .collect();
        let references: Vec<&FieldView> = reference_fields.iter().map(|&at| &fields[at]).collect();
        let foreign: Vec<&FieldView> = {
            let mut seen: Vec<&FieldView> = Vec::new();
            for f in &references {
                if f.ref_class() != entity.name
                    && !seen.iter().any(|s| s.ref_class() == f.ref_class())
                {
                    seen.push(f);
                }
            }
            seen
        };
        let ColumnImports {
            stdlib,
            sqlalchemy: mut sa_names,
            database: db_names,
        } = column_imports(&fields, &["ForeignKey", "Uuid"], !foreign.is_empty());
        let uniques = unique::uniques(entity, &unique_fields, &fields);
        if uniques.iter().any(|u| !u.caseless()) {
            sa_names.push("UniqueConstraint");
        }
        // Every table has the index of the list's order.
        sa_names.push("Index");
        if uniques.iter().any(UniqueView::caseless) {
            sa_names.push("func");
        }
        let (case_insensitive, unique_emails) = unique::email_columns(&uniques, &fields);
        let checks = checks(entity);
        if !checks.is_empty() {
            sa_names.push("CheckConstraint");
        }
        let model_imports = import_block(vec![
            stdlib,
            vec![
                from_import("sqlalchemy", &sa_names),
                if references.is_empty() {
                    "from sqlalchemy.orm import Mapped, mapped_column".to_string()
                } else {
                    "from sqlalchemy.orm import Mapped, mapped_column, relationship".to_string()
                },
            ],
            vec![from_import("app.database", &db_names)],
        ]);
        let model_imports = if foreign.is_empty() {
            model_imports
        } else {
            let mut lines: Vec<String> = foreign
                .iter()
                .map(|f| {
                    format!(
                        "    from app.models.{} import {}",
                        f.ref_snake(),
                        f.ref_class()
                    )
                })
                .collect();
            lines.sort();
            format!(
                "{model_imports}

if TYPE_CHECKING:
{}",
                lines.join(
                    "
"
                )
            )
        };

        let schema_imports = schema_imports(&fields, &required, false);

        let name = entity.name.clone();
        let router_schema_import = from_import(
            &format!("app.schemas.{}", entity.snake_name),
            &[
                &format!("{name}Create"),
                &format!("{name}Page"),
                &format!("{name}Response"),
                &format!("{name}Update"),
            ],
        );

        let column_of = |name: &str| {
            entity
                .fields
                .iter()
                .find(|f| f.name == name)
                .map_or(name.to_string(), |f| f.column().to_string())
        };
        let groups: Vec<Vec<String>> = entity
            .unique_together
            .iter()
            .map(|g| g.fields.iter().map(|n| column_of(n)).collect())
            .collect();
        let unique_groups: Vec<String> = groups
            .iter()
            .map(|g| quoted_list(&g.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        let mut tuple_groups: Vec<String> =
            unique_refs.iter().map(|f| format!("(\"{f}\",)")).collect();
        tuple_groups.extend(unique_groups.iter().map(|g| format!("({g})")));
        let unique_tuple_groups = match tuple_groups.len() {
            0 => String::new(),
            1 => format!("{},", tuple_groups[0]),
            _ => tuple_groups.join(", "),
        };
        let reference_items: Vec<String> = references
            .iter()
            .map(|f| format!("(\"{}\", {})", f.name, f.ref_class()))
            .collect();
        let reference_tuple = match reference_items.len() {
            0 => String::new(),
            1 => format!("{},", reference_items[0]),
            _ => reference_items.join(", "),
        };
        let children = links.children_of(&entity.name);
        let child_items: Vec<String> = children
            .iter()
            .filter(|c| c.required)
            .map(|c| format!("({}, \"{}\")", c.class, c.column))
            .collect();
        let children_tuple = match child_items.len() {
            0 => String::new(),
            1 => format!("{},", child_items[0]),
            _ => child_items.join(", "),
        };
        let mut router_models: Vec<(String, String)> = references
            .iter()
            .map(|f| (f.ref_snake().to_string(), f.ref_class().to_string()))
            .chain(
                children
                    .iter()
                    .filter(|c| c.required)
                    .map(|c| (c.snake.clone(), c.class.clone())),
            )
            .filter(|(_, class)| *class != entity.name)
            .collect();
        router_models.push((entity.snake_name.clone(), entity.name.clone()));
        router_models.sort();
        router_models.dedup();
        let router_imports = router_models
            .iter()
            .map(|(snake, class)| from_import(&format!("app.models.{snake}"), &[class.as_str()]))
            .collect::<Vec<_>>()
            .join("\n");
        let url_of = |class: &str| links.entity(class).map_or(String::new(), url_path);
        let all_links: Vec<(String, String, bool)> = references
            .iter()
            .map(|r| (r.name.to_string(), url_of(r.ref_class()), r.required))
            .collect();
        // Not the links to the entity itself, nor an optional link whose row
        // would need a row of this entity (a circle of links): the tests
        // count this entity's rows, and set such a link in a test of its own.
        let links_back =
            |r: &&FieldView| r.deferred && order::requires(r.ref_class(), &entity.name, links);
        let has_links_back = references.iter().any(links_back);
        let test_links: Vec<(String, String)> = references
            .iter()
            .filter(|r| r.ref_class() != entity.name)
            .filter(|r| !links_back(r))
            .map(|r| (r.name.to_string(), url_of(r.ref_class())))
            .collect();
        let same_in_both = |column: &String| {
            fields.iter().any(|f| {
                f.name == *column
                    && (f.field_type == FieldType::Reference
                        || f.valid_literal() == f.other_literal())
            })
        };
        let distinct: Vec<&str> = test_links
            .iter()
            .map(|(column, _)| column.as_str())
            .filter(|column| {
                unique_refs.contains(column)
                    || groups
                        .iter()
                        .any(|g| g.iter().any(|c| c == column) && g.iter().all(&same_in_both))
            })
            .collect();
        let circles = references
            .iter()
            .filter(|r| r.deferred)
            .filter_map(|r| order::circle(entity, r.name, r.ref_class(), links))
            .collect();
        EntityView {
            has_links_back,
            position: links.position(&entity.name),
            circles,
            distinct_links: quoted_list(&distinct),
            test_links,
            all_links,
            uniques,
            indexes,
            sort_fields,
            case_insensitive,
            unique_emails,
            checks,
            reference_fields,
            unique_tuple_groups,
            reference_tuple,
            children_tuple,
            router_imports,
            name,
            snake: entity.snake_name.clone(),
            plural: entity.plural_name.clone(),
            table: entity.plural_name.clone(),
            url: url_path(entity),
            tag: entity.plural_name.clone(),
            label: entity.label.clone(),
            plural_label: entity.plural_label.clone(),
            has_invalid: fields.iter().any(|f| !f.invalid_literals().is_empty()),
            required_names: quoted_list(&required),
            required_json_fields: quoted_list(&required_json),
            required_list: quoted_list(
                &fields
                    .iter()
                    .filter(|f| f.required && !f.has_default)
                    .map(|f| f.name)
                    .collect::<Vec<_>>(),
            ),
            defaults: fields
                .iter()
                .filter_map(|f| {
                    f.default_json()
                        .as_ref()
                        .map(|d| (f.name.to_string(), default_literal(f.source, d)))
                })
                .collect(),
            unique_list: quoted_list(&unique_refs),
            unique_fields,
            fields,
            model_imports,
            schema_imports,
            router_schema_import,
        }
    }
}

impl<'g> EntityView<'g> {
    /// The fields that link to another entity, in declaration order.
    pub fn references(&self) -> impl Iterator<Item = &FieldView<'g>> {
        self.reference_fields.iter().map(|&at| &self.fields[at])
    }

    /// The fields a row made by the test factories gives: the required
    /// ones, and the unique ones with a default (left out, every row would
    /// take the same default); not the links, which the factories make.
    pub fn factory_fields(&self) -> Vec<&FieldView<'g>> {
        self.fields
            .iter()
            .filter(|f| f.required || (f.unique && f.has_default))
            .filter(|f| f.source.reference.is_none())
            .collect()
    }

    /// The order in which the test factories try the alternative bodies
    /// (`FieldView::alternative_literal`). An entity whose tests make rows
    /// of it through a circle of links tries VALID's and OTHER's (0 and 1)
    /// last, so that those rows do not take the values its tests send.
    pub fn factory_alternatives(&self) -> &'static [usize] {
        if self.has_links_back {
            &[2, 3, 4, 5, 6, 7, 0, 1]
        } else {
            &[0, 1, 2, 3, 4, 5, 6, 7]
        }
    }

    /// The required links: (column, URL of the linked entity).
    pub fn required_links(&self) -> Vec<(&str, &str)> {
        self.all_links
            .iter()
            .filter(|(_, url, required)| *required && !url.is_empty())
            .map(|(column, url, _)| (column.as_str(), url.as_str()))
            .collect()
    }
}

/// The links between the genome's entities, indexed once, so that building
/// every entity's view stays linear in the size of the genome.
pub struct Links<'g> {
    /// Each entity by name.
    by_name: HashMap<&'g str, &'g Entity>,
    /// The links to each entity, in genome order of the linking entity and
    /// then of its fields.
    children: HashMap<&'g str, Vec<ChildLink>>,
    /// Each entity's place in the migration.
    positions: HashMap<&'g str, usize>,
}

impl<'g> Links<'g> {
    pub fn new(genome: &'g Genome) -> Self {
        let mut by_name = HashMap::with_capacity(genome.entities.len());
        let mut children: HashMap<&'g str, Vec<ChildLink>> = HashMap::new();
        for child in &genome.entities {
            by_name.entry(child.name.as_str()).or_insert(child);
            for field in &child.fields {
                if let Some(reference) = &field.reference {
                    children
                        .entry(reference.entity.as_str())
                        .or_default()
                        .push(ChildLink {
                            class: child.name.clone(),
                            snake: child.snake_name.clone(),
                            column: reference.column.clone(),
                            required: field.required,
                        });
                }
            }
        }
        Links {
            by_name,
            children,
            positions: order::table_positions(genome),
        }
    }

    /// Where the entity's table comes in the migration (the account's, not
    /// an entity of the genome, first).
    fn position(&self, name: &str) -> usize {
        self.positions.get(name).map_or(0, |&at| at + 1)
    }

    /// Whether a link from `from` to `to` is added once both tables exist:
    /// `to`'s table comes later, which happens only where the link is an
    /// optional step of a circle.
    fn deferred(&self, from: &str, to: &str) -> bool {
        from != to && self.position(to) > self.position(from)
    }

    fn entity(&self, name: &str) -> Option<&'g Entity> {
        self.by_name.get(name).copied()
    }

    fn children_of(&self, name: &str) -> &[ChildLink] {
        self.children.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Entity views in genome order, built on every available core (a large
/// app's views take a noticeable share of the whole run).
pub fn entity_views<'g>(genome: &'g Genome, links: &Links<'g>) -> Vec<EntityView<'g>> {
    let mut views = Vec::with_capacity(genome.entities.len());
    for chunk in crate::cores::map_chunks(&genome.entities, 256, |entities| {
        entities
            .iter()
            .map(|e| EntityView::new(e, &e.fields, links))
            .collect::<Vec<_>>()
    }) {
        views.extend(chunk);
    }
    views
}

/// CHECK constraints: (name suffix, SQL).
/// `expr >= min AND expr <= max`, for whichever bounds are set.
fn bounds_check<T: std::fmt::Display>(
    expr: &str,
    min: &Option<T>,
    max: &Option<T>,
) -> Option<String> {
    let parts: Vec<String> = [
        min.as_ref().map(|min| format!("{expr} >= {min}")),
        max.as_ref().map(|max| format!("{expr} <= {max}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

fn checks(entity: &Entity) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in &entity.fields {
        let column = format!("\"{}\"", f.column());
        if f.field_type == FieldType::Enum {
            let values = f
                .enum_values
                .iter()
                .map(|v| format!("'{v}'"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push((
                format!("{}_enum", f.name),
                format!("{column} IN ({values})"),
            ));
            continue;
        }
        match types::row(f.field_type).limits {
            Limits::Value(number) => {
                // SQLite keeps a decimal as text, which compares as text.
                let value = if number == Number::Decimal {
                    format!("CAST({column} AS NUMERIC)")
                } else {
                    column
                };
                if let Some(check) = bounds_check(&value, &f.min, &f.max) {
                    out.push((format!("{}_range", f.name), check));
                }
            }
            Limits::Length => {
                let length = format!("length({column})");
                if let Some(check) = bounds_check(&length, &f.min, &f.max) {
                    out.push((format!("{}_length", f.name), check));
                }
            }
            Limits::None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_places_linked_entities_first_in_declaration_order() {
        let prd = "# Shop\n\n## Entities\n\n\
            - Line: order (Order, required), product (Product, required), note (string)\n\
            - Order: customer (Customer, required), parent (Order, optional)\n\
            - Product: name (string)\n\
            - Customer: name (string)\n\
            - Tag: label (string)\n";
        let genome = crate::analyze(prd.as_bytes())
            .genome
            .expect("the PRD is valid");
        let views = entity_views(&genome, &Links::new(&genome));
        let order: Vec<&str> = migration_order(&views)
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(order, ["Product", "Customer", "Order", "Line", "Tag"]);
    }
}
