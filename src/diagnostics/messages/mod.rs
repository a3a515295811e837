//! The prose of every diagnostic: each problem a phase reports (see
//! `crate::problems`) becomes a [`Diagnostic`] here, with the code whose
//! explanation is in `codes.rs`, its message, labels, notes and help. The
//! phases come in pipeline order: the parser's (`syntax.rs`), lowering's
//! (`lower/`). A target says its own problems (the FastAPI target's are in
//! `crate::targets::fastapi`), with the codes of the same table.

mod embedded;
mod inference;
mod lower;
mod syntax;
mod update;

#[cfg(test)]
pub(crate) use tests::one_of_each;

#[cfg(test)]
mod tests {
    use serde_json::Number;

    use crate::diagnostics::Diagnostic;
    use crate::genome::FieldType;
    use crate::problems::{
        BuiltInColumn, EmbeddedProblem, FieldFault, Inference, LowerProblem, Measure, NameKind,
        NameSource, Notation, RenameFault, RenameReason, SectionNear, SkippedBlock, StoryFault,
        StoryFix, SyntaxProblem, TypeRule, UnreadPart, UpdateProblem,
    };
    use crate::span::Span;

    /// One problem of every kind, each as its phase reports it.
    pub(crate) fn one_of_each() -> Vec<Diagnostic> {
        let at = Span::new(0, 1);
        let name = "name";
        let names: &[&str] = &["Project", "Task"];
        let values = ["todo".to_string(), "done".to_string()];
        let entities = ["Project".to_string()];
        let (low, high) = (Number::from(2), Number::from(1));
        let syntax = [
            SyntaxProblem::InvalidUtf8 {
                span: at,
                valid: 0,
                invalid: 1,
                length: 1,
            },
            SyntaxProblem::NulByte { span: at },
            SyntaxProblem::UnreadTable {
                row: at,
                under_entity: true,
            },
            SyntaxProblem::TooManyEntities { span: at, limit: 1 },
            SyntaxProblem::HeadingNotEntity { span: at },
            SyntaxProblem::FieldOutsideEntity {
                span: at,
                entity: None,
                section: at,
            },
            SyntaxProblem::NotADeclaration {
                span: at,
                subsection: None,
                section: at,
                lower_name: None,
            },
            SyntaxProblem::MalformedStory {
                span: at,
                fault: StoryFault::NotIWant,
                fix: Some((at, StoryFix::IWant)),
            },
            SyntaxProblem::MalformedField {
                span: at,
                fault: FieldFault::NoType { name: name.into() },
            },
            SyntaxProblem::FieldWithoutListMarker {
                span: at,
                entity: Some(at),
            },
            SyntaxProblem::ProseSkipped {
                span: at,
                section: at,
            },
            SyntaxProblem::EntityRemark {
                span: at,
                entity: name.into(),
                section: at,
            },
        ];
        let lower = [
            LowerProblem::NoEntitySection {
                headings: names,
                near: None,
            },
            LowerProblem::NoEntitySection {
                headings: names,
                near: Some((at, SectionNear::Heading { words: name })),
            },
            LowerProblem::NoEntitySection {
                headings: names,
                near: Some((at, SectionNear::Declaration)),
            },
            LowerProblem::NoEntitySection {
                headings: names,
                near: Some((at, SectionNear::FirstHeading)),
            },
            LowerProblem::MisspeltEntitySection {
                span: at,
                written: name,
                spelling: name,
                headings: names,
                read_as_section: true,
                empty: false,
            },
            LowerProblem::EmptyEntitySection {
                span: at,
                ended_by: None,
            },
            LowerProblem::ModifierInWords {
                span: at,
                written: name,
                field: name,
                key: "max",
                value: "10",
                fits: true,
            },
            LowerProblem::ModifierInWords {
                span: at,
                written: name,
                field: name,
                key: "max",
                value: "10",
                fits: false,
            },
            LowerProblem::StrictLowerBound {
                span: at,
                written: name,
                field: name,
                bound: "0",
                whole_min: Some(1),
            },
            LowerProblem::StrictLowerBound {
                span: at,
                written: name,
                field: name,
                bound: "0",
                whole_min: None,
            },
            LowerProblem::PrimaryKeyField {
                span: at,
                field: name,
                as_type: true,
            },
            LowerProblem::PrimaryKeyField {
                span: at,
                field: name,
                as_type: false,
            },
            LowerProblem::ModifierAsType {
                span: at,
                written: name,
                field: name,
            },
            LowerProblem::EmptyEntitySection {
                span: at,
                ended_by: Some(at),
            },
            LowerProblem::InvalidEntityName {
                span: at,
                name,
                length: 4,
                fix: Some("Name".into()),
            },
            LowerProblem::DuplicateEntity {
                span: at,
                name,
                first: at,
            },
            LowerProblem::InvalidRename {
                span: at,
                entity: name,
                old: name,
                fault: RenameFault::ClaimedTwice { first: at },
            },
            LowerProblem::EntityNameCollision {
                span: at,
                name,
                snake: name,
                other: name,
                first: at,
            },
            LowerProblem::RequiredSelfLink {
                span: at,
                field: name,
                entity: name,
                label: name,
            },
            LowerProblem::LinkCycle {
                span: at,
                field: name,
                from: name,
                to: name,
            },
            LowerProblem::StoryWithoutEntity {
                span: at,
                entities: &entities,
            },
            LowerProblem::AppNameChosen {
                span: Some(at),
                name,
                source: NameSource::TitleWords,
            },
            LowerProblem::AppNameChosen {
                span: None,
                name,
                source: NameSource::FileName,
            },
            LowerProblem::DuplicateField {
                span: at,
                entity: name,
                field: name,
                first: at,
            },
            LowerProblem::EntityWithoutFields {
                span: at,
                entity: name,
            },
            LowerProblem::ProfileFieldLink {
                span: at,
                field: name,
                to: name,
            },
            LowerProblem::ProfileFieldRequired {
                span: at,
                field: name,
                type_name: "string",
            },
            LowerProblem::ProfileFieldUnique {
                span: at,
                field: name,
            },
            LowerProblem::ProfileUniqueGroup { span: at },
            LowerProblem::LinkColumnTaken {
                span: at,
                field: name,
                column: name,
                other: at,
            },
            LowerProblem::UniqueGroupRepeats { span: at, name },
            LowerProblem::UniqueGroupUnknownField {
                span: at,
                name_span: at,
                name,
                entity: name,
                fields: names,
            },
            LowerProblem::UniqueGroupTooSmall { span: at },
            LowerProblem::UniqueGroupJson { span: at },
            LowerProblem::UnknownType {
                span: at,
                written: "strng",
                field: name,
            },
            LowerProblem::UnknownKey {
                span: at,
                written: "maxx",
                field: name,
                keys: &["max"],
            },
            LowerProblem::UnknownModifier {
                span: at,
                written: "requird",
                field: name,
            },
            LowerProblem::ConflictingModifiers {
                span: at,
                field: name,
                what: "required",
                written: "optional",
                first: at,
                first_written: None,
            },
            LowerProblem::InvalidFieldName {
                span: at,
                name,
                fix: None,
            },
            LowerProblem::ProvidedField { span: at, name },
            LowerProblem::OwnerColumnField { span: at, name },
            LowerProblem::LinkInOwnerColumn {
                span: at,
                name,
                column: name,
            },
            LowerProblem::LinkToAccount {
                span: at,
                field: name,
                written: "User",
            },
            LowerProblem::UnknownEntity {
                span: at,
                field: name,
                written: "Projet",
                entities: names,
            },
            LowerProblem::EnumWithoutValues {
                span: at,
                field: name,
            },
            LowerProblem::EmptyEnumValue {
                span: at,
                field: name,
            },
            LowerProblem::InvalidEnumValue {
                span: at,
                value: name,
                max_length: 1,
            },
            LowerProblem::RepeatedEnumValue {
                span: at,
                field: name,
                value: name,
                first: at,
            },
            LowerProblem::CommaSeparatedEnum {
                span: at,
                field: name,
                values: vec![name, name],
            },
            LowerProblem::TooFewEnumValues {
                span: at,
                field: name,
            },
            LowerProblem::BoundNotApplicable {
                span: at,
                key: "min",
                field: name,
                field_type: FieldType::Date,
            },
            LowerProblem::InvalidBound {
                span: at,
                key: "min",
                value: name,
                field: name,
                measure: Measure::Number,
            },
            LowerProblem::StringBoundTooLarge { span: at, most: 1 },
            LowerProblem::InvertedRange {
                span: at,
                field: name,
                low: &low,
                high: &high,
                low_span: at,
            },
            LowerProblem::DefaultNotOfType {
                span: at,
                value: name,
                field: name,
                field_type: FieldType::Integer,
            },
            LowerProblem::DefaultOutsideLimits {
                span: at,
                value: name,
                field: name,
                length: false,
            },
            LowerProblem::DefaultNotMatchingPattern {
                span: at,
                value: name,
                field: name,
                pattern: "^[A-Z]+$",
            },
            LowerProblem::DefaultNotListed {
                span: at,
                value: "tod",
                field: name,
                values: &values,
            },
            LowerProblem::DefaultNotSupported {
                span: at,
                field_type: FieldType::Date,
            },
            LowerProblem::PatternNotApplicable {
                span: at,
                field: name,
                field_type: FieldType::Integer,
            },
            LowerProblem::EmptyPattern { span: at },
            LowerProblem::InvalidPattern {
                span: at,
                error: "unclosed group",
            },
        ];
        let reasons = [RenameReason::Plural, RenameReason::LowerCase];
        let inferences = [
            Inference::EntityRenamed {
                span: at,
                written: name,
                name,
                reasons: &reasons,
            },
            Inference::AccountField {
                span: at,
                field: name,
            },
            Inference::LinkRead {
                span: at,
                written: name,
                name,
                entity: name,
            },
            Inference::PrivilegeField {
                span: at,
                field: name,
            },
            Inference::ForeignKeyUnresolved {
                span: at,
                field: name,
                written: name,
            },
            Inference::TypeInferred {
                span: at,
                written: name,
                name,
                type_word: "string",
                rule: TypeRule::Other,
            },
            Inference::DefaultRead {
                span: at,
                written: name,
                value: name,
            },
            Inference::RemarkNotRead {
                span: at,
                written: name,
                field: name,
            },
        ];
        let unread = [
            UnreadPart::Statement,
            UnreadPart::Line,
            UnreadPart::DeleteRule,
            UnreadPart::ComputedDefault,
            UnreadPart::Index,
            UnreadPart::Type,
            UnreadPart::Option,
        ];
        let built_in = [
            BuiltInColumn::Id,
            BuiltInColumn::CreatedAt,
            BuiltInColumn::UpdatedAt,
            BuiltInColumn::Owner,
        ];
        let embedded = unread
            .into_iter()
            .map(|part| EmbeddedProblem::NotRead {
                span: at,
                notation: Notation::Sql,
                written: name.into(),
                part,
            })
            .chain(built_in.into_iter().map(|kind| EmbeddedProblem::BuiltIn {
                span: at,
                column: name.into(),
                kind,
            }))
            .chain(
                [NameKind::Entity, NameKind::Field].map(|kind| EmbeddedProblem::Renamed {
                    span: at,
                    written: name.into(),
                    name: name.into(),
                    kind,
                }),
            )
            .chain([
                EmbeddedProblem::Skipped {
                    span: at,
                    block: SkippedBlock::Prose { words: name.into() },
                },
                EmbeddedProblem::Skipped {
                    span: at,
                    block: SkippedBlock::Code,
                },
                EmbeddedProblem::InverseLink {
                    span: at,
                    field: name.into(),
                    entity: name.into(),
                },
                EmbeddedProblem::ExampleType {
                    span: at,
                    field: name.into(),
                    type_word: "date",
                },
                EmbeddedProblem::ManyToMany {
                    span: at,
                    left: name.into(),
                    right: name.into(),
                },
                EmbeddedProblem::RelationshipNotRead {
                    span: at,
                    unknown: Some(name.into()),
                },
                EmbeddedProblem::RelationshipNotRead {
                    span: at,
                    unknown: None,
                },
            ]);
        let update = [
            UpdateProblem::RequiredWithoutDefault {
                span: at,
                entity: None,
                field: name.into(),
            },
            UpdateProblem::FieldDropped {
                span: at,
                entity: Some("Project".into()),
                field: name.into(),
            },
            UpdateProblem::EntityDropped {
                span: at,
                entity: "Project".into(),
            },
            UpdateProblem::TypeChanged {
                span: at,
                entity: Some("Project".into()),
                field: name.into(),
                from: "text".into(),
                to: "integer".into(),
                link: false,
            },
            UpdateProblem::UnknownRename {
                span: at,
                entity: "Project".into(),
                old: "Plan".into(),
            },
        ];
        syntax
            .into_iter()
            .map(Diagnostic::from)
            .chain(update.into_iter().map(Diagnostic::from))
            .chain(lower.into_iter().map(Diagnostic::from))
            .chain(inferences.into_iter().map(Diagnostic::from))
            .chain(embedded.map(Diagnostic::from))
            .collect()
    }
}
