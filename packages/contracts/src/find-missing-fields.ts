import type { Contract } from './contract';
import { customPropertyPointer } from './contract-pointers';
import type { ContractProblem } from './contract-problem';
import { readContractSubjects } from './contract-subjects';

/**
 * The fields a contract relies on that a subject's schema does not have (code `field-missing`): the fields it
 * declares for that subject and, when the contract binds only that one subject, every field its consumers read.
 * `fieldPaths` are the schema's paths as {@link schemaFieldPaths} gives them.
 */
export function findMissingFields(
  contract: Contract,
  subject: string,
  fieldPaths: readonly string[],
  options: { file: string },
): ContractProblem[] {
  const available = new Set(fieldPaths);
  const problems: ContractProblem[] = [];
  const binding = readContractSubjects(contract.document, options).subjects.find((bound) => bound.subject === subject);
  if (!binding) return problems;
  for (const [field, pointer] of binding.fieldPointers) {
    if (!available.has(field)) {
      problems.push({
        code: 'field-missing',
        file: options.file,
        path: pointer,
        message: `field "${field}" of ${binding.objectName} is declared in the contract but subject "${subject}" has no such field`,
      });
    }
  }
  if (contract.subjects.length !== 1) return problems;
  const consumersPointer = customPropertyPointer(contract.document, 'consumers');
  contract.consumers.forEach((consumer, consumerIndex) => {
    consumer.fields.forEach((field, fieldIndex) => {
      if (available.has(field)) return;
      problems.push({
        code: 'field-missing',
        file: options.file,
        path: `${consumersPointer ?? '/customProperties'}/${consumerIndex}/fields/${fieldIndex}`,
        message: `consumer "${consumer.id}" reads field "${field}", which subject "${subject}" does not have`,
      });
    });
  });
  return problems;
}
