//! `check --fix` never makes a PRD worse: after its suggestions are
//! applied, no error code appears that was not reported before, and there
//! are no more errors than before. Checked on every case under
//! `tests/data`, and on documents made of the notations people write for
//! data models (section headings, entity lines, field lines and tables,
//! schemas in fences, plain-text pastes), in any order and combination.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;

use microcodegen::analyze;
use microcodegen::diagnostics::{Severity, apply_suggestions};

/// The error codes of a document, and how many errors it has.
fn errors(source: &str) -> (BTreeSet<String>, usize) {
    let analysis = analyze(source.as_bytes());
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    (
        errors.iter().map(|d| format!("{:?}", d.code)).collect(),
        errors.len(),
    )
}

/// What is wrong with `source` once fixed, if the fix made it worse.
fn made_worse(source: &str) -> Option<String> {
    let analysis = analyze(source.as_bytes());
    let (fixed, applied) = apply_suggestions(source, &analysis.diagnostics);
    if applied == 0 {
        return None;
    }
    let (codes_before, count_before) = errors(source);
    let (codes_after, count_after) = errors(&fixed);
    let new_codes: Vec<_> = codes_after.difference(&codes_before).collect();
    (!new_codes.is_empty() || count_after > count_before).then(|| {
        format!(
            "before ({count_before} errors, {codes_before:?}):\n{source}\nafter ({count_after} errors, {codes_after:?}):\n{fixed}"
        )
    })
}

#[test]
fn fixing_a_case_never_makes_it_worse() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut checked = 0;
    for kind in ["ok", "err"] {
        for entry in std::fs::read_dir(data.join(kind)).expect("tests/data is readable") {
            let input = entry.expect("an entry").path().join("input.md");
            let Ok(source) = std::fs::read_to_string(&input) else {
                continue;
            };
            checked += 1;
            if let Some(problem) = made_worse(&source) {
                panic!("{}:\n{problem}", input.display());
            }
        }
    }
    assert!(checked > 50, "only {checked} cases were read");
}

const SECTION_HEADINGS: &[&str] = &[
    "## Data Model",
    "## 🗂️ Key Entities (core)",
    "### 4. Database Schema",
    "## Entites",
    "## Entity",
    "# Models",
    "Entities:",
];

const ENTITY_LINES: &[&str] = &[
    "### Order",
    "### 8.2 Workout",
    "#### Invoice",
    "- **Member**",
    "**Booking**",
    "- Recipe: title (string, required)",
    "### Users",
    "### order_line",
    "- order-line: qty (integer)",
    "### Bookings",
    "**customers**",
    "- **walk_logs:**",
    "### groomers",
    "**feeding-slots**",
    "Class Trainer:",
    "Entity: Harness",
    "Main entity: Boarding",
    "### Sitter(s)",
    "**Dog** — the animals we board",
    "**Walk** one outing with the dogs",
    "*Kennel* where the dogs sleep at night",
    "**Work-item** one step of the job",
    "**Invoice** sent",
    "**Status** string",
    "### Accounts",
    "### Order",
    "patients:",
    "### bids (offers on a lot)",
    "- **Expense**: money spent on a trip",
    "1. **Loans (Entity):** Money lent. Columns: loan_id, amount, user_id, order_id (Foreign Key), tier (ENUM: A, B), etc.",
    "**Members (Table):** People who borrow. Columns: member_id, email, dob (Unique, Indexed)",
];

const FIELD_LINES: &[&str] = &[
    "- title: string, max 100 chars",
    "- blurb: text, up to 400 characters",
    "- qty: integer, > 0",
    "- price: decimal, > 0",
    "- paid: boolean, default false",
    "- state: string, defaults to \"draft\"",
    "- ratio: float, at least 0.5",
    "- weight: integer, min 0",
    "- flag: boolean, default maybe",
    "- code (PK)",
    "- batch (string, primary key)",
    "- id (uuid, PK)",
    "- id",
    "- created_at: timestamp",
    "- note: nullable",
    "- day: monday",
    "- total: number",
    "- crumb: strng",
    "- count: integr",
    "- status: enum: draft, paid, sent",
    "- shape (enum: round, long, required)",
    "- tier: enum: gold | silver",
    "- userId: string",
    "- firstName: string",
    "- first name: string",
    "- owner: User",
    "- project: Project",
    "- parent: Order",
    "- kind (enum(a, b), default=c)",
    "- size (integer, min=5, max 2)",
    "- label (string, unique, not unique)",
    "- body: text (requird)",
    "  - nested: string",
    "- customer_id (uuid, FK to customers)",
    "- order_id: uuid, references orders(id)",
    "- booking_id (integer)",
    "- walk_id (uuid, FK to walks)",
    "- email: email",
    "- password: string",
    "- role: enum(member, admin), default=member",
    "- is_admin (boolean, default=FALSE)",
    "- user_id (uuid, FK to users)",
    // Fields without a type, named in words, in a sentence or a remark.
    "- amount",
    "- amount: what the order cost",
    "- Product name",
    "- Drawer ID, humidity level",
    "- Germination rate (measured each spring)",
    "- Harvest details (date, grower name)",
    "- Receipt reference",
    "- Each order belongs to one customer.",
    "- tags[]",
    "- done (boolean)",
    "- is_paid",
    "- habitId",
    // Field tables, with `→ table.id` links and Korean column names.
    "| Field | Type | Required |\n|---|---|---|\n| title | string | yes |\n| seller_id | → users.id | yes |\n| lot_id | → lots.id | no |",
    "| 컬럼 | 설명 | 타입/관계 |\n| ---- | ---- | ---- |\n| id | 고유 식별자 | UUID |\n| order_id | 주문 | → orders.id |\n| memo | 메모 | text |",
    "| 필드 | 타입 |\n|---|---|\n| label | text |\n| floor | int |",
];

/// Schemas in fences, read wherever a data model is written this way.
const SCHEMA_BLOCKS: &[&str] = &[
    "```sql\nCREATE TABLE orders (\n  id SERIAL PRIMARY KEY,\n  title VARCHAR(80) NOT NULL UNIQUE,\n  state TEXT CHECK (state IN ('open', 'shut')),\n  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE\n);\n```",
    "```prisma\nmodel Invoice {\n  id     Int     @id @default(autoincrement())\n  total  Decimal\n  order  Order   @relation(fields: [orderId], references: [id])\n  orderId Int\n  branch Branch  @relation(fields: [branchId], references: [id])\n  branchId Int\n  @@index([total])\n}\n```",
    "```typescript\ninterface Shipment {\n  id: string;\n  weight: number;\n  sentAt?: Date;\n  carrier: 'post' | 'courier';\n  tags: string[];\n}\n```",
    "```ts\nexport default defineSchema({\n  trips: defineTable({\n    name: v.string(),\n    ownerId: v.id(\"users\"),\n    budget: v.optional(v.number()),\n  }),\n});\n```",
    "```json\n{\n  \"items\": [{ \"id\": 1, \"label\": \"tea\", \"price\": 2.5, \"active\": true }],\n  \"days\": { \"2024-01-01\": true },\n  \"counts\": [1, 2]\n}\n```",
    "```\nShelf\n├── id\n├── label\n├── kind (wall | free)\n├── books[] { title, isbn }\n└── ...\n\nVisit\n|-- shelf_id\n`-- visited_at\n```",
    "```mermaid\nerDiagram\n  ORDER ||--o{ PARCEL : ships\n  PARCEL {\n    int id PK\n    string code\n  }\n```",
];

/// Plain-text pastes without Markdown: numbered titles open and end the
/// data model, entity and field names each on a line of their own.
const PASTES: &[&str] = &[
    "1. Summary\n\nA tool for habits.\n\n2. Data Model (first cut)\n\nHabit\n\nid\n\nname\n\norder\n\nuserId\n\nCheck\n\nhabitId\n\ndate\n\ndone (boolean)\n\n3. Screens\n\nA list of habits.\n",
    "1. Data Model\nPlant\nname\nwatered_on\nisIndoor\nRoom\nlabel\nplantId\nid (uuid)\n2. Later\n",
    "3. Data Model\n\nBook\ntitle\nfirst name\nprice: number\nnote: nullable\n\n4. Stories\n\nAs a reader, I want to borrow a book so that I can read it.\n",
];

fn document() -> impl Strategy<Value = String> {
    let entity = (
        prop::sample::select(ENTITY_LINES),
        prop::collection::vec(prop::sample::select(FIELD_LINES), 0..5),
    );
    let marked = (
        prop::sample::select(SECTION_HEADINGS),
        prop::collection::vec(entity, 1..4),
        prop::collection::vec(prop::sample::select(SCHEMA_BLOCKS), 0..3),
    )
        .prop_map(|(heading, entities, blocks)| {
            let mut lines = vec!["# Shop".to_string(), String::new(), heading.to_string()];
            for (entity, fields) in entities {
                lines.push(String::new());
                lines.push(entity.to_string());
                lines.extend(fields.iter().map(|field| field.to_string()));
            }
            for block in blocks {
                lines.push(String::new());
                lines.push(block.to_string());
            }
            lines.join("\n") + "\n"
        });
    // A paste, perhaps with some of the notations above after its model.
    let pasted = (
        prop::sample::select(PASTES),
        prop::collection::vec(prop::sample::select(FIELD_LINES), 0..3),
    )
        .prop_map(|(paste, fields)| {
            let mut text = paste.to_string();
            for field in fields {
                text.push_str(field);
                text.push('\n');
            }
            text
        });
    prop_oneof![4 => marked, 1 => pasted]
}

/// 400 documents by default; `PROPTEST_CASES` asks for more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn fixing_the_notations_never_makes_a_document_worse(source in document()) {
        if let Some(problem) = made_worse(&source) {
            prop_assert!(false, "{}", problem);
        }
    }
}
