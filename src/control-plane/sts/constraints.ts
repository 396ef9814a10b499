/**
 * Request members checked as AWS's query APIs (STS, IAM) check them: each failure in AWS's
 * wording (`Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy
 * regular expression pattern: [\w+=,.@-]*`), all gathered into one ValidationError.
 */
import { validationErrors } from './sts-error.js';

/** Collects constraint failures in AWS's wording, member by member. */
export class Constraints {
  readonly failures: string[] = [];

  required(member: string, value: string | undefined): value is string {
    if (value !== undefined) return true;
    this.failures.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    return false;
  }

  length(member: string, value: string, min: number, max: number): void {
    if (value.length < min) this.failures.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
    if (value.length > max) this.failures.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }

  pattern(member: string, value: string, rule: RegExp, shown: string): void {
    if (!rule.test(value)) this.failures.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shown}`);
  }

  /** An optional integer member within [min, max]; undefined when absent or invalid. */
  integer(member: string, text: string | undefined, min: number, max: number): number | undefined {
    if (text === undefined) return undefined;
    if (!/^-?\d{1,12}$/.test(text)) {
      this.failures.push(`Value '${text}' at '${member}' failed to satisfy constraint: Member must be an integer`);
      return undefined;
    }
    const n = Number(text);
    if (n < min) this.failures.push(`Value '${n}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
    if (n > max) this.failures.push(`Value '${n}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
    return n;
  }

  /** An optional member with one of `values` (AWS's enum constraint). */
  oneOf(member: string, value: string | undefined, values: readonly string[]): void {
    if (value !== undefined && !values.includes(value)) {
      this.failures.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`);
    }
  }

  /** Adds a failure worded by the caller. */
  add(failure: string): void {
    this.failures.push(failure);
  }

  check(): void {
    if (this.failures.length > 0) throw validationErrors(this.failures);
  }
}

