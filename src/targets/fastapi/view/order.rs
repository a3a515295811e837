//! The order the migration creates tables in, the links it adds once every
//! table exists, and the circles of links the generated tests go round.
//!
//! Required links never go round in a circle (lowering refuses it), so
//! tables can be created with every linked table first, except where a
//! circle has an optional link: that link's foreign key is added after
//! both tables exist.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};

use crate::genome::{Entity, Genome};

use super::{EntityView, Links};

/// Each entity's place in the migration, by name: Kahn's algorithm,
/// always taking the first entity (in genome order) whose linked entities
/// are all placed, the order a person would pick. When only circles are
/// left, it takes the first entity whose required links are all placed
/// (one exists, as required links form no circle); its optional links to
/// entities not placed yet are then added after the tables. Linear in
/// entities and links.
pub(super) fn table_positions(genome: &Genome) -> HashMap<&str, usize> {
    let entities = &genome.entities;
    let mut index_of: HashMap<&str, usize> = HashMap::with_capacity(entities.len());
    for (at, entity) in entities.iter().enumerate() {
        index_of.entry(entity.name.as_str()).or_insert(at);
    }
    let mut waiting_on = vec![0usize; entities.len()];
    let mut waiting_on_required = vec![0usize; entities.len()];
    // (dependant, through a required link)
    let mut dependants: Vec<Vec<(usize, bool)>> = vec![Vec::new(); entities.len()];
    for (at, entity) in entities.iter().enumerate() {
        for field in &entity.fields {
            let Some(reference) = &field.reference else {
                continue;
            };
            if reference.entity == entity.name {
                continue;
            }
            if let Some(&target) = index_of.get(reference.entity.as_str()) {
                waiting_on[at] += 1;
                if field.required {
                    waiting_on_required[at] += 1;
                }
                dependants[target].push((at, field.required));
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..entities.len())
        .filter(|&at| waiting_on[at] == 0)
        .map(Reverse)
        .collect();
    let mut ready_but_optional: BinaryHeap<Reverse<usize>> = (0..entities.len())
        .filter(|&at| waiting_on_required[at] == 0)
        .map(Reverse)
        .collect();
    let mut placed = vec![false; entities.len()];
    let mut positions: HashMap<&str, usize> = HashMap::with_capacity(entities.len());
    let mut next = 0;
    while next < entities.len() {
        let at = match ready.pop() {
            Some(Reverse(at)) => at,
            None => match ready_but_optional.pop() {
                Some(Reverse(at)) => at,
                // Unreachable for a genome that passed lowering; stay total.
                None => (0..entities.len())
                    .find(|&at| !placed[at])
                    .expect("an entity is left"),
            },
        };
        if placed[at] {
            continue;
        }
        placed[at] = true;
        positions.insert(entities[at].name.as_str(), next);
        next += 1;
        for &(dependant, required) in &dependants[at] {
            waiting_on[dependant] -= 1;
            if waiting_on[dependant] == 0 {
                ready.push(Reverse(dependant));
            }
            if required {
                waiting_on_required[dependant] -= 1;
                if waiting_on_required[dependant] == 0 {
                    ready_but_optional.push(Reverse(dependant));
                }
            }
        }
    }
    positions
}

/// The entities in the order the migration creates their tables.
pub fn migration_order<'a>(entities: &'a [EntityView<'a>]) -> Vec<&'a EntityView<'a>> {
    let mut ordered: Vec<&EntityView> = entities.iter().collect();
    ordered.sort_by_key(|e| e.position);
    ordered
}

/// A circle of links that an optional link of an entity closes, as the
/// generated test goes round it: a row of the entity with the link empty,
/// then a row of each entity of the circle linking to the one before, then
/// the link set to the last.
#[derive(Debug, Clone)]
pub struct Circle {
    /// The entity's link that closes the circle (its column).
    pub column: String,
    /// (URL, column linking to the row before), the first linking to the
    /// entity's row.
    pub steps: Vec<(String, String)>,
    /// Whether the first step's link is required, so that the entity's row
    /// cannot be deleted while it is linked to.
    pub held: bool,
}

/// The circle `owner`'s link `column` to `target` closes: the shortest
/// path of links from `target` back to `owner`, if there is one.
pub(super) fn circle(owner: &Entity, column: &str, target: &str, links: &Links) -> Option<Circle> {
    // Breadth first from the target; each entity reached keeps the link it
    // was reached through: (entity it came from, column, required).
    let mut came_from: HashMap<&str, (&str, &str, bool)> = HashMap::new();
    let mut queue = VecDeque::from([target]);
    while let Some(name) = queue.pop_front() {
        if name == owner.name {
            break;
        }
        let Some(entity) = links.entity(name) else {
            continue;
        };
        for field in &entity.fields {
            let Some(reference) = &field.reference else {
                continue;
            };
            let next = reference.entity.as_str();
            if next == name || next == target || came_from.contains_key(next) {
                continue;
            }
            came_from.insert(next, (name, reference.column.as_str(), field.required));
            queue.push_back(next);
        }
    }
    // Walk back from the owner to the target: the steps in creation order.
    let mut steps = Vec::new();
    let mut held = false;
    let mut at = owner.name.as_str();
    while at != target {
        let &(from, link, required) = came_from.get(at)?;
        if steps.is_empty() {
            held = required;
        }
        let url = links.entity(from).map_or(String::new(), |e| {
            format!("/api/{}", e.plural_name.replace('_', "-"))
        });
        steps.push((url, link.to_string()));
        at = from;
    }
    Some(Circle {
        column: column.to_string(),
        steps,
        held,
    })
}

/// Whether a row of `from` needs a row of `to` through required links (so
/// that making one, with the rows it needs, makes a row of `to`).
pub(super) fn requires(from: &str, to: &str, links: &Links) -> bool {
    let mut seen: HashSet<&str> = HashSet::from([from]);
    let mut queue = VecDeque::from([from]);
    while let Some(name) = queue.pop_front() {
        let Some(entity) = links.entity(name) else {
            continue;
        };
        for field in entity.fields.iter().filter(|f| f.required) {
            let Some(reference) = &field.reference else {
                continue;
            };
            let next = reference.entity.as_str();
            if next == to {
                return true;
            }
            if seen.insert(next) {
                queue.push_back(next);
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::{Links, entity_views};
    use super::migration_order;

    #[test]
    fn a_circle_is_created_without_its_optional_link_which_is_added_after() {
        let prd = "# League\n\n## Entities\n\n\
            - Team: captain (Player, optional), name (string)\n\
            - Player: team (Team, required), coach (Coach, required)\n\
            - Coach: name (string)\n";
        let genome = crate::analyze(prd.as_bytes())
            .genome
            .expect("the PRD is valid");
        let views = entity_views(&genome, &Links::new(&genome));
        let order: Vec<&str> = migration_order(&views)
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(order, ["Coach", "Team", "Player"]);
        let deferred: Vec<(&str, &str)> = views
            .iter()
            .flat_map(|e| e.references().map(move |r| (e.name.as_str(), r.name)))
            .filter(|&(entity, column)| {
                views
                    .iter()
                    .find(|e| e.name == entity)
                    .and_then(|e| e.references().find(|r| r.name == column))
                    .is_some_and(|r| r.deferred)
            })
            .collect();
        assert_eq!(deferred, [("Team", "captain_id")]);
        let team = &views[0];
        assert_eq!(team.circles.len(), 1);
        let circle = &team.circles[0];
        assert_eq!(circle.column, "captain_id");
        assert_eq!(
            circle.steps,
            [("/api/players".to_string(), "team_id".to_string())]
        );
        assert!(circle.held, "a player must have a team");
        assert!(views.iter().skip(1).all(|e| e.circles.is_empty()));
    }
}
