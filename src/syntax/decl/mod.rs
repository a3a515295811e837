//! Parsers for the declarations inside one line: entity lines, fields,
//! modifiers, user stories and the line naming the product.

mod columns;
mod entity;
mod enum_values;
mod field;
mod modifiers;
mod name_line;
mod phrases;
mod rename;
mod story;
mod table;
mod tokens;
mod unique;
mod untyped;

pub(crate) use columns::{ColumnsLine, columns_line};
pub(crate) use entity::{
    EntityLine, entity_line, lowercase_header, lowercase_label, lowercase_name_alone,
    lowercase_phrase, lowercase_with_remark, misnamed_inline_entity, remarked_name,
    skip_declaration_word,
};
pub(crate) use field::{FieldError, field_line, inline_fields};
pub(crate) use name_line::product_name_line;
pub(crate) use phrases::{PhraseFields, grouped_fields, is_sentence_item, phrase_fields};
pub(crate) use rename::renamed_from;
pub(crate) use story::{
    StoryShapeError, acceptance_criterion, is_criteria_label, story_like, user_story,
};
pub(crate) use table::{TableRowCells, is_delimiter_row, table_cells, table_field};
pub(crate) use unique::unique_group;
