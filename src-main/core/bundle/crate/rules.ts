import type { Problem } from '../../../common/problem';
import type { ProblemCode } from '../../../common/problem-codes';

/** The clauses the reader enforces, quoted (or closely paraphrased where marked) from the specifications. */
export const RULES = {
  json: 'RO-Crate 1.1 structure: the RO-Crate Metadata File is a JSON-LD document (it must parse as JSON)',
  graph:
    'RO-Crate 1.1 appendix JSON-LD: the RO-Crate JSON-LD is flattened, with all entities in a "@graph" array, each with an "@id"',
  duplicateId: 'RO-Crate 1.1 appendix JSON-LD: each entity in "@graph" has a unique "@id" (paraphrased)',
  descriptor:
    'RO-Crate 1.1 root data entity: "The RO-Crate JSON-LD MUST contain a self-describing RO-Crate Metadata File Descriptor with the @id value ro-crate-metadata.json (or ro-crate-metadata.jsonld in legacy crates) and @type CreativeWork."',
  descriptorAbout:
    'RO-Crate 1.1 root data entity: "This descriptor MUST have an about property referencing the Root Data Entity, which SHOULD have an @id of ./."',
  descriptorConformsTo:
    'RO-Crate 1.1 root data entity: "The conformsTo of the RO-Crate Metadata File Descriptor SHOULD be a versioned permalink URI of the RO-Crate specification ... The URI SHOULD start with https://w3id.org/ro/crate/."',
  crateVersion: 'BUNDLE-FORMAT section 2: metadata is RO-Crate 1.1 or 1.2 (1.1 to 1.3 are read)',
  rootExists:
    'RO-Crate 1.1 root data entity: the Root Data Entity referenced by the descriptor\'s about must be in @graph ("For each entity in @graph array ... if the entity has an @id URI that matches root return it")',
  rootType: 'RO-Crate 1.1 root data entity: "@type: MUST be Dataset"',
  rootName:
    'RO-Crate 1.1 root data entity: "The Root Data Entity MUST have the following properties: ... name"; BUNDLE-FORMAT section 2: root name (required)',
  rootDescription:
    'RO-Crate 1.1 root data entity: "The Root Data Entity MUST have the following properties: ... description"',
  rootDatePublished:
    'RO-Crate 1.1 root data entity: "datePublished: MUST be a string in ISO 8601 date format and SHOULD be specified to at least the precision of a day"',
  rootLicense:
    'RO-Crate 1.1 root data entity: "The Root Data Entity MUST have the following properties: ... license"; BUNDLE-FORMAT section 2: a missing license is reported, never guessed',
  bundleProfile: 'BUNDLE-FORMAT section 2: root conformsTo "should include urn:provenance-desk:bundle:1"',
  license:
    'BUNDLE-FORMAT section 2: "Licenses are SPDX: license is {"@id": "https://spdx.org/licenses/<SPDX-ID>"} for one license, or a CreativeWork entity whose identifier is an SPDX expression"',
  access:
    'BUNDLE-FORMAT section 2: "Access classification uses conditionsOfAccess with one of public, internal, restricted, confidential (text; anything else is reported as unclassified)"',
  idIsUri:
    'RO-Crate 1.1 data entities: "all @id identifiers must be valid URI references ... escape special characters like space (%20) and percent (%25)"',
  filepresent:
    'RO-Crate 1.2 data entities: "A relative URI, indicating that a file MUST be present at the path @id relative to the RO-Crate Root"',
  directoryPresent:
    'RO-Crate 1.2 data entities: a Dataset "URI Path ... MUST resolve to a directory which is present in the RO-Crate Root"',
  sha256:
    'BUNDLE-FORMAT section 2: File sha256 "(the RO-Crate 1.2 term; when present it must equal the manifest\'s digest, and it never replaces the manifest)"',
  contentSize: 'RO-Crate 1.2 data entities: File SHOULD have "contentSize with the size of the file in bytes"',
  wfrunProfile:
    'Process Run Crate 0.5, root conformsTo: "MUST reference a CreativeWork entity with an @id URI that is consistent with the versioned Permalink of this document" (https://w3id.org/ro/wfrun/{process,workflow,provenance}/<version>)',
  actionInstrument: 'Process Run Crate 0.5, CreateAction: "instrument MUST: Identifier of the executed tool."',
  controlInstrument:
    'Provenance Run Crate 0.5, ControlAction: instrument MUST reference the HowToStep that was executed (paraphrased)',
  actionAgent:
    'Process Run Crate 0.5, CreateAction: "agent SHOULD: Identifier of a Person or Organization contextual entity that started/executed this tool."',
  actionTime: 'Process Run Crate 0.5, CreateAction: startTime/endTime "SHOULD be a DateTime in ISO 8601 format"',
  applicationVersion:
    'Process Run Crate 0.5, SoftwareApplication: "version SHOULD: The version string for the software application ... MAY be provided via the more specific softwareVersion"',
  formalParameterType: 'Workflow Run Crate 0.5, FormalParameter: "additionalType MUST"',
  run: 'Process Run Crate 0.5, CreateAction @id: "SHOULD be listed under mentions of the root data entity"; BUNDLE-FORMAT section 2: root mentions → the run',
  parameter: 'BUNDLE-FORMAT section 2: "a parameter: PropertyValue in object: name, value"',
  metric: 'BUNDLE-FORMAT section 2: "a reported metric: PropertyValue in result: name, value (number)"',
  personId: 'BUNDLE-FORMAT section 2: "a person: Person: @id (mailto: or ORCID URL), name, email"',
  environment:
    'BUNDLE-FORMAT section 2: env/environment.json records os, arch, cpu, gpu, runtime {name, version}, packages, onnx',
  replayMetric: 'BUNDLE-FORMAT section 3: metrics are "names of PropertyValues in the run\'s result to recompute"',
  replayPath: 'BUNDLE-FORMAT section 3: model, data, predictions and cases name files in the payload',
} as const;
export type RuleId = keyof typeof RULES;

export type Severity = 'error' | 'warning';

/** Collects problems; each carries `severity` as an extra field (the Problem schema allows extras). */
export class ProblemList {
  readonly items: Problem[] = [];

  add(
    severity: Severity,
    code: ProblemCode,
    rule: RuleId | null,
    message: string,
    details: Omit<Problem, 'code' | 'message'> = {},
  ): void {
    this.items.push({ code, message, severity, ...(rule ? { rule: RULES[rule] } : {}), ...details });
  }
  error(code: ProblemCode, rule: RuleId | null, message: string, details?: Omit<Problem, 'code' | 'message'>): void {
    this.add('error', code, rule, message, details);
  }
  warn(code: ProblemCode, rule: RuleId | null, message: string, details?: Omit<Problem, 'code' | 'message'>): void {
    this.add('warning', code, rule, message, details);
  }
  push(...problems: Problem[]): void {
    this.items.push(...problems);
  }
}
