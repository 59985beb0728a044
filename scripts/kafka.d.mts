// Types of scripts/kafka.mjs, for the TypeScript test harness (test/support/kafka.ts) that imports it.
export declare const KAFKA_VERSION: string;
export declare const KAFKA_3_VERSION: string;
export declare const KAFKA_VERSIONS: string[];
export declare function kafkaDir(version: string): string;
export declare function kafkaInstalled(version: string): boolean;
export declare function kafkaInstallCommand(version: string): string;
export declare function installKafka(version: string): { ok: boolean; output: string };
