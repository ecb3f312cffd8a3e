import { type BoundContract, NOT_LOADED, type RegistryClient } from '../registry/registry-client';
import { type ContractRules, compileContractRules } from './contract-rules';

/** The compiled rules of the contract bound to each subject: compiled once per contract version. */
export class ContractCache {
  private readonly compiled = new Map<string, ContractRules | undefined>();
  /** The same, by the client's contract object: found without building a key while the client serves that object. */
  private readonly byContract = new WeakMap<BoundContract, Map<string, ContractRules | undefined>>();

  constructor(private readonly client: RegistryClient) {}

  async rulesFor(subject: string): Promise<ContractRules | undefined> {
    const known = this.knownRulesFor(subject);
    if (known !== NOT_LOADED) return known;
    return this.rulesOf(await this.client.contractFor(subject), subject);
  }

  /** `rulesFor` from memory, or NOT_LOADED before the client has read the contracts (see knownContractFor). */
  knownRulesFor(subject: string): ContractRules | undefined | typeof NOT_LOADED {
    const contract = this.client.knownContractFor(subject);
    return contract === NOT_LOADED ? NOT_LOADED : this.rulesOf(contract, subject);
  }

  private rulesOf(contract: BoundContract | undefined, subject: string): ContractRules | undefined {
    if (!contract) return undefined;
    let bySubject = this.byContract.get(contract);
    if (!bySubject) {
      bySubject = new Map();
      this.byContract.set(contract, bySubject);
    }
    if (bySubject.has(subject)) return bySubject.get(subject);
    const key = `${contract.id}\u0000${contract.version}\u0000${subject}`;
    if (!this.compiled.has(key)) this.compiled.set(key, compileContractRules(contract, subject));
    const rules = this.compiled.get(key);
    bySubject.set(subject, rules);
    return rules;
  }
}
