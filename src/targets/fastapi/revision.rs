//! The Alembic revision that takes a database from the schema of one
//! genome to that of the next, with exactly the operations of their diff:
//! tables made, renamed and dropped; columns added, renamed, dropped and
//! altered; the constraints and indexes whose definition changed. Every
//! table is altered in batch mode, which SQLite needs (it rebuilds the
//! table) and PostgreSQL runs as plain `ALTER TABLE`s.
//!
//! A change that rows already there could break (a value now required or
//! unique, a tighter limit, an enumeration value gone) is first checked
//! against the data, before anything changes; the downgrade is made the
//! same way, from the new schema to the old one.

use std::collections::{HashMap, HashSet};

use askama::Template;

use crate::evolve::{Change, GenomeDiff, Owner};
use crate::genome::{DECIMAL_PRECISION, DECIMAL_SCALE, ENUM_VALUE_MAX_LENGTH, FieldType, Genome};

use super::escape::py_str;
use super::templates as t;
use super::view::{
    EntityView, FieldView, Links, before_list_indexes, entity_views, migration_order,
};

/// What one direction of the revision does, in order: check the data,
/// make the new tables, alter the kept ones, drop the old ones.
#[derive(Debug, Default)]
pub struct Direction<'a> {
    pub checks: Vec<String>,
    pub created: Vec<&'a EntityView<'a>>,
    pub altered: Vec<String>,
    pub dropped: Vec<String>,
}

impl Direction<'_> {
    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
            && self.created.is_empty()
            && self.altered.is_empty()
            && self.dropped.is_empty()
    }

    /// Whether its code names `sa` (SQLAlchemy): a check calls the
    /// revision's helper, which does; a table made or a column added or
    /// altered gives its types. Renames, drops and indexes do not, and a
    /// revision of only those imports nothing it does not use.
    pub fn uses_sqlalchemy(&self) -> bool {
        !self.checks.is_empty()
            || !self.created.is_empty()
            || self.altered.iter().any(|line| names_sqlalchemy(line))
    }
}

/// Whether a line of Python code names `sa.` outside its string literals
/// (which are in double quotes or in single ones, with backslash escapes,
/// as `py_str` writes them).
fn names_sqlalchemy(code: &str) -> bool {
    let bytes = code.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (Some(_), b'\\') => i += 1,
            (Some(open), b) if b == open => quote = None,
            (None, b @ (b'"' | b'\'')) => quote = Some(b),
            (None, b's')
                if bytes[i..].starts_with(b"sa.")
                    && (i == 0
                        || !(bytes[i - 1].is_ascii_alphanumeric()
                            || bytes[i - 1] == b'_'
                            || bytes[i - 1] == b'.')) =>
            {
                return true;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// The version of the rules by which this target makes a schema from a
/// genome, as an app's ownership record keeps it:
///
/// 1. each entity's table has an index on `user_id`, one on each link and
///    one on each field marked indexed;
/// 2. the indexes that serve the list queries (`view/indexes.rs`): the
///    user's rows in the list's order, by each indexed field, and each
///    link's rows in that order, in place of the link's and the field's.
pub const SCHEMA_VERSION: u32 = LIST_INDEXES;

/// The version of the schema rules that added the list indexes.
const LIST_INDEXES: u32 = 2;

/// The revision `revision`, after `down_revision`, from `old` (an app's
/// database made by the schema rules `old_schema`) to `new` by the current
/// rules; `None` when that changes nothing in the database.
pub fn render(
    old: &Genome,
    old_schema: u32,
    new: &Genome,
    diff: &GenomeDiff,
    revision: &str,
    down_revision: &str,
) -> Option<Vec<u8>> {
    let old_links = Links::new(old);
    let new_links = Links::new(new);
    let mut old_views = entity_views(old, &old_links);
    if old_schema < LIST_INDEXES {
        for view in &mut old_views {
            view.indexes = before_list_indexes(&view.table, &view.fields);
        }
    }
    let new_views = entity_views(new, &new_links);
    let old_account = old.account_entity();
    let new_account = new.account_entity();
    let old_profile = EntityView::new(&old_account, &old.user_fields, &old_links);
    let new_profile = EntityView::new(&new_account, &new.user_fields, &new_links);

    let mut entity_renames: HashMap<&str, &str> = HashMap::new();
    let mut field_renames: HashMap<(Option<&str>, &str), &str> = HashMap::new();
    let mut added: HashSet<&str> = HashSet::new();
    let mut dropped: HashSet<&str> = HashSet::new();
    for change in &diff.changes {
        match change {
            Change::RenameEntity { from, to } => {
                entity_renames.insert(to, from);
            }
            Change::RenameField { owner, from, to } => {
                let entity = match owner {
                    Owner::Entity(name) => Some(name.as_str()),
                    Owner::Profile => None,
                };
                field_renames.insert((entity, to), from);
            }
            Change::AddEntity { entity } => {
                added.insert(entity);
            }
            Change::DropEntity { entity } => {
                dropped.insert(entity);
            }
            _ => {}
        }
    }

    let old_by_name: HashMap<&str, &EntityView> =
        old_views.iter().map(|v| (v.name.as_str(), v)).collect();
    let mut up = Direction::default();
    let mut down = Direction::default();
    let profile_renames: HashMap<&str, &str> = field_renames
        .iter()
        .filter(|((entity, _), _)| entity.is_none())
        .map(|((_, to), from)| (*to, *from))
        .collect();
    alter(&old_profile, &new_profile, &profile_renames, false, &mut up);
    let reversed: HashMap<&str, &str> = profile_renames.iter().map(|(k, v)| (*v, *k)).collect();
    alter(&new_profile, &old_profile, &reversed, false, &mut down);

    for view in migration_order(&new_views) {
        if added.contains(view.name.as_str()) {
            up.created.push(view);
            continue;
        }
        let old_name = entity_renames
            .get(view.name.as_str())
            .copied()
            .unwrap_or(view.name.as_str());
        let Some(previous) = old_by_name.get(old_name) else {
            continue;
        };
        let renames: HashMap<&str, &str> = field_renames
            .iter()
            .filter(|((entity, _), _)| *entity == Some(view.name.as_str()))
            .map(|((_, to), from)| (*to, *from))
            .collect();
        alter(previous, view, &renames, true, &mut up);
        let reversed: HashMap<&str, &str> = renames.iter().map(|(k, v)| (*v, *k)).collect();
        alter(view, previous, &reversed, true, &mut down);
    }
    for view in migration_order(&new_views).into_iter().rev() {
        if added.contains(view.name.as_str()) {
            down.dropped.push(view.table.clone());
        }
    }
    for view in migration_order(&old_views) {
        if dropped.contains(view.name.as_str()) {
            down.created.push(view);
        }
    }
    for view in migration_order(&old_views).into_iter().rev() {
        if dropped.contains(view.name.as_str()) {
            up.dropped.push(view.table.clone());
        }
    }
    if up.is_empty() && down.is_empty() {
        return None;
    }
    let summary = summary(diff, old_schema);
    let template = t::Revision {
        revision,
        down_revision,
        summary: &summary,
        up,
        down,
    };
    Some(
        template
            .render()
            .expect("rendering a revision never fails")
            .into_bytes(),
    )
}

/// The first line of the revision's docstring: how many things of each
/// kind changed in the PRD, and what the newer schema rules add.
fn summary(diff: &GenomeDiff, old_schema: u32) -> String {
    // Each kind: what changed, in the singular and the plural, and how.
    let mut counts: Vec<((&str, &str, &str), usize)> = Vec::new();
    for change in &diff.changes {
        let kind = match change {
            Change::AddEntity { .. } => ("entity", "entities", "added"),
            Change::DropEntity { .. } => ("entity", "entities", "dropped"),
            Change::RenameEntity { .. } => ("entity", "entities", "renamed"),
            Change::AddField { .. } => ("field", "fields", "added"),
            Change::DropField { .. } => ("field", "fields", "dropped"),
            Change::RenameField { .. } => ("field", "fields", "renamed"),
            Change::AlterField { .. } => ("field", "fields", "changed"),
            Change::AddUniqueGroup { .. } => ("unique group", "unique groups", "added"),
            Change::DropUniqueGroup { .. } => ("unique group", "unique groups", "dropped"),
        };
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((kind, 1)),
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|((one, many, how), n)| format!("{n} {} {how}", if *n == 1 { one } else { many }))
        .collect();
    let mut sentences = Vec::new();
    if !parts.is_empty() {
        sentences.push(format!("The PRD changed: {}.", parts.join(", ")));
    }
    if old_schema < LIST_INDEXES {
        sentences.push("The indexes that serve the list queries are added.".to_string());
    }
    sentences.join(" ")
}

/// An index: its name, its columns as the migration writes them, unique.
type IndexDef = (String, String, bool);

fn indexes(view: &EntityView, owned: bool) -> Vec<IndexDef> {
    let table = &view.table;
    let mut out = Vec::new();
    if owned {
        out.extend(
            view.indexes
                .iter()
                .map(|i| (i.name.clone(), i.quoted_columns(), false)),
        );
    }
    for f in view.fields.iter().filter(|f| f.indexed) {
        out.push((
            format!("ix_{table}_{}", f.name),
            format!("\"{}\"", f.name),
            false,
        ));
    }
    for u in view.uniques.iter().filter(|u| u.caseless()) {
        out.push((u.name.clone(), u.index_columns(), true));
    }
    out
}

fn unique_constraints(view: &EntityView) -> Vec<(String, String)> {
    view.uniques
        .iter()
        .filter(|u| !u.caseless())
        .map(|u| (u.name.clone(), u.constraint_columns()))
        .collect()
}

fn check_constraints(view: &EntityView) -> Vec<(String, String)> {
    view.checks
        .iter()
        .map(|(suffix, sql)| (format!("ck_{}_{suffix}", view.table), sql.clone()))
        .collect()
}

/// A foreign key: its name, column, referenced table, what a delete does.
type ForeignKey<'a> = (String, &'a str, &'a str, &'a str);

fn foreign_keys<'a>(view: &'a EntityView) -> Vec<ForeignKey<'a>> {
    view.references()
        .map(|r| {
            (
                format!("fk_{}_{}_{}", view.table, r.name, r.ref_table()),
                r.name,
                r.ref_table(),
                r.on_delete,
            )
        })
        .collect()
}

/// The checks that every value of the column `was` fits the type `to`
/// before it is converted: a shorter text, a decimal's range, an integer's
/// lack of a fraction. Empty when the type does not change or every value
/// fits.
fn type_checks(table: &str, was: &FieldView, to: FieldType) -> Vec<String> {
    let from = was.source.field_type;
    let column = was.name;
    let mut checks = Vec::new();
    if from == to {
        return checks;
    }
    if let (Some(Some(limit)), Some(capacity)) = (text_capacity(to), text_capacity(from))
        && capacity.is_none_or(|capacity| capacity > limit)
    {
        checks.push(format!(
            "_refuse_offending_rows(\"{table}\", \"{column}\", {}, \"are longer than the {limit} characters a {} holds\")",
            py_str(&format!("LENGTH(\"{column}\") > {limit}")),
            to.canonical_name(),
        ));
    }
    match (from, to) {
        (FieldType::Integer, FieldType::Decimal) => {
            let digits = DECIMAL_PRECISION - DECIMAL_SCALE;
            checks.push(format!(
                "_refuse_offending_rows(\"{table}\", \"{column}\", {}, \"have more than the {digits} digits a decimal holds before the point\")",
                py_str(&format!("ABS(\"{column}\") >= 1{}", "0".repeat(digits as usize))),
            ));
        }
        (FieldType::Decimal, FieldType::Integer) => {
            // A decimal's text has all its places, on PostgreSQL as on
            // SQLite (where the column holds that text): exact, where
            // arithmetic on SQLite would go through a float.
            let whole = format!("%.{}", "0".repeat(DECIMAL_SCALE as usize));
            checks.push(format!(
                "_refuse_offending_rows(\"{table}\", \"{column}\", {}, \"have a fraction, which an integer cannot hold\")",
                py_str(&format!("CAST(\"{column}\" AS TEXT) NOT LIKE '{whole}'")),
            ));
        }
        _ => {}
    }
    checks
}

/// For a type stored as text: `Some(Some(n))` when it holds at most `n`
/// characters, `Some(None)` when it has no limit; `None` for other types.
fn text_capacity(field_type: FieldType) -> Option<Option<u32>> {
    match field_type {
        FieldType::Text => Some(None),
        FieldType::Enum => Some(Some(ENUM_VALUE_MAX_LENGTH as u32)),
        FieldType::String | FieldType::Email | FieldType::Url => Some(field_type.max_length()),
        _ => None,
    }
}

/// The column definition of `f` for `add_column`; `nullable` forced when
/// the rows already there cannot all get a value.
fn column(f: &FieldView, force_nullable: bool) -> String {
    let nullable = if f.required && !force_nullable {
        "False"
    } else {
        "True"
    };
    format!(
        "sa.Column(\"{}\", {}, nullable={nullable}{})",
        f.name,
        f.migration_type,
        f.migration_default()
    )
}

/// The operations that take the table of `from` to that of `to`, into
/// `direction`. `renames` maps a field of `to` to its name in `from`.
/// `owned`: an entity's table (with `user_id`), not the users table.
fn alter(
    from: &EntityView,
    to: &EntityView,
    renames: &HashMap<&str, &str>,
    owned: bool,
    direction: &mut Direction,
) {
    let from_fields: HashMap<&str, &FieldView> = from
        .fields
        .iter()
        .map(|f| (f.source.name.as_str(), f))
        .collect();
    // Each field of `to` and the field of `from` it was, if any.
    let pairs: Vec<(&FieldView, Option<&FieldView>)> = to
        .fields
        .iter()
        .map(|f| {
            let was = renames
                .get(f.source.name.as_str())
                .copied()
                .unwrap_or(f.source.name.as_str());
            (f, from_fields.get(was).copied())
        })
        .collect();
    let kept: HashSet<&str> = pairs
        .iter()
        .filter_map(|(_, was)| was.map(|w| w.source.name.as_str()))
        .collect();
    // The column each kept column of `to` had in `from`.
    let old_column: HashMap<&str, &str> = pairs
        .iter()
        .filter_map(|(f, was)| was.map(|w| (f.name, w.name)))
        .collect();
    let in_old_names = |sql: &str| -> String {
        let mut sql = sql.to_string();
        for (new, old) in &old_column {
            if new != old {
                sql = sql.replace(&format!("\"{new}\""), &format!("\"{old}\""));
            }
        }
        sql
    };
    let table = &from.table;

    // The data, before anything changes.
    for (f, was) in &pairs {
        if let Some(was) = was
            && f.required
            && !was.required
        {
            direction.checks.push(format!(
                "_refuse_offending_rows(\"{table}\", \"{}\", {}, \"have no value, and the field is now required\")",
                was.name,
                py_str(&format!("\"{}\" IS NULL", was.name)),
            ));
        }
    }
    for (f, was) in &pairs {
        if let Some(was) = was {
            direction
                .checks
                .extend(type_checks(table, was, f.source.field_type));
        }
    }
    let from_checks = check_constraints(from);
    let to_checks = check_constraints(to);
    for (f, was) in &pairs {
        let Some(was) = was else { continue };
        for (name, sql) in &to_checks {
            let suffix = &name[format!("ck_{}_", to.table).len()..];
            let ours = ["enum", "range", "length"]
                .iter()
                .any(|kind| suffix == format!("{}_{kind}", f.source.name));
            let old_sql = in_old_names(sql);
            let unchanged = from_checks.iter().any(|(_, s)| *s == old_sql);
            if ours && !unchanged {
                direction.checks.push(format!(
                    "_refuse_offending_rows(\"{table}\", \"{}\", {}, {})",
                    was.name,
                    py_str(&format!("NOT ({old_sql})")),
                    py_str(&format!("break the new rule {sql}")),
                ));
            }
        }
    }
    let from_uniques = unique_constraints(from);
    let to_uniques = unique_constraints(to);
    for (name, columns) in &to_uniques {
        let old_columns = in_old_names(columns);
        let existed_before = from_uniques.iter().any(|(_, c)| *c == old_columns);
        let names: Vec<&str> = old_columns
            .split(", ")
            .map(|c| c.trim_matches('"'))
            .collect();
        let all_there = names
            .iter()
            .all(|c| *c == "user_id" || from.fields.iter().any(|f| f.name == *c));
        if !existed_before && all_there {
            let same: Vec<String> = names
                .iter()
                .map(|c| format!("other.\"{c}\" = {table}.\"{c}\""))
                .collect();
            let column = names.last().copied().unwrap_or("user_id");
            direction.checks.push(format!(
                "_refuse_offending_rows(\"{table}\", \"{column}\", {}, {})",
                py_str(&format!(
                    "EXISTS (SELECT 1 FROM {table} AS other WHERE {} AND other.id <> {table}.id)",
                    same.join(" AND ")
                )),
                py_str(&format!(
                    "share their value with another row of the same user, and {name} now refuses that"
                )),
            ));
        }
    }

    // The schema.
    if from.table != to.table {
        direction.altered.push(format!(
            "op.rename_table(\"{}\", \"{}\")",
            from.table, to.table
        ));
    }
    let mut batch: Vec<String> = Vec::new();
    let from_indexes = indexes(from, owned);
    let to_indexes = indexes(to, owned);
    for (name, _, _) in from_indexes.iter().filter(|i| !to_indexes.contains(i)) {
        batch.push(format!("batch_op.drop_index(op.f(\"{name}\"))"));
    }
    for (name, _) in from_checks.iter().filter(|c| !to_checks.contains(c)) {
        batch.push(format!(
            "batch_op.drop_constraint(op.f(\"{name}\"), type_=\"check\")"
        ));
    }
    for (name, _) in from_uniques.iter().filter(|u| !to_uniques.contains(u)) {
        batch.push(format!(
            "batch_op.drop_constraint(op.f(\"{name}\"), type_=\"unique\")"
        ));
    }
    let from_keys = foreign_keys(from);
    let to_keys = foreign_keys(to);
    for (name, ..) in from_keys.iter().filter(|k| !to_keys.contains(k)) {
        batch.push(format!(
            "batch_op.drop_constraint(op.f(\"{name}\"), type_=\"foreignkey\")"
        ));
    }
    for (f, was) in &pairs {
        if let Some(was) = was
            && was.name != f.name
        {
            batch.push(format!(
                "batch_op.alter_column(\"{}\", new_column_name=\"{}\")",
                was.name, f.name
            ));
        }
    }
    let mut decimal_text: Vec<&str> = Vec::new();
    // A type an update allows (`evolve::conversion`) converts in place; no
    // `USING` is needed on PostgreSQL, each being an assignment cast.
    for (f, was) in &pairs {
        if let Some(was) = was
            && was.source.field_type != f.source.field_type
            && was.migration_type != f.migration_type
        {
            batch.push(format!(
                "batch_op.alter_column(\"{}\", existing_type={}, type_={})",
                f.name, was.migration_type, f.migration_type
            ));
            if f.source.field_type == FieldType::Decimal {
                decimal_text.push(f.name);
            }
        }
    }
    for f in from
        .fields
        .iter()
        .filter(|f| !kept.contains(f.source.name.as_str()))
    {
        batch.push(format!("batch_op.drop_column(\"{}\")", f.name));
    }
    for (f, was) in &pairs {
        match was {
            None => {
                // A required field without a default only comes back this
                // way in a downgrade of its drop: its old rows have no value.
                let force_nullable = f.required && f.source.default.is_none();
                batch.push(format!(
                    "batch_op.add_column({})",
                    column(f, force_nullable)
                ));
            }
            Some(was) => {
                let nullable_changed = was.required != f.required;
                let default_changed = was.migration_default() != f.migration_default();
                if nullable_changed || default_changed {
                    let mut line = format!(
                        "batch_op.alter_column(\"{}\", existing_type={}, ",
                        f.name, f.migration_type
                    );
                    line.push_str(&format!(
                        "nullable={}",
                        if f.required { "False" } else { "True" }
                    ));
                    if default_changed {
                        let default = f.migration_default();
                        match default.strip_prefix(", ") {
                            Some(set) => line.push_str(&format!(", {set}")),
                            None => line.push_str(", server_default=None"),
                        }
                    }
                    line.push(')');
                    batch.push(line);
                }
            }
        }
    }
    for (name, column, table, on_delete) in to_keys.iter().filter(|k| !from_keys.contains(k)) {
        batch.push(format!(
            "batch_op.create_foreign_key(op.f(\"{name}\"), \"{table}\", [\"{column}\"], [\"id\"], ondelete=\"{on_delete}\")"
        ));
    }
    for (name, columns) in to_uniques.iter().filter(|u| !from_uniques.contains(u)) {
        batch.push(format!(
            "batch_op.create_unique_constraint(op.f(\"{name}\"), [{columns}])"
        ));
    }
    for (name, sql) in to_checks.iter().filter(|c| !from_checks.contains(c)) {
        batch.push(format!(
            "batch_op.create_check_constraint(op.f(\"{name}\"), {})",
            py_str(sql)
        ));
    }
    for (name, columns, unique) in to_indexes.iter().filter(|i| !from_indexes.contains(i)) {
        let unique = if *unique { "True" } else { "False" };
        batch.push(format!(
            "batch_op.create_index(op.f(\"{name}\"), [{columns}], unique={unique})"
        ));
    }
    if !batch.is_empty() {
        direction.altered.push(format!(
            "with op.batch_alter_table(\"{}\") as batch_op:",
            to.table
        ));
        direction
            .altered
            .extend(batch.into_iter().map(|line| format!("    {line}")));
    }
    if !decimal_text.is_empty() {
        // SQLite keeps a decimal as its text with all its places, as the
        // app writes it; a converted integer is written that way too.
        direction
            .altered
            .push("if op.get_bind().dialect.name == \"sqlite\":".into());
        for column in decimal_text {
            direction.altered.push(format!(
                "    op.execute({})",
                py_str(&format!(
                    "UPDATE {} SET \"{column}\" = printf('%.{DECIMAL_SCALE}f', \"{column}\")",
                    to.table
                ))
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::names_sqlalchemy;

    #[test]
    fn sqlalchemy_is_named_only_in_code() {
        assert!(names_sqlalchemy(
            r#"batch_op.add_column(sa.Column("a", sa.Text(), nullable=True))"#
        ));
        assert!(names_sqlalchemy("sa.Column()"));
        assert!(!names_sqlalchemy(r#"op.rename_table("visa.", "usa.")"#));
        assert!(!names_sqlalchemy(r#"op.execute('UPDATE t SET "sa." = 1')"#));
        assert!(!names_sqlalchemy(r#"op.execute("x \" sa. \" y")"#));
        assert!(!names_sqlalchemy("batch_op.drop_index(op.f(\"ix_a\"))"));
        assert!(!names_sqlalchemy("visa.x + a.sa.y"));
    }
}
