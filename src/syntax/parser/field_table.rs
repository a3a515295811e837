//! Field tables under an entity heading: the header row says which column
//! is which, and each later row declares a field.

use crate::problems::SyntaxProblem;
use crate::syntax::decl;
use crate::syntax::lines::{Input, Line, span_of, trim};

use super::Parser;

/// A table under an entity heading: which column says what.
pub(super) struct TableState {
    /// `None` once the table is known not to be readable (reported).
    columns: Option<TableColumns>,
    delimiter_seen: bool,
}

struct TableColumns {
    name: usize,
    type_: usize,
    constraints: Vec<usize>,
    required: Option<usize>,
    default: Option<usize>,
}

/// What a table header cell names, from its words.
fn column_role(header: &str) -> Option<&'static str> {
    let words = header
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | ':' | '?'))
        .to_ascii_lowercase();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match words.as_str() {
        "field" | "fields" | "name" | "field name" | "attribute" | "attribute name" | "column"
        | "column name" | "property" => "name",
        "type" | "data type" | "datatype" | "field type" | "kind" => "type",
        // Korean: field, field name, column, column name; type, type or
        // relation, data type.
        "필드" | "필드명" | "컬럼" | "컬럼명" => "name",
        "타입" | "타입/관계" | "자료형" | "데이터 타입" => "type",
        "constraints" | "constraint" | "modifiers" | "modifier" | "options" | "rules"
        | "validation" | "validations" => "constraints",
        "required" | "mandatory" => "required",
        "default" | "default value" => "default",
        _ => return None,
    })
}

impl Parser {
    pub(super) fn table_row(&mut self, line: Line) {
        let Some(section) = &mut self.section else {
            return;
        };
        let row = span_of(&trim(line.full));
        section.end = section.end.max(row.end);
        let cells = decl::table_cells(line.full);
        let Some(table) = &mut section.table else {
            // The header row.
            let under_entity = section.context.is_some_and(|c| c.any_indent)
                && section.entities.last().is_some_and(|e| e.fields.is_empty());
            let mut columns = TableColumns {
                name: usize::MAX,
                type_: usize::MAX,
                constraints: Vec::new(),
                required: None,
                default: None,
            };
            for (i, cell) in cells.iter().enumerate() {
                match column_role(cell.fragment()) {
                    Some("name") if columns.name == usize::MAX => columns.name = i,
                    Some("type") if columns.type_ == usize::MAX => columns.type_ = i,
                    Some("constraints") => columns.constraints.push(i),
                    Some("required") => columns.required = Some(i),
                    Some("default") => columns.default = Some(i),
                    _ => {}
                }
            }
            let readable = columns.name != usize::MAX && columns.type_ != usize::MAX;
            let read = under_entity && readable;
            if !read {
                self.diagnostics
                    .push(SyntaxProblem::UnreadTable { row, under_entity }.into());
            }
            section.table = Some(TableState {
                columns: read.then_some(columns),
                delimiter_seen: false,
            });
            return;
        };
        let Some(columns) = &table.columns else {
            return;
        };
        if !table.delimiter_seen && decl::is_delimiter_row(&cells) {
            table.delimiter_seen = true;
            return;
        }
        if cells.iter().all(|cell| cell.fragment().trim().is_empty()) {
            return;
        }
        let end_of_row = Input::new("");
        let cell = |i: usize| -> Input {
            cells.get(i).copied().unwrap_or_else(|| {
                let last = trim(line.full);
                nom::Input::take_from(&last, last.fragment().len())
            })
        };
        let _ = end_of_row;
        let result = decl::table_field(decl::TableRowCells {
            row,
            name: cell(columns.name),
            type_cell: cell(columns.type_),
            constraints: columns
                .constraints
                .iter()
                .filter_map(|&i| cells.get(i).copied())
                .collect(),
            required: columns.required.and_then(|i| cells.get(i).copied()),
            default: columns.default.and_then(|i| cells.get(i).copied()),
        });
        match result {
            Ok(field) => section.add_field(field),
            Err(error) => {
                section.add_unreadable();
                self.field_error(error);
            }
        }
    }
}
