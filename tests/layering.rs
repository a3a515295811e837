//! The dependency direction between the crate's top-level modules.
//!
//! ARCHITECTURE.md states it as a `layers` block: each line a module and the
//! modules it uses, each module using only those listed above it. This test
//! reads that block and every source file (parsed with `syn`, so nested
//! modules, `super::` chains and grouped imports resolve as the compiler
//! resolves them) and fails on any difference: an import the block does not
//! allow, a listed dependency the code no longer has, a module missing from
//! the block, or a block that is not in order.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The crate root (`src/lib.rs`): the library's public face, which calls the
/// stages in order.
const ROOT: &str = "lib";
/// The binary (`src/main.rs` and its `cli` module), above the library.
const BINARY: &str = "cli";

#[test]
fn modules_use_only_the_modules_listed_above_them() {
    let architecture = fs::read_to_string(manifest_dir().join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md is readable");
    let layers = Layers::parse(&architecture).unwrap_or_else(|problem| panic!("{problem}"));
    let uses = uses_in(&manifest_dir().join("src"));
    let problems = layers.compare(&uses);
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn a_module_that_uses_one_above_it_is_reported() {
    let layers = Layers::parse("```layers\nspan:\ngenome: span\n```\n").expect("a valid block");
    let mut uses = Uses::default();
    uses.record("genome", "span", "src/genome.rs:3");
    uses.record("span", "genome", "src/span.rs:7");
    let problems = layers.compare(&uses);
    assert!(
        problems.contains("`span` uses `genome` (src/span.rs:7)"),
        "{problems}"
    );
}

#[test]
fn a_cycle_cannot_be_written_into_the_block() {
    let problem = Layers::parse("```layers\nspan: genome\ngenome: span\n```\n")
        .expect_err("a module using one listed below it");
    assert!(problem.contains("`span` uses `genome`"), "{problem}");
}

#[test]
fn a_dependency_the_code_no_longer_has_is_reported() {
    let layers = Layers::parse("```layers\nspan:\ngenome: span\n```\n").expect("a valid block");
    let mut uses = Uses::default();
    uses.record("span", "span", "src/span.rs:1");
    uses.record("genome", "genome", "src/genome.rs:1");
    let problems = layers.compare(&uses);
    assert!(
        problems.contains("lists `genome: span`, but `genome` no longer uses `span`"),
        "{problems}"
    );
}

#[test]
fn nested_modules_and_grouped_imports_resolve_to_their_top_level_module() {
    let source = r#"
        use crate::{genome::Genome, span::Span};
        mod inner {
            mod deeper {
                use super::super::super::super::naming;
                use super::super::super::view::Helper;
            }
            fn f() { let _ = crate::cores::workers(); }
        }
        #[cfg(test)]
        mod tests {
            use super::*;
            fn g() { assert!(crate::analyze(b"").genome.is_none()); }
            fn h() { format!("{}", crate::lower::lower); }
        }
    "#;
    let mut uses = Uses::default();
    let file = syn::parse_file(source).expect("valid Rust");
    let mut visitor = UseVisitor {
        uses: &mut uses,
        file: "src/emit/view.rs",
        module: vec!["emit".to_string(), "view".to_string()],
        in_test: false,
        crate_name: "crate",
    };
    visitor.visit_file(&file);
    let used: BTreeSet<&str> = uses.by_module["emit"].keys().map(String::as_str).collect();
    assert_eq!(
        used,
        BTreeSet::from(["cores", "emit", "genome", "lower", "naming", "span"])
    );
    assert!(uses.root_from_tests.contains("emit"));
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `layers` block of ARCHITECTURE.md, in its order.
#[derive(Debug)]
struct Layers {
    order: Vec<String>,
    allowed: BTreeMap<String, BTreeSet<String>>,
}

impl Layers {
    fn parse(markdown: &str) -> Result<Layers, String> {
        let block = markdown
            .split("```layers\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .ok_or("ARCHITECTURE.md has no ```layers block")?;
        let mut layers = Layers {
            order: Vec::new(),
            allowed: BTreeMap::new(),
        };
        for line in block.lines().filter(|line| !line.trim().is_empty()) {
            let (module, deps) = line
                .split_once(':')
                .ok_or_else(|| format!("a layers line is `module: uses...`, not `{line}`"))?;
            let module = module.trim().to_string();
            let deps: BTreeSet<String> = deps.split_whitespace().map(str::to_string).collect();
            for dep in &deps {
                if !layers.allowed.contains_key(dep) {
                    return Err(format!(
                        "ARCHITECTURE.md: `{module}` uses `{dep}`, which is not listed above it"
                    ));
                }
            }
            if layers.allowed.insert(module.clone(), deps).is_some() {
                return Err(format!("ARCHITECTURE.md lists `{module}` twice"));
            }
            layers.order.push(module);
        }
        Ok(layers)
    }

    /// Every difference between the block and the code, one per line.
    fn compare(&self, uses: &Uses) -> String {
        let mut problems = String::new();
        for (module, used) in &uses.by_module {
            let Some(allowed) = self.allowed.get(module) else {
                writeln!(
                    problems,
                    "the module `{module}` is not in the layers block of ARCHITECTURE.md"
                )
                .unwrap();
                continue;
            };
            for (dep, at) in used {
                if dep != module && !allowed.contains(dep) {
                    writeln!(
                        problems,
                        "`{module}` uses `{dep}` ({at}), which the layers block of ARCHITECTURE.md does not allow"
                    )
                    .unwrap();
                }
            }
        }
        for module in &self.order {
            for dep in &self.allowed[module] {
                let used = uses
                    .by_module
                    .get(module)
                    .is_some_and(|used| used.contains_key(dep));
                if !used {
                    writeln!(
                        problems,
                        "ARCHITECTURE.md lists `{module}: {dep}`, but `{module}` no longer uses `{dep}`"
                    )
                    .unwrap();
                }
            }
            if !uses.by_module.contains_key(module) {
                writeln!(
                    problems,
                    "ARCHITECTURE.md lists `{module}`, which is not a module of the crate"
                )
                .unwrap();
            }
        }
        problems
    }
}

/// Which top-level modules each top-level module uses, with the first place
/// it does so.
#[derive(Default)]
struct Uses {
    by_module: BTreeMap<String, BTreeMap<String, String>>,
    /// Modules whose test code calls the crate root (allowed).
    root_from_tests: BTreeSet<String>,
}

impl Uses {
    fn record(&mut self, module: &str, dep: &str, at: &str) {
        self.by_module
            .entry(module.to_string())
            .or_default()
            .entry(dep.to_string())
            .or_insert_with(|| at.to_string());
    }
}

/// Reads every `.rs` file under `src`.
fn uses_in(src: &Path) -> Uses {
    let mut uses = Uses::default();
    let mut files = Vec::new();
    collect_rust_files(src, &mut files);
    files.sort();
    for path in files {
        let relative = path.strip_prefix(src).expect("under src");
        let parts: Vec<String> = relative
            .with_extension("")
            .iter()
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        // `src/x/mod.rs` is the module `x`; `src/lib.rs` the crate root;
        // `src/main.rs` and `src/cli.rs` the binary.
        let mut module: Vec<String> = parts.into_iter().filter(|part| part != "mod").collect();
        let (crate_name, top) = match module.first().map(String::as_str) {
            Some("lib") => {
                module = vec![ROOT.to_string()];
                ("crate", ROOT.to_string())
            }
            Some("main" | "cli") => {
                module = vec![BINARY.to_string()];
                ("microcodegen", BINARY.to_string())
            }
            Some(top) => ("crate", top.to_string()),
            None => unreachable!("a file has a name"),
        };
        let text = fs::read_to_string(&path).expect("source is readable");
        let file =
            syn::parse_file(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let display = format!("src/{}", relative.display());
        // A module with no imports at all is still a module.
        uses.by_module.entry(top).or_default();
        UseVisitor {
            uses: &mut uses,
            file: &display,
            module,
            in_test: false,
            crate_name,
        }
        .visit_file(&file);
    }
    uses
}

fn collect_rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect_rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

struct UseVisitor<'a> {
    uses: &'a mut Uses,
    file: &'a str,
    /// The module path of the code being visited (file, then inline modules).
    module: Vec<String>,
    in_test: bool,
    /// How the code names the library: `crate` inside it, `microcodegen`
    /// in the binary.
    crate_name: &'static str,
}

impl UseVisitor<'_> {
    /// Records the top-level module a path starting with `segments` names.
    fn resolve(&mut self, segments: &[String], line: usize) {
        let from = self.module[0].clone();
        // Paths in the crate root are relative to it: `syntax::parse`.
        let mut module: Vec<String> = if from == ROOT {
            self.module[1..].to_vec()
        } else {
            self.module.clone()
        };
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some(name) if from == ROOT && module.is_empty() && is_module_name(name) => {}
            Some(name) if name == self.crate_name => {
                module.clear();
                rest = &rest[1..];
            }
            Some("super") => {
                while rest.first().is_some_and(|segment| segment == "super") {
                    module.pop();
                    rest = &rest[1..];
                }
            }
            Some("self") => rest = &rest[1..],
            // A path from a name in scope: its own `use` was recorded.
            _ => return,
        }
        let target = match (module.first(), rest.first()) {
            (Some(top), _) => top.clone(),
            (None, Some(next)) if next != "*" && is_module_name(next) => next.clone(),
            // An item of the crate root itself (`crate::analyze`).
            (None, _) => ROOT.to_string(),
        };
        // Test code may call the library as a whole.
        if target == ROOT && from != ROOT && from != BINARY && self.in_test {
            self.uses.root_from_tests.insert(from);
            return;
        }
        let at = format!("{}:{line}", self.file);
        self.uses.record(&from, &target, &at);
    }
}

/// Modules are lower snake_case; items of the root (`analyze`, `Analysis`)
/// are told apart by the crate's own layout, not guessed: a lowercase name
/// that is a file or folder under src/.
fn is_module_name(name: &str) -> bool {
    let src = manifest_dir().join("src");
    src.join(format!("{name}.rs")).is_file() || src.join(name).join("mod.rs").is_file()
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

fn flatten(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            flatten(&path.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(name) => {
            let mut path = prefix.clone();
            path.push(name.ident.to_string());
            out.push(path);
        }
        syn::UseTree::Rename(rename) => {
            let mut path = prefix.clone();
            path.push(rename.ident.to_string());
            out.push(path);
        }
        syn::UseTree::Glob(_) => {
            let mut path = prefix.clone();
            path.push("*".to_string());
            out.push(path);
        }
        syn::UseTree::Group(group) => {
            for item in &group.items {
                flatten(item, prefix, out);
            }
        }
    }
}

impl<'ast> Visit<'ast> for UseVisitor<'_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        let was_test = self.in_test;
        self.in_test |= is_cfg_test(&item.attrs);
        self.module.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.module.pop();
        self.in_test = was_test;
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        let was_test = self.in_test;
        self.in_test |= is_cfg_test(&item.attrs);
        syn::visit::visit_item_fn(self, item);
        self.in_test = was_test;
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let was_test = self.in_test;
        self.in_test |= is_cfg_test(&item.attrs);
        let mut paths = Vec::new();
        flatten(&item.tree, &mut Vec::new(), &mut paths);
        let line = item.use_token.span.start().line;
        for path in paths {
            self.resolve(&path, line);
        }
        self.in_test = was_test;
    }

    /// Macro arguments are tokens, not syntax trees: paths in them are found
    /// as runs of `name :: name`.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let mut tokens = Vec::new();
        flatten_tokens(mac.tokens.clone(), &mut tokens);
        let mut i = 0;
        while i < tokens.len() {
            let mut segments = Vec::new();
            let mut j = i;
            let mut line = 0;
            while let Some(proc_macro2::TokenTree::Ident(ident)) = tokens.get(j) {
                if segments.is_empty() {
                    line = ident.span().start().line;
                }
                segments.push(ident.to_string());
                if is_path_separator(&tokens, j + 1) {
                    j += 3;
                } else {
                    j += 1;
                    break;
                }
            }
            if segments.len() > 1 {
                self.resolve(&segments, line);
            }
            i = j.max(i + 1);
        }
        syn::visit::visit_macro(self, mac);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        if segments.len() > 1 {
            let line = path
                .segments
                .first()
                .map_or(0, |segment| segment.ident.span().start().line);
            self.resolve(&segments, line);
        }
        syn::visit::visit_path(self, path);
    }
}

/// Every token of a stream, groups opened.
fn flatten_tokens(stream: proc_macro2::TokenStream, out: &mut Vec<proc_macro2::TokenTree>) {
    for token in stream {
        match token {
            proc_macro2::TokenTree::Group(group) => flatten_tokens(group.stream(), out),
            other => out.push(other),
        }
    }
}

/// Whether `tokens[at..]` starts with `::`.
fn is_path_separator(tokens: &[proc_macro2::TokenTree], at: usize) -> bool {
    let colon = |token: Option<&proc_macro2::TokenTree>| matches!(token, Some(proc_macro2::TokenTree::Punct(punct)) if punct.as_char() == ':');
    colon(tokens.get(at)) && colon(tokens.get(at + 1))
}
