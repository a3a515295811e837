//! The table of diagnostic codes. Codes are stable: once published, a code
//! keeps its meaning, and a retired code is never reused.
//!
//! Each row carries the explanation `microcodegen explain` prints and
//! docs/diagnostics.md is generated from, so the two can never disagree.

use serde::Serialize;

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $summary:literal {
        explanation: $explanation:literal,
        wrong: $wrong:literal,
        right: $right:literal $(,)?
    })*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        /// Every code, in code order.
        pub const CODES: &[CodeInfo] = &[
            $(CodeInfo {
                code: Code::$variant,
                id: $code,
                severity: Severity::$severity,
                summary: $summary,
                explanation: $explanation,
                wrong: $wrong,
                right: $right,
            },)*
        ];

        impl Code {
            /// The code as written in diagnostics (`E0003`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            pub const fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    InvalidUtf8 = "E0001", Error, "the input is not valid UTF-8 text" {
        explanation: "The compiler reads PRDs as UTF-8 text, the encoding almost every editor uses today. This file contains bytes that are not UTF-8, usually because it was saved in an older encoding such as Windows-1252 or Latin-1, or because it is not a text file at all (a Word document or a PDF). The diagnostic points at the first byte that could not be read. Open the file in your editor and save it again with the encoding set to UTF-8; if it is a Word or Google Docs document, export or copy it as plain text or Markdown first.",
        wrong: r#"# Caf<byte 0xE9> Orders
(the file was saved as Windows-1252, so `é` is the single byte 0xE9)"#,
        right: r#"# Café Orders
(the same text saved as UTF-8)"#,
    }
    NulByte = "E0002", Error, "the input contains a NUL byte" {
        explanation: "A NUL byte (a zero byte) never appears in a text document; finding one means the file is binary, such as a Word document, a PDF, a spreadsheet or a file saved as UTF-16. The compiler stops rather than guess what the text was meant to be. Export the document as plain text or Markdown, saved as UTF-8, and run the compiler on that file.",
        wrong: r#"(a file saved as UTF-16: every other byte is a zero byte)
#<NUL> <NUL>S<NUL>h<NUL>o<NUL>p<NUL>"#,
        right: r#"# Shop
(the same text saved as UTF-8)"#,
    }
    UnknownType = "E0003", Error, "a field has a type the compiler does not know" {
        explanation: "Every field has a type that says what kind of value it holds, and the type must be one of the words the compiler knows: string, text, integer, float, decimal, boolean, date, datetime, uuid, json, email or url (and a few synonyms such as int, bool, money and timestamp). A misspelt type, or a type from another tool such as `varchar(20)` or `number`, is reported here, with the nearest known type when there is one. A capitalised type that names another entity (`Project`) is a link between entities (see E0019), and `enum` takes a list of values (see E0020).",
        wrong: r#"## Entities
- Product: name (strng, required), price (number)"#,
        right: r#"## Entities
- Product: name (string, required), price (decimal)"#,
    }
    DuplicateEntity = "E0004", Error, "two entities have the same name" {
        explanation: "Each entity becomes a database table, an API resource and a set of pages, so its name must be unique in the PRD. The same name declared twice is usually a copy-paste left over, or two descriptions of the same thing written in different places. The diagnostic shows both declarations. Merge them into one declaration with all the fields, or give one of them a more specific name.",
        wrong: r#"## Entities
- Project: name (string)
- Project: deadline (date)"#,
        right: r#"## Entities
- Project: name (string), deadline (date)"#,
    }
    DuplicateField = "E0005", Error, "an entity declares the same field twice" {
        explanation: "Each field of an entity becomes a column and a form input, so a field name can appear only once in an entity. The diagnostic points at the second declaration and shows the first. Remove the repeated line, or rename one of the two fields if they mean different things (for example `start_date` and `end_date`).",
        wrong: r#"## Entities
- Event: date (date, required), title (string), date (date)"#,
        right: r#"## Entities
- Event: start_date (date, required), title (string), end_date (date)"#,
    }
    NameCollision = "E0006", Error, "two names become the same once snake_cased or lower-cased" {
        explanation: "The generated code writes entity names in lowercase with underscores for modules, tables and web addresses: `OrderItem` becomes `order_item` and `/api/order-items`. Two entities whose names differ only in capitals or underscores would therefore end up with the same table and address, so they are rejected. Pick names that differ in their words, or merge the entities if they describe the same thing.",
        wrong: r#"## Entities
- OrderItem: quantity (integer)
- Orderitem: price (decimal)"#,
        right: r#"## Entities
- OrderItem: quantity (integer), price (decimal)"#,
    }
    ReservedName = "E0007", Error, "a name is a keyword of the generated code's language or would shadow a name that code needs" {
        explanation: "A target generates the application in a programming language of its own, and some words cannot be used as names there. The FastAPI target (the default) generates Python: its keywords such as `class`, `from` and `import` cannot be names, nor can names the generated code already uses for itself, such as an entity called `Base` or `Settings` or a field called `schema`. Using one of them would produce a program that does not start. Choose a more specific name: `class_name` instead of `class`, `SiteSettings` instead of `Settings`.",
        wrong: r#"## Entities
- Course: class (string), from (date)
- Settings: schema (string)"#,
        right: r#"## Entities
- Course: class_name (string), starts_on (date)
- SiteSettings: schema_version (string)"#,
    }
    ManagedFieldConflict = "E0008", Error, "a field takes a name the generated app uses for its own column" {
        explanation: "Every entity of the generated app belongs to the signed-in user who created it; the app keeps that link in a column called `user_id`, and the database library reserves `metadata` and `registry`. A field with one of those names would clash with the app's own column. If you mean the person a record is about or assigned to, name the field after that role, such as `assignee_id` or `author_id`; for free-form extra data, use `details`.",
        wrong: r#"## Entities
- Task: title (string), user_id (integer), metadata (json)"#,
        right: r#"## Entities
- Task: title (string), assignee_id (integer), details (json)"#,
    }
    AccountFieldConflict = "E0009", Error, "a field of `User` takes a name the built-in account already uses" {
        explanation: "An entity named `User` adds profile fields to the built-in account, which already has the columns `email`, `password_hash` and `token_version` and takes a `password` at registration. A field `email`, `password` or `password_hash` (or `id`) of `User` is read as the account's own, with a note (N0011); a profile field named after another of the account's columns, such as `token_version`, would clash with it. Name the extra field after what it holds, such as `sessions_revoked` or `display_name`. (Before the language had profile fields, this code refused any entity named `User`.)",
        wrong: r#"## Entities
- User: token_version (integer, default=0), display_name (string)"#,
        right: r#"## Entities
- User: sessions_revoked (integer, default=0), display_name (string)"#,
    }
    InvalidFieldName = "E0010", Error, "a field name is not lower snake_case" {
        explanation: "Field names become column names and attributes in the generated code, so they are written in lower snake_case: lowercase letters, digits and underscores, starting with a letter, such as `due_date` or `line2`. Capitals, spaces, hyphens and camelCase (`dueDate`, `Due-Date`) are not allowed. When the name can be converted mechanically, the diagnostic offers the converted name and `check --fix` applies it.",
        wrong: r#"## Entities
- Task: dueDate (date), Priority (integer), due-time (datetime)"#,
        right: r#"## Entities
- Task: due_date (date), priority (integer), due_time (datetime)"#,
    }
    InvalidEntityName = "E0011", Error, "an entity name is not a capitalised identifier of 2 to 41 characters" {
        explanation: "Entity names become class names in the generated code. They start with a capital letter and contain only letters and digits (an underscore is tolerated), with 2 to 41 characters, such as `Project` or `OrderItem`. Names with spaces or hyphens are written as one capitalised word instead; when the conversion is mechanical, `check --fix` applies it.",
        wrong: r#"## Entities
- order-item: quantity (integer)"#,
        right: r#"## Entities
- OrderItem: quantity (integer)"#,
    }
    MalformedField = "E0012", Error, "a field declaration cannot be read" {
        explanation: "A field is written as a name followed by its type, either `name: type (modifiers)` on a line of its own or `name (type, modifiers)` in a comma-separated list after the entity's name. This line starts like a field but something is missing or out of place: the colon after the name, the type, a closing parenthesis, or the parentheses around the modifiers. The diagnostic points at the first place the line stops making sense and shows the expected shape.",
        wrong: r#"## Entities
- **Task**
  - title string
  - estimate: integer (required"#,
        right: r#"## Entities
- **Task**
  - title: string
  - estimate: integer (required)"#,
    }
    UnknownModifier = "E0013", Error, "a field has a modifier the compiler does not know" {
        explanation: "Modifiers come after a field's type and say how the field behaves. The known modifiers are `required` (also `not null`), `optional` (also `nullable`), `unique` and `indexed` (also `index`), and their opposites `not unique` and `not indexed`. Anything else, such as a misspelling or a database term like `primary key`, is reported; every record already gets an `id` primary key, so that one can simply be removed.",
        wrong: r#"## Entities
- Ticket: code (string, uniq), title (string, requird)"#,
        right: r#"## Entities
- Ticket: code (string, unique), title (string, required)"#,
    }
    ConflictingModifiers = "E0014", Error, "a field has modifiers that contradict each other" {
        explanation: "A field cannot be both required and optional, unique and not unique, or indexed and not indexed: the compiler would have to guess which one you meant. The diagnostic shows both modifiers. Keep the one that describes the field.",
        wrong: r#"## Entities
- Ticket: code (string, required, optional)"#,
        right: r#"## Entities
- Ticket: code (string, required)"#,
    }
    MissingEntitySection = "E0015", Error, "the PRD has no entity section" {
        explanation: "The compiler builds the application from the entities the PRD declares, and looks for them under a heading named `Data Model` (or `Data Models`, `Domain Model`, `Domain Models`, `Entities`, `Key Entities`, `Core Entities`, `Models`, `Schema`, `Database Schema`, `Entity List`, `Entity Data Model`, `Entity Data Models`), of level 1 to 4, perhaps numbered, after an emoji, or followed by a qualifier such as `(core)`. No such heading was found. When a heading is close to one of those names, such as `## Entites` or `## Entity`, the diagnostic points at it and `check --fix` renames it; otherwise it points at the heading that came closest (one speaking of data, models, schemas or tables), or at a declaration written outside any section, and the fix is to give the entities a section of their own.",
        wrong: r#"## Entites
- Project: name (string, required)"#,
        right: r#"## Entities
- Project: name (string, required)"#,
    }
    EmptyEntitySection = "E0016", Error, "the entity section declares no entities" {
        explanation: "The entity section was found, but nothing under it reads as an entity declaration, so there would be nothing to generate. Each entity is a list item starting with a capitalised name, followed by its fields on the same line or as indented items below it. Prose and tables in the section are ignored.",
        wrong: r#"## Entities
We will need projects and tasks."#,
        right: r#"## Entities
- Project: name (string, required)
- Task: title (string, required), done (boolean)"#,
    }
    FieldOutsideEntity = "E0017", Error, "a field declaration is not under any entity" {
        explanation: "A field belongs to the entity above it: on the entity's own line, indented under the entity's list item, or under the entity's `###` heading. This field sits at the same level as the entities, so the compiler cannot tell which entity it belongs to. Indent it under its entity, or move it onto the entity's line. A capitalised name followed by a single word, such as `- Note: banana`, is read as a field too (the word is its type): a description of an entity takes more than one word.",
        wrong: r#"## Entities
- **Task**
- done: boolean"#,
        right: r#"## Entities
- **Task**
  - done: boolean"#,
    }
    UnsupportedTable = "E0018", Error, "a Markdown table in the entity section cannot be read as an entity's fields" {
        explanation: "An entity's fields may be written as a Markdown table right under the entity's heading (`### Task`), with a header row naming the columns: a field column (`Field` or `Name`), a type column (`Type`), and optionally `Constraints`, `Required` and `Default`; other columns, such as `Description`, are ignored. A table that does not follow an entity heading, or whose header names no field or no type column, cannot be read, and ignoring it silently would leave fields out of the application. Put the table under the entity's heading and name its columns.",
        wrong: r#"## Entities
| Entity | Field | Type   |
|--------|-------|--------|
| Task   | title | string |"#,
        right: r#"## Entities
### Task
| Field | Type   | Constraints |
|-------|--------|-------------|
| title | string | required    |"#,
    }
    UnknownEntity = "E0019", Error, "a field links to an entity that the PRD does not declare" {
        explanation: "A field whose type is a capitalised name links to another entity: `project (Project, required)` stores which project a row belongs to. The name must be one of the entities declared in the PRD, spelt exactly as declared; the diagnostic suggests the nearest one. The built-in `User` account cannot be linked to: every row already belongs to the signed-in user, and one user never sees another.",
        wrong: r#"## Entities
- Project: name (string, required)
- Task: title (string), project (Projct, required)"#,
        right: r#"## Entities
- Project: name (string, required)
- Task: title (string), project (Project, required)"#,
    }
    InvalidEnum = "E0020", Error, "an enumeration has no values, an empty value, a repeated value or a single one" {
        explanation: "An `enum` field holds one of a fixed list of values, written after the type: `status (enum: todo | doing | done)` or `status (enum(todo, doing, done))`. Each value is a word of letters, digits, `_`, `-` and `.`; the list needs at least two values, none empty (a doubled `|`) and none repeated. The values are stored as text, checked by the database, and offered as a choice in the API's schema.",
        wrong: r#"## Entities
- Task: status (enum: todo | | done | todo)"#,
        right: r#"## Entities
- Task: status (enum: todo | doing | done)"#,
    }
    InvalidDefault = "E0021", Error, "a default value does not fit the field's type" {
        explanation: "`default=<value>` gives the value a field takes when a create leaves it out; it is also the column's default in the database. The value is checked against the field's type: a whole number for an `integer`, a number for `float` and `decimal`, `true` or `false` for a `boolean`, one of the listed values for an `enum`, any text for `string` and `text`; it must also satisfy `min` and `max`, and a text default must match the field's `pattern` (a `time` field's time-of-day pattern included), or the app would refuse its own default. Other types (dates, identifiers, JSON, links) cannot have a default.",
        wrong: r#"## Entities
- Task: priority (integer, default=high), status (enum: todo | done, default=doing)"#,
        right: r#"## Entities
- Task: priority (integer, default=3), status (enum: todo | done, default=todo)"#,
    }
    InvalidConstraint = "E0022", Error, "a `min` or `max` limit does not fit the field" {
        explanation: "`min=` and `max=` limit a number's value (`integer`, `float`, `decimal`) or a text's length in characters (`string`, `text`). A limit must be a number (a whole number for integers and lengths), `min` must not be above `max`, and a `string` holds at most 255 characters. Values outside the limits are refused with 422 by the API and, where the database can check them, by a CHECK constraint.",
        wrong: r#"## Entities
- Task: priority (integer, min=5, max=1), due (date, min=today)"#,
        right: r#"## Entities
- Task: priority (integer, min=1, max=5), title (string, max=80)"#,
    }
    InvalidPattern = "E0023", Error, "a `pattern` is not a valid regular expression or is set on a field that is not text" {
        explanation: "`pattern=` gives a regular expression that a `string` or `text` value must match (anywhere in the value; anchor it with `^` and `$` to match the whole). Write it in double quotes or backticks so that commas and parentheses stay part of it: pattern=\"^[A-Z]{2,4}-[0-9]+$\". The expression is compiled when the PRD is read, with the same syntax the app's validation uses, and the diagnostic points at the character where it goes wrong. Patterns are checked by the API only: databases do not agree on regular expressions.",
        wrong: r#"## Entities
- Ticket: code (string, pattern="^[A-Z+$")"#,
        right: r#"## Entities
- Ticket: code (string, pattern="^[A-Z]+$")"#,
    }
    InvalidUniqueGroup = "E0024", Error, "a unique group names a field the entity does not have, or fewer than two" {
        explanation: "A line `- unique: (project, title)` under an entity says that no two rows of one user have the same values in all the named fields together. Each name must be a field of that entity (a link may be named as written, `project`, or by its column, `project_id`), listed once, and the group needs at least two fields; for a single field, use the `unique` modifier.",
        wrong: r#"## Entities
- **Task**
  - title: string (required)
  - unique: (title, titel)"#,
        right: r#"## Entities
- Project: name (string, required)
- **Task**
  - title: string (required)
  - project: Project (required)
  - unique: (project, title)"#,
    }
    ReferenceCycle = "E0025", Error, "required links between entities form a circle, or an entity's link to itself is required" {
        explanation: "Links make an order in which rows can be created: a project before its tasks. When required links go round in a circle (a `Team` must have a `Person` as its lead, and a `Person` must belong to a `Team`), or an entity has a required link to its own rows, no first row could ever be created. Make one link of the circle optional: a circle with an optional link in it is allowed (a team is created without its lead, the lead joins it, and then the team's lead is set; deleting the lead clears the team's link). A link to the entity itself must be optional too (`parent (Task, optional)`).",
        wrong: r#"## Entities
- Team: lead (Person, required)
- Person: team (Team, required)"#,
        right: r#"## Entities
- Team: lead (Person, optional)
- Person: team (Team, required), mentor (Person, optional)"#,
    }
    TooManyEntities = "E0026", Error, "the PRD declares more entities than the compiler reads" {
        explanation: "A PRD may declare at most 20,000 entities. Each entity becomes a database table, a set of endpoints, schemas and tests, so a real application has a few dozen; a PRD with tens of thousands is almost always generated by a script gone wrong. The compiler stops reading entities at the limit, so such an input cannot exhaust the machine's memory, and reports the first entity past it. Split the PRD into several applications, or check the script that wrote it.",
        wrong: r#"## Entities
- Entity1: name (string)
- Entity2: name (string)
(... 20,001 entity lines in all)"#,
        right: r#"## Entities
- Entity1: name (string)
- Entity2: name (string)
(... at most 20,000 entity lines)"#,
    }
    FieldNameTooLong = "E0027", Error, "a field name is longer than a database column name may be" {
        explanation: "Each field becomes a database column. The FastAPI target (the default) runs on PostgreSQL, which keeps at most 63 bytes of a column name: a longer name is silently cut, so the database and the application would disagree about the column. Field names are therefore limited to 60 characters (a link to another entity adds `_id`). Pick a shorter name and, if the meaning needs more words, put them in a description after the type.",
        wrong: r#"## Entities
- Order: the_date_on_which_the_customer_asked_for_the_order_to_be_delivered_to_them (date)"#,
        right: r#"## Entities
- Order: requested_delivery_date (date) - the date the customer asked for"#,
    }
    InvalidProfileField = "E0028", Error, "a field of `User` is required without a default, unique, a link, or in a unique group" {
        explanation: "The fields of an entity named `User` are profile fields of the built-in account. Registration only takes an e-mail address and a password, so a required profile field needs a default to start from; give it one with `default=`, or make it optional. The users table is shared by every account, so a profile field cannot be unique or part of a unique group (a 409 would tell one user what another has chosen), and it cannot link to an entity: every other row belongs to a user, not the other way round; put the link on the other entity instead. Other entities cannot link to `User` either (E0019): every row already belongs to the signed-in user.",
        wrong: r#"## Entities
- User: display_name (string, required), nickname (string, unique)"#,
        right: r#"## Entities
- User: display_name (string, required, default=friend), nickname (string)"#,
    }
    InvalidRename = "E0029", Error, "a `(was ...)` remark names the entity itself, a name another entity claims, or an entity the PRD still declares" {
        explanation: "A remark `(was Customer)` right after an entity's name says the entity was called `Customer` in the PRD an app was generated from: `--update` then renames the table, keeping its rows, and the links of other entities follow it, instead of dropping one table and making another. The old name must differ from the new one, only one entity can have been `Customer`, and an entity the PRD still declares under that name cannot also be the renamed one. Write the remark once, after the new name, with the name the entity had; remove it when no app generated from the older PRD is left to update.",
        wrong: r#"## Entities
- Client (was Customer): name (string)
- Buyer (was Customer): email (email)"#,
        right: r#"## Entities
- Client (was Customer): name (string)
- Buyer: email (email)"#,
    }
    RequiredWithoutDefault = "E0030", Error, "an update adds a required field without a default to a table that has rows" {
        explanation: "When `--update` brings an app to a changed PRD, the rows already in a table stay. A field added as required needs a value in each of them, and the PRD gives none. Give the field a `default=` (the migration fills the rows with it), or make it optional; a new entity's required fields need nothing, since its table starts empty. The update writes nothing until the PRD says what to do. This is an update's check: the examples are the PRD the app was generated from, then the changed one.",
        wrong: r#"(the PRD the app was generated from)
## Entities
- Plot: code (string, required)
(the changed PRD)
## Entities
- Plot: code (string, required), area (integer, required)"#,
        right: r#"(the PRD the app was generated from)
## Entities
- Plot: code (string, required)
(the changed PRD)
## Entities
- Plot: code (string, required), area (integer, required, default=1)"#,
    }
    FieldDropped = "E0031", Error, "an update would drop a field and the values in its column" {
        explanation: "The changed PRD no longer declares a field the app has, so updating would drop its column and every value in it. That is done only when asked: run the update with `--allow-drop`. If the field was renamed rather than removed, say so with `was=old_name` among the new name's modifiers, and the column is renamed with its values. The diagnostic points at the entity the field belonged to. This is an update's check: the examples are the PRD the app was generated from, then the changed one.",
        wrong: r#"(the PRD the app was generated from)
## Entities
- Plot: code (string, required), size (integer)
(the changed PRD)
## Entities
- Plot: code (string, required), area (integer)"#,
        right: r#"(the PRD the app was generated from)
## Entities
- Plot: code (string, required), size (integer)
(the changed PRD)
## Entities
- Plot: code (string, required), area (integer, was=size)"#,
    }
    EntityDropped = "E0032", Error, "an update would drop an entity and the rows of its table" {
        explanation: "The changed PRD no longer declares an entity the app has, so updating would drop its table and every row in it. That is done only when asked: run the update with `--allow-drop`. If the entity was renamed rather than removed, write `(was OldName)` right after its new name (`### Client (was Customer)`, `- Client (was Customer): name (string)`): the table is renamed with its rows, and the links of other entities follow it. The diagnostic points at the entity declared where the old one was, or at the entity section. This is an update's check: the examples are the PRD the app was generated from, then the changed one.",
        wrong: r#"(the PRD the app was generated from)
## Entities
- Customer: name (string, required)
(the changed PRD)
## Entities
- Client: name (string, required)"#,
        right: r#"(the PRD the app was generated from)
## Entities
- Customer: name (string, required)
(the changed PRD)
## Entities
- Client (was Customer): name (string, required)"#,
    }
    LossyTypeChange = "E0033", Error, "an update changes a field's type in a way its values cannot follow" {
        explanation: "An update converts a column in place only when every value of the old type is a value of the new one: string, e-mail, URL or enumeration to text, an enumeration to string, an integer to a decimal (the migration checks that each value fits a decimal's 14 digits before the point). Other changes, such as text to integer, decimal to integer or a link that now points at another entity, would lose values or refuse them, so the update stops. Keep the old field, add a new one of the new type, copy the values over, then remove the old field with `--allow-drop`. This is an update's check: the examples are the PRD the app was generated from, then the changed one.",
        wrong: r#"(the PRD the app was generated from)
## Entities
- Plot: code (string, required), size (text)
(the changed PRD)
## Entities
- Plot: code (string, required), size (integer)"#,
        right: r#"(the PRD the app was generated from)
## Entities
- Plot: code (string, required), size (integer)
(the changed PRD)
## Entities
- Plot: code (string, required), size (decimal)"#,
    }
    ManagedFieldIgnored = "W0001", Warning, "a field the generated app provides itself is declared" {
        explanation: "Every entity automatically gets an `id`, a `created_at` and an `updated_at` field, filled in by the application. Declaring them in the PRD is harmless but has no effect, so the declaration is ignored and reported so that the PRD does not suggest otherwise. Remove the field from the PRD.",
        wrong: r#"## Entities
- Note: id (integer), body (text), created_at (datetime)"#,
        right: r#"## Entities
- Note: body (text)"#,
    }
    UnrecognisedLine = "W0002", Warning, "a list item in the entity section is not a declaration" {
        explanation: "Inside the entity section, the compiler reads list items as entity declarations. This item starts with a capital letter but is not shaped like one (`- Name: field (type), ...` or `- **Name**` followed by indented fields), so it is ignored. Remarks such as relationships between entities are welcome in the PRD, but outside the entity section, where they are read as prose.",
        wrong: r#"## Entities
- Task: title (string)
- Each Task belongs to a Project"#,
        right: r#"## Entities
- Task: title (string)

## Notes
Each task belongs to a project."#,
    }
    EntityWithoutFields = "W0003", Warning, "an entity declares no fields" {
        explanation: "An entity without fields still gets its table and its API, but the records can hold nothing except their id and timestamps, which is rarely what was meant. Often the fields were written at the wrong indentation and were read as something else. Add the fields on the entity's line, or as list items indented under it.",
        wrong: r#"## Entities
- **Tag**"#,
        right: r#"## Entities
- **Tag**
  - label: string (required)"#,
    }
    StoryWithoutEntity = "W0004", Warning, "a user story names none of the entities" {
        explanation: "Each user story is linked to the entities it mentions, singular or plural, in any case, and the links appear in the generated ARCHITECTURE.md as a traceability table from stories to endpoints. A story that names no entity cannot be traced to anything the application stores: either it uses another word for an entity (`tickets` when the entity is `Issue`), or it describes something the entity list is missing. Reword the story with the entity's name, or add the missing entity.",
        wrong: r#"## Entities
- Issue: title (string, required)

## User Stories
- As a reporter, I want to file tickets so that bugs get fixed."#,
        right: r#"## Entities
- Issue: title (string, required)

## User Stories
- As a reporter, I want to file issues so that bugs get fixed."#,
    }
    MalformedStory = "W0005", Warning, "a line looks like a user story but does not follow its shape" {
        explanation: "User stories are read from lines of the shape `As a <role>, I want <goal> so that <benefit>.`, with the words `I want` (the comma after the role may be left out). This line starts like a story but differs from that shape, for example with `I would like` or `I need` instead of `I want`, so it is not read as a story and would be missing from the generated documentation. When the fix is mechanical, such as `I would like` for `I want`, `check --fix` applies it.",
        wrong: r#"- As a user I need to export my projects.
- As an admin, I would like to archive projects."#,
        right: r#"- As a user I want to export my projects.
- As an admin, I want to archive projects."#,
    }
    EmbeddedPartNotRead = "W0006", Warning, "a part of a schema embedded in the PRD has no equivalent and is not read" {
        explanation: "Fenced SQL, Prisma, TypeScript and Mermaid schemas, JSON examples and ASCII trees in the data model are read as entity declarations. A part of such a block that the language cannot express is reported here and left out: a rule such as `ON DELETE CASCADE` (the app refuses to delete a row that a required link points at, and clears an optional link), a default the database computes (`now()`), an index (the app indexes its links and unique fields), a type with no equivalent, an option such as `@map`, a statement other than a table, a model or an enumeration, a member of a JSON example that is no list of objects (or the rest of an example from where it stops being JSON), and a remark or nested records in a tree. Nothing else in the block changes; remove the part, or write it in the language's own words if it has an equivalent.",
        wrong: r#"## Data Model
```sql
CREATE TABLE shelves (label VARCHAR(40) NOT NULL, stocked_on DATE DEFAULT now());
```"#,
        right: r#"## Data Model
```sql
CREATE TABLE shelves (label VARCHAR(40) NOT NULL, stocked_on DATE);
```"#,
    }
    ManyToManyRelationship = "W0007", Warning, "a relationship in the data model is many-to-many" {
        explanation: "A link goes from one row to one row of another entity: read from a Relationships block or a diagram, a one-to-many relationship becomes a link on the many side. A many-to-many relationship needs an entity of its own that links to both sides, so nothing is generated for it, and this warning says so. Declare the joining entity, with a link to each side.",
        wrong: r#"## Data Model
- Course: title (string)
- Student: name (string)

### Relationships
- A Course has many Students and a Student has many Courses"#,
        right: r#"## Data Model
- Course: title (string)
- Student: name (string)
- Enrolment: course (Course, required), student (Student, required)"#,
    }
    RelationshipNotRead = "W0008", Warning, "a relationship in the data model is not read" {
        explanation: "Lines in a Relationships block are read as relationships between entities: `A Project has many Tasks`, `Each Task belongs to one Project`, `Task -> Project (many-to-one)` or `Project 1--* Task`. This line names something that is no entity of the data model, or has a shape none of these has, so no link is generated from it. Name the entities as the data model declares them, or write the link as a field of the entity on the many side.",
        wrong: r#"## Data Model
- Shelf: label (string)

### Relationships
- A Shelf has many Boxes"#,
        right: r#"## Data Model
- Shelf: label (string)
- Box: size (integer)

### Relationships
- A Shelf has many Boxes"#,
    }
    PrivilegeField = "W0010", Warning, "a profile field that grants privileges is read-only for the user" {
        explanation: "The fields of the account entity (`User`) become the account's profile, which each user changes through `PATCH /api/auth/me`. A field whose name speaks of privileges (`role`, `is_admin`, `is_staff`, `is_superuser`, `permissions`, `access_level`, ...) must not be set by the user it describes, or anyone could make themselves an administrator. Such a field is shown in the profile but left out of the update; its value is the default until something other than the user sets it. Rename the field if users may set it themselves.",
        wrong: r#"## Entities
- User: display_name (string), role (enum: member | admin, default=member)"#,
        right: r#"## Entities
- User: display_name (string), theme (enum: light | dark, default=light)"#,
    }
    RemarkNotRead = "W0011", Warning, "a word after a field's type remarks on it and is not read" {
        explanation: "Some PRDs write a remark among a field's modifiers: `mobile (TEXT, validated)`, `secret (string, encrypted)`. The words `validated`, `encrypted`, `hashed`, `sanitized`, `trimmed` and `normalized` declare nothing the app does: it checks a value's type, its limits (`min=`, `max=`) and its pattern (`pattern=`), and stores it as sent. Such a word is not read, and this warning says so, since the app does not do what it says. So is `unique` on a field of a table of accounts written as a schema (`users:` over `username (VARCHAR UNIQUE)`): its fields become the account's profile, which cannot be unique (E0028). To check a value's form, write a `pattern=`; otherwise put the remark in a description after a dash.",
        wrong: r#"## Entities
- **Contact**
  - mobile: string (validated)"#,
        right: r#"## Entities
- **Contact**
  - mobile: string (pattern="^[0-9 +]{7,20}$") - checked when saved"#,
    }
    UnknownRename = "W0012", Warning, "a `(was ...)` remark names an entity the app being updated does not have" {
        explanation: "A remark `(was Customer)` after an entity's name asks `--update` to rename the app's entity `Customer`. The app has no entity of that name (nor one of the new name), so nothing is renamed: the entity is made as a new, empty table, and if the old entity is still in the app under another name, it is dropped only with `--allow-drop`. Check the old name against the names in the app's GENOME.json, or remove the remark if the entity is new. This is an update's check: the examples are the PRD the app was generated from, then the changed one.",
        wrong: r#"(the PRD the app was generated from)
## Entities
- Plot: code (string, required)
(the changed PRD)
## Entities
- Plot: code (string, required)
- Bed (was Patch): row (integer)"#,
        right: r#"(the PRD the app was generated from)
## Entities
- Plot: code (string, required)
(the changed PRD)
## Entities
- Plot: code (string, required)
- Bed: row (integer)"#,
    }
    ForeignKeyUnresolved = "W0013", Warning, "a field said to be a foreign key names no entity" {
        explanation: "A schema written in prose often marks a column as a foreign key without naming its table: `owner_id (INTEGER FOREIGN KEY)`. Such a field is the link to the entity its name names, without `_id` (`owner_id` beside an entity `Owner` is the link `owner: Owner`, note N0012). When no entity of the PRD has that name, there is nothing to link to: the field keeps its type (an integer column, checked like any other), and `FOREIGN KEY` is not read, which this warning says. Declare the entity it points at, or write the link with the entity's name, or remove the words.",
        wrong: r#"## Entities
- Visit: vet_id (integer foreign key), notes (text)"#,
        right: r#"## Entities
- Vet: name (string)
- Visit: vet_id (integer foreign key), notes (text)"#,
    }
    FieldWithoutListMarker = "W0020", Warning, "a line under an entity reads like a field but is not a list item" {
        explanation: "Under an entity, fields are list items (`- title: string`) or the rows of a field table. This line reads like a field declaration but has no list marker, so it is taken for prose and the entity does not get the field. Put `- ` in front of it (`check --fix` does), or rewrite it as a sentence if it is a remark.",
        wrong: r#"## Entities

### Parcel
weight_grams: integer (required)"#,
        right: r#"## Entities

### Parcel
- weight_grams: integer (required)"#,
    }
    BuiltInColumn = "N0001", Note, "a column of an embedded schema is one every app has" {
        explanation: "Every generated entity has an `id`, a `created_at` and an `updated_at` column, and every row belongs to the signed-in user. When a schema embedded in the PRD declares one of them (a primary key, a creation time, a `user_id` or a link to the users), the column is the app's own and is not declared again. This is a note, not a problem: nothing needs to change.",
        wrong: r#"```sql
CREATE TABLE notes (id UUID PRIMARY KEY, body TEXT NOT NULL);
```"#,
        right: r#"```sql
CREATE TABLE notes (body TEXT NOT NULL);
```"#,
    }
    EmbeddedRename = "N0002", Note, "a name in an embedded schema is renamed to the language's form" {
        explanation: "Entity names are singular capitalised identifiers and field names lower snake_case. A table, model or interface named in another form (`bookings`, `LINE_ITEM`) becomes an entity of the singular capitalised name (`Booking`, `LineItem`), and a camelCase column (`startTime`) a snake_case field (`start_time`). This note shows each renaming, so the name in the app can be found in the PRD.",
        wrong: r#"```sql
CREATE TABLE bookings (startTime TIMESTAMP NOT NULL);
```"#,
        right: r#"```sql
CREATE TABLE Booking (start_time TIMESTAMP NOT NULL);
```"#,
    }
    BlockSkipped = "N0003", Note, "a block of the data model declares no entity and is skipped" {
        explanation: "A data model often holds more than declarations: business rules, indexes, validation, permissions, notes, or a code block with a diagram or an example. Such a block, under a heading or a bold label of its own, is read as prose and never as an entity; a code block in the data model that is no SQL, Prisma, TypeScript or Mermaid schema, JSON example or ASCII tree is skipped too. This note says where each skipped block is. Relationships and Enums blocks are read: see W0007 and W0008.",
        wrong: r#"## Data Model
- Booking: starts_at (datetime, required)

### Business Rules
- A booking cannot overlap another"#,
        right: r#"## Data Model
- Booking: starts_at (datetime, required)

## Business Rules
- A booking cannot overlap another"#,
    }
    InverseLink = "N0004", Note, "a list of linked rows in an embedded schema is the other side of a link" {
        explanation: "A Prisma or TypeScript declaration often lists the rows that link to it (`tasks Task[]`). The link itself is declared by the other entity (`project Project`), which the app reads, and the list is what `GET /api/tasks?project_id=...` returns; so the list is not a field. This note names the link it stands for.",
        wrong: r#"```prisma
model Project {
  tasks Task[]
}
```"#,
        right: r#"```prisma
model Project {
  name String
}
```"#,
    }
    EntityRenamed = "N0010", Note, "an entity is read under another name: singular, or capitalised" {
        explanation: "Entity names are capitalised and singular (`Booking`): the app derives its table, its module and its plural routes (`/api/bookings`) from them. A heading or a bold name written in the plural (`### Bookings`, `**Members**`) or in lower case (`**customers**`, `### order_items`) is read under the entity name it stands for, and this note says so. Links written with the old name (`(Bookings)`) follow the entity. Write the singular, capitalised name to make the note go away.",
        wrong: r#"## Data Model
### Bookings
- nights: integer"#,
        right: r#"## Data Model
### Booking
- nights: integer"#,
    }
    AccountField = "N0011", Note, "a field of the account entity is the built-in account's own" {
        explanation: "Every generated app has accounts: an id, an e-mail address (the login) and a password, stored as an Argon2id hash. An entity named `User` or `Users` (or `Account` or `Member` when it declares an e-mail address or a password) describes those accounts, so its `id`, `email`, `password` and `password_hash` fields are the built-in account's, and the rest of its fields become the account's profile. The note says which fields were taken as the account's; remove them from the entity to say nothing twice.",
        wrong: r#"## Entities
- User: email (email), password (string), nickname (string)"#,
        right: r#"## Entities
- User: nickname (string)"#,
    }
    LinkRead = "N0012", Note, "a field written as a foreign key is read as a link" {
        explanation: "A link to another entity is written with the entity's name as the type: `customer: Customer`, whose column is `customer_id`. A field written as a database foreign key says the same: `customer_id (uuid, FK to customers)`, `customer_id: uuid, references customers(id)`, `customer_id (FK → Customer)`, or a field `customer_id` of type `uuid` or `integer` beside an entity `Customer`. It is read as the link `customer` to `Customer`, with this note; the table's name (`customers`) may stand for the entity. Write the link with the entity's name to make the note go away.",
        wrong: r#"## Entities
- Customer: name (string)
- Booking: customer_id (uuid, FK to customers), nights (integer)"#,
        right: r#"## Entities
- Customer: name (string)
- Booking: customer (Customer), nights (integer)"#,
    }
    TypeInferred = "N0013", Note, "a field written without a type gets one from its name" {
        explanation: "A field is declared with its type: `amount: decimal`. A field written with its name alone (`- amount`, `- amount:`), or with a description where the type goes (`- amount: what the order cost`, several words, the first of them capitalised or not a type word), gets its type from its name by a fixed table, tried in this order: a name that names an entity, alone or before `_id` (`shelf` or `shelf_id` beside `Shelf`), is a link to it, named without `_id`; `id` is `uuid`; any other name ending in `_id` is `string`; `*_at`, `*_time` and `timestamp` are `datetime`; `date`, `*date`, `*_on` and `dob` are `date`; `amount`, `price`, `total`, `cost`, `balance` and `fee` (alone or last, `unit_price`) are `decimal`; `email` and `*_email` are `email`; `url`, `*_url`, `link` and `website` are `url`; `is_*`, `has_*` and `*_enabled` are `boolean`; `count`, `quantity`, `age`, `number_of_*`, `times_*` and `*_count` are `integer`, and so are `order`, `sort_order`, `position`, `rank`, `streak` and `*_streak`; `description`, `notes`, `comment`, `body` and `content` are `text`; any other name is `string`. The name is read in snake_case (`createdAt` is `created_at`). Each inference is this note, which names the type chosen; write the type to make it go away.",
        wrong: r#"## Entities
- **Parcel**
  - quantity
  - shipped_on: the day it left the depot"#,
        right: r#"## Entities
- **Parcel**
  - quantity: integer
  - shipped_on: date - the day it left the depot"#,
    }
    DefaultRead = "N0014", Note, "a default written without `=` is read as `default=`" {
        explanation: "A default is written `default=VALUE`. A modifier of two words, `default` and a value that suits the field's type (`default TRUE` on a boolean, `default 0` on an integer), says the same, and is read as `default=VALUE` with this note. Longer wordings (`defaults to false`) and values that do not suit the type are errors (E0013) that name the keyed form.",
        wrong: r#"## Entities
- **Lamp**
  - lit: boolean (default TRUE)"#,
        right: r#"## Entities
- **Lamp**
  - lit: boolean (default=true)"#,
    }
    ExampleType = "N0015", Note, "a field of a JSON example gets its type from its example value" {
        explanation: "A data model may be a JSON example document in a fenced block named `json`: each member of the top-level object whose value is a list of objects declares an entity, named by the member's name in the singular (`shelves` is `Shelf`), with a field for each key of its objects. A field's type is read from the example value, by this table: a string of the form `2024-05-01` is `date`, one that goes on with a time (`2024-05-01T09:30`) `datetime`, a string with an `@` and no space `email`, one that starts with `http://` or `https://` `url`, any other string `string`; a whole number is `integer`, a number with a fraction or an exponent `decimal`; `true` and `false` are `boolean`; a list or an object is `json`. A `null` value, and a key ending in `_id` or `Id`, get their type from the name instead (N0013). Each reading is this note; write the entity in the language's own form to make it go away.",
        wrong: r#"## Data Model
```json
{ "shelves": [ { "label": "A3", "stocked_on": "2024-05-01" } ] }
```"#,
        right: r#"## Data Model
### Shelf
- label: string
- stocked_on: date"#,
    }
    ProseSkipped = "N0030", Note, "prose inside an entity section is read as prose" {
        explanation: "Inside an entity section, the compiler reads entity declarations, their fields (list items or table rows), unique groups and user stories. A paragraph that is none of these, such as a sentence describing an entity, is prose: it is kept for people and declares nothing. This note says where such a paragraph is, so that nothing in the data model is dropped without a word; if the paragraph was meant to declare fields, write them as list items under the entity.",
        wrong: r#"## Entities

### Shelf
Shelves hold books and have a label such as A3.
- label: string (required)"#,
        right: r#"## Entities

### Shelf
- label: string (required) - such as A3; shelves hold books"#,
    }
    AppNameChosen = "N0031", Note, "the application's name is taken from somewhere else than the title" {
        explanation: "The application is named after the document's title, the first level-1 heading. A title made only of generic words (`Product Requirements Document`, `PRD`, `Spec`, `Requirements`, `Technical Specification`, with numbers or emoji) names no product, so the compiler looks further, in this order: the title's other words (`# PRD: Cookbook` is Cookbook), a `Product name:` or `Name:` line, the first level-2 heading, and last the file's name (not when reading standard input). The note says where the name came from; to choose it yourself, write it as the title.",
        wrong: r#"# Product Requirements Document

## Overview
..."#,
        right: r#"# Cookbook

## Overview
..."#,
    }
}

/// One row of the code table.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: Code,
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// What the problem is and what to write instead, in plain words.
    pub explanation: &'static str,
    /// A PRD snippet with the problem.
    pub wrong: &'static str,
    /// The same snippet, corrected.
    pub right: &'static str,
}

impl Code {
    /// Whether the code is an update's: it compares an app with
    /// a changed PRD, so no PRD alone reports it, and its examples
    /// are two PRDs, the app's and the changed one.
    pub const fn needs_an_app(self) -> bool {
        matches!(
            self,
            Code::RequiredWithoutDefault
                | Code::FieldDropped
                | Code::EntityDropped
                | Code::LossyTypeChange
                | Code::UnknownRename
        )
    }

    /// Looks a code up by its written form, ignoring case and accepting a
    /// short number (`e3` is `E0003`).
    pub fn parse(text: &str) -> Option<Code> {
        let wanted = normalise(text)?;
        CODES
            .iter()
            .find(|info| info.id == wanted)
            .map(|info| info.code)
    }

    /// The code closest to `text`, for a "did you mean" when `parse` finds
    /// none: one edit away once normalised.
    pub fn closest(text: &str) -> Option<Code> {
        let wanted = normalise(text).unwrap_or_else(|| text.trim().to_ascii_uppercase());
        CODES
            .iter()
            .map(|info| (crate::spelling::edit_distance(&wanted, info.id), info))
            .filter(|(distance, _)| *distance <= 1)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, info)| info.code)
    }

    pub fn info(self) -> &'static CodeInfo {
        // Every variant has its row, in the same order as the enum.
        &CODES[self as usize]
    }
}

/// `e3`, `E03`, `E0003` all become `E0003`; anything that is not a code's letter
/// followed by at most four digits is `None`.
fn normalise(text: &str) -> Option<String> {
    let text = text.trim();
    let mut chars = text.chars();
    let letter = chars.next()?.to_ascii_uppercase();
    let digits = chars.as_str();
    if !matches!(letter, 'E' | 'W' | 'N')
        || digits.is_empty()
        || digits.len() > 4
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(format!("{letter}{digits:0>4}"))
}

/// The explanation of one code, as `microcodegen explain` prints it.
pub fn explain(info: &CodeInfo) -> String {
    let severity = super::render::severity_word(info.severity);
    format!(
        "{id} ({severity}): {summary}\n\n{explanation}\n\nWrong:\n\n{wrong}\n\nRight:\n\n{right}\n",
        id = info.id,
        summary = info.summary,
        explanation = info.explanation,
        wrong = indent(info.wrong),
        right = indent(info.right),
    )
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// docs/diagnostics.md, generated from the table; a test checks that the
/// file in the repository is exactly this.
pub fn markdown_reference() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         <!-- Generated from src/diagnostics/codes.rs; do not edit by hand. Regenerate with `UPDATE_DOCS=1 cargo test --test diagnostics`. -->\n\n\
         Every problem microcodegen reports has a stable code: `E` codes are errors, which stop the application from being generated, `W` codes are warnings, which do not (unless `--deny-warnings` is given), and `N` codes are notes, which say how the compiler read something (an inference, a name it chose, a block it skipped as prose) and never fail a run; `check --verbose` shows them.\n\
         `microcodegen explain CODE` prints the entry for one code.\n\n\
         | Code | Severity | Summary |\n| --- | --- | --- |\n",
    );
    for info in CODES {
        let severity = super::render::severity_word(info.severity);
        out.push_str(&format!(
            "| [{id}](#{anchor}) | {severity} | {summary} |\n",
            id = info.id,
            anchor = info.id.to_ascii_lowercase(),
            summary = info.summary.replace('|', "\\|"),
        ));
    }
    for info in CODES {
        out.push_str(&format!(
            "\n## {id}\n\n**{summary}**\n\n{explanation}\n\nWrong:\n\n```markdown\n{wrong}\n```\n\nRight:\n\n```markdown\n{right}\n```\n",
            id = info.id,
            summary = capitalise(info.summary),
            explanation = info.explanation,
            wrong = info.wrong,
            right = info.right,
        ));
    }
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_enum_and_codes_are_unique() {
        for (index, info) in CODES.iter().enumerate() {
            assert_eq!(info.code as usize, index, "{}", info.id);
            assert_eq!(info.code.info().id, info.id);
            let prefix = match info.severity {
                Severity::Error => 'E',
                Severity::Warning => 'W',
                Severity::Note => 'N',
            };
            assert!(info.id.starts_with(prefix), "{}", info.id);
            assert!(info.explanation.len() > 150, "{} is too short", info.id);
            assert_ne!(info.wrong, info.right, "{}", info.id);
        }
    }

    #[test]
    fn codes_parse_loosely_and_suggest_near_misses() {
        assert_eq!(Code::parse("e3"), Some(Code::UnknownType));
        assert_eq!(Code::parse(" E0003 "), Some(Code::UnknownType));
        assert_eq!(Code::parse("w0001"), Some(Code::ManagedFieldIgnored));
        assert_eq!(Code::parse("E9999"), None);
        assert_eq!(Code::parse("E00003"), None);
        assert_eq!(Code::parse("X0003"), None);
        assert_eq!(Code::closest("E0900"), None);
        assert_eq!(Code::closest("E0019"), Some(Code::UnknownEntity));
        assert_eq!(Code::closest("w0004x"), Some(Code::StoryWithoutEntity));
        assert_eq!(Code::closest("W0099"), None);
    }
}
