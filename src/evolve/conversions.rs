//! Which changes of a field's type a column can follow in place: those
//! where every value of the old type is one of the new, so nothing is
//! lost; the way back is checked against the data by the migration.

use crate::genome::FieldType;

/// How a column's values go from one field type to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// Every value of the old type is one of the new: string, e-mail,
    /// URL or enumeration to text, an enumeration to string.
    Widening,
    /// Every value converts when it fits the new type's range, which the
    /// migration checks first: an integer to a decimal.
    Checked,
    /// Values would be lost or refused: the update stops.
    Lossy,
}

pub fn conversion(from: FieldType, to: FieldType) -> Conversion {
    use FieldType::*;
    match (from, to) {
        (String | Email | Url | Enum, Text) | (Enum, String) => Conversion::Widening,
        (Integer, Decimal) => Conversion::Checked,
        _ => Conversion::Lossy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_changes_are_kept_apart_from_lossy_ones() {
        assert_eq!(
            conversion(FieldType::String, FieldType::Text),
            Conversion::Widening
        );
        assert_eq!(
            conversion(FieldType::Integer, FieldType::Decimal),
            Conversion::Checked
        );
        for (from, to) in [
            (FieldType::Text, FieldType::String),
            (FieldType::Decimal, FieldType::Integer),
            (FieldType::String, FieldType::Email),
            (FieldType::Date, FieldType::DateTime),
            (FieldType::Integer, FieldType::Float),
        ] {
            assert_eq!(
                conversion(from, to),
                Conversion::Lossy,
                "{from:?} to {to:?}"
            );
        }
    }
}
