// Types of the generated validator (scripts/compile-schema.mjs): it only says whether a value matches the schema.
declare function validate(data: unknown): boolean;
export = validate;
