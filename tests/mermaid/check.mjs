// Reads Mermaid diagrams with Mermaid's own parser and prints, for each
// file named on the command line, one JSON line: the entities of its ER
// diagram with their attribute names, and its relationships, or the error
// the parser reported. Exits 1 if any diagram does not parse.
import { readFileSync } from 'node:fs';
import mermaid from 'mermaid';

let failed = false;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  try {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const names = new Map();
    const entities = {};
    for (const [name, entity] of diagram.db.getEntities()) {
      names.set(entity.id, name);
      entities[name] = entity.attributes.map((attribute) => attribute.name);
    }
    const relationships = diagram.db.getRelationships().map((r) => ({
      parent: names.get(r.entityA),
      child: names.get(r.entityB),
      label: r.roleA,
      parent_side: r.relSpec.cardB,
      child_side: r.relSpec.cardA,
    }));
    console.log(JSON.stringify({ file, type: diagram.type, entities, relationships }));
  } catch (error) {
    failed = true;
    console.log(JSON.stringify({ file, error: String(error.message ?? error) }));
  }
}
process.exit(failed ? 1 : 0);
