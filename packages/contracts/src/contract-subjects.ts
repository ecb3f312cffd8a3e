import type { ContractSubject } from './contract';
import type { ContractProblem } from './contract-problem';
import { readDeclaredFields } from './declared-fields';
import type { OdcsProperty } from './odcs/odcs-schema-object';

/** The authoritativeDefinition type that binds a schema object to a registry subject. */
export const SUBJECT_DEFINITION_TYPE = 'schemaRegistrySubject';
const SUBJECT_URL_PREFIX = 'subjects/';

interface SchemaObjectLike {
  name: string;
  properties?: OdcsProperty[];
  authoritativeDefinitions?: Array<{ type: string; url: string }>;
}

/** Where a subject is bound: indexes into `schema[]` and that object's `authoritativeDefinitions[]`. */
export interface SubjectBinding extends ContractSubject {
  objectIndex: number;
  definitionIndex: number;
  /** Declared field path → JSON pointer of its property in the document. */
  fieldPointers: Map<string, string>;
}

/**
 * Finds the subjects a (valid ODCS) contract binds: `schema[]` objects carrying
 * `authoritativeDefinitions: [{type: schemaRegistrySubject, url: subjects/<subject>}]`. The declared fields are the
 * object's property names, nested ones as dotted paths.
 */
export function readContractSubjects(
  document: Record<string, unknown>,
  options: { file: string },
): { subjects: SubjectBinding[]; problems: ContractProblem[] } {
  const subjects: SubjectBinding[] = [];
  const problems: ContractProblem[] = [];
  const objects = (document.schema ?? []) as SchemaObjectLike[];
  const boundBy = new Map<string, string>();
  objects.forEach((object, objectIndex) => {
    (object.authoritativeDefinitions ?? []).forEach((definition, definitionIndex) => {
      if (definition.type !== SUBJECT_DEFINITION_TYPE) return;
      const path = `/schema/${objectIndex}/authoritativeDefinitions/${definitionIndex}/url`;
      const subject = subjectFromUrl(definition.url);
      if (!subject) {
        problems.push({
          code: 'invalid-custom-property',
          file: options.file,
          path,
          message: `a ${SUBJECT_DEFINITION_TYPE} url must be "${SUBJECT_URL_PREFIX}<subject-name>", not ${JSON.stringify(definition.url)}`,
        });
        return;
      }
      const previous = boundBy.get(subject);
      if (previous !== undefined) {
        problems.push({
          code: 'invalid-custom-property',
          file: options.file,
          path,
          message: `subject "${subject}" is already bound by ${previous}`,
        });
        return;
      }
      boundBy.set(subject, `/schema/${objectIndex}`);
      const declared = readDeclaredFields(object.properties, `/schema/${objectIndex}/properties`);
      const fieldPointers = new Map(declared.map((field) => [field.path, field.pointer]));
      subjects.push({
        subject,
        objectName: object.name,
        fields: [...fieldPointers.keys()],
        objectIndex,
        definitionIndex,
        fieldPointers,
      });
    });
  });
  return { subjects, problems };
}

function subjectFromUrl(url: string): string | undefined {
  if (!url.startsWith(SUBJECT_URL_PREFIX)) return undefined;
  const raw = url.slice(SUBJECT_URL_PREFIX.length);
  if (raw.trim() === '') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
