//! Links between entities: no circle of required links, and no required
//! link of an entity to itself.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::genome::Entity;
use crate::problems::LowerProblem;
use crate::span::Span;
use crate::syntax::Prd;

/// Required links between different entities must not go round in a
/// circle (no row of the circle could be created first), and a link to the
/// entity's own rows must be optional. A circle with an optional link in it
/// is allowed: its rows are created with that link empty, and it is set
/// once the row it points at exists.
pub(super) fn check_reference_cycles(
    prd: &Prd,
    entities: &mut [Entity],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let type_spans: HashMap<Span, Span> = prd
        .entity_sections
        .iter()
        .flat_map(|s| &s.entities)
        .flat_map(|e| &e.fields)
        .map(|f| (f.span, f.type_name.span))
        .collect();
    let type_span = |origin: Span| type_spans.get(&origin).copied().unwrap_or(origin);
    // A required link from one entity to another closes a circle of
    // required links exactly when both lie in the same strongly connected
    // component of the graph of required links.
    let component = required_link_components(entities);
    let mut bad: HashSet<(usize, &str)> = HashSet::new();
    for (at, entity) in entities.iter().enumerate() {
        for field in &entity.fields {
            let Some(reference) = &field.reference else {
                continue;
            };
            if reference.entity == entity.name {
                if field.required {
                    diagnostics.push(
                        LowerProblem::RequiredSelfLink {
                            span: type_span(field.origin),
                            field: &field.name,
                            entity: &entity.name,
                            label: &entity.label,
                        }
                        .into(),
                    );
                    bad.insert((at, &field.name));
                }
                continue;
            }
            if field.required
                && component.get(reference.entity.as_str()) == component.get(entity.name.as_str())
            {
                diagnostics.push(
                    LowerProblem::LinkCycle {
                        span: type_span(field.origin),
                        field: &field.name,
                        from: &entity.name,
                        to: &reference.entity,
                    }
                    .into(),
                );
                bad.insert((at, &field.name));
            }
        }
    }
    if !bad.is_empty() {
        let bad: HashSet<(usize, String)> = bad
            .into_iter()
            .map(|(at, name)| (at, name.to_string()))
            .collect();
        for (at, entity) in entities.iter_mut().enumerate() {
            entity
                .fields
                .retain(|f| !bad.contains(&(at, f.name.clone())));
        }
    }
}

/// The strongly connected component of every entity in the graph of
/// required links between different entities, by name (Tarjan's algorithm, iterative, so
/// a long chain of links cannot overflow the stack): linear in entities
/// and links.
fn required_link_components(entities: &[Entity]) -> HashMap<&str, usize> {
    let mut index_of: HashMap<&str, usize> = HashMap::with_capacity(entities.len());
    for (at, entity) in entities.iter().enumerate() {
        index_of.entry(entity.name.as_str()).or_insert(at);
    }
    let links: Vec<Vec<usize>> = entities
        .iter()
        .map(|entity| {
            entity
                .fields
                .iter()
                .filter(|f| f.required)
                .filter_map(|f| f.reference.as_ref())
                .filter(|r| r.entity != entity.name)
                .filter_map(|r| index_of.get(r.entity.as_str()).copied())
                .collect()
        })
        .collect();

    const UNVISITED: usize = usize::MAX;
    let count = entities.len();
    let mut order = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    // Each frame: a node and how many of its links have been followed.
    let mut frames: Vec<(usize, usize)> = Vec::new();
    for root in 0..count {
        if order[root] != UNVISITED {
            continue;
        }
        frames.push((root, 0));
        while let Some(&mut (node, ref mut followed)) = frames.last_mut() {
            if *followed == 0 && order[node] == UNVISITED {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = links[node].get(*followed) {
                *followed += 1;
                if order[next] == UNVISITED {
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    index_of
        .into_iter()
        .map(|(name, at)| (name, component[at]))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Code;

    /// The messages of the E0025 diagnostics of a PRD.
    fn cycles(prd: &str) -> Vec<String> {
        crate::analyze(prd.as_bytes())
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::ReferenceCycle)
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn only_required_links_inside_a_circle_of_required_links_are_refused() {
        let prd = "# Loops\n\n## Entities\n\n\
            - Alpha: beta (Beta, required), delta (Delta, required), back (Gamma, optional)\n\
            - Beta: gamma (Gamma, required)\n\
            - Gamma: alpha (Alpha, required), gamma (Gamma, optional)\n\
            - Delta: epsilon (Epsilon, required)\n\
            - Epsilon: name (string)\n";
        assert_eq!(
            cycles(prd),
            [
                "the required link `beta` from `Alpha` to `Beta` closes a circle of required links",
                "the required link `gamma` from `Beta` to `Gamma` closes a circle of required links",
                "the required link `alpha` from `Gamma` to `Alpha` closes a circle of required links",
            ]
        );
    }

    #[test]
    fn a_circle_with_an_optional_link_is_allowed() {
        let prd = "# League\n\n## Entities\n\n\
            - Team: captain (Player, optional)\n\
            - Player: team (Team, required), coach (Coach, required)\n\
            - Coach: favourite (Team), mentor (Coach)\n";
        let analysis = crate::analyze(prd.as_bytes());
        assert!(
            analysis.diagnostics.is_empty(),
            "{:?}",
            analysis.diagnostics
        );
        let genome = analysis.genome.expect("the PRD is valid");
        let links: usize = genome
            .entities
            .iter()
            .map(|e| e.fields.iter().filter(|f| f.reference.is_some()).count())
            .sum();
        assert_eq!(links, 5, "every link is kept");
    }
}
