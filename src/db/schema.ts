/** Every table of every module, for drizzle's typed queries and for drizzle-kit. */
export * from "../modules/platform/platform.schema";
export * from "../modules/identity/identity.schema";
export * from "../modules/sandbox/sandbox.schema";
export * from "../modules/ledger/ledger.schema";
export * from "../modules/wallet/wallet.schema";
export * from "../modules/relatives/relatives.schema";
export * from "../modules/family/family.schema";
export * from "../modules/transfers/transfers.schema";
export * from "../modules/notifications/notifications.schema";
export * from "../modules/audit/audit.schema";
export * from "../modules/settlement/settlement.schema";
export * from "../modules/premiums/premiums.schema";
export * from "../modules/agents/agents.schema";
export * from "../modules/conversation/conversation.schema";
export * from "../modules/system/system.schema";
