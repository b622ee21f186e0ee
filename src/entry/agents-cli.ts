import { userInfo } from "node:os";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "@/config";
import type { DbHandle } from "@/db/client";
import { systemClock } from "@/lib/clock";
import { pgCode } from "@/lib/pg-errors";
import { AGENT_ROLES } from "@/modules/agents/agents.schema";
import {
  addAgent,
  disableAgent,
  enableAgent,
  isAgentRole,
  listAgents,
  ProvisioningError,
  resetAgentPassword,
  type AgentListing,
  type AgentRole,
  type ProvisioningActor,
  type ProvisioningCtx,
} from "@/modules/agents/provisioning.service";

/**
 * `npm run agents -- <command>`: creates, disables, enables and resets console accounts (agent,
 * supervisor, auditor) on DATABASE_URL, or on the embedded database in PGLITE_DIR. Needs the server's
 * PASSWORD_PEPPER (and PASSWORD_HASH_ITERATIONS if set), never a generated one: a password hashed with
 * another pepper could never log in. Generated passwords go to stdout once and nowhere else.
 * Exit codes: 0 done, 2 bad usage, input or configuration, 1 anything else.
 */

export const USAGE = `Usage: npm run agents -- <command> [options]

Commands:
  add <username> --role agent|supervisor|auditor --name "显示名"
                            create an account; prints its generated password once
  disable <username>        block logins and revoke the account's open sessions
  enable <username>         allow logins again
  reset-password <username> new generated password (printed once); clears failed
                            logins and the lock; revokes open sessions
  list                      username, role, name, created, disabled, locked

Environment (the server's own values):
  PASSWORD_PEPPER           required: the pepper the server hashes passwords with
  PASSWORD_HASH_ITERATIONS  optional (default 100000)
  DATABASE_URL              the PostgreSQL database; if unset, the embedded one in
  PGLITE_DIR                (default .data/pglite; stop the server using it first)

Every change is written to the audit log (actor "system").
Exit codes: 0 done, 2 bad usage, input or configuration, 1 other failure.
`;

export type AgentsCommand =
  | { kind: "help" }
  | { kind: "add"; username: string; role: AgentRole; displayName: string }
  | { kind: "disable" | "enable" | "reset-password"; username: string }
  | { kind: "list" };

export class UsageError extends Error {}

const parseArgv = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { role: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
  });

/** argv after the script name → a command, or UsageError with a message fit for the operator. */
export function parseAgentsArgs(argv: string[]): AgentsCommand {
  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv(argv);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") return { kind: "help" };
  const [command, ...rest] = positionals;
  if (!command) throw new UsageError("missing command");
  const onlyUsername = (): string => {
    if (rest.length === 0 || !rest[0]) throw new UsageError(`${command}: missing <username>`);
    if (rest.length > 1) throw new UsageError(`${command}: unexpected argument "${rest[1]}"`);
    return rest[0];
  };
  const noOptions = () => {
    if (values.role !== undefined || values.name !== undefined) throw new UsageError(`${command}: --role and --name are only for add`);
  };
  switch (command) {
    case "add": {
      const username = onlyUsername();
      if (values.role === undefined) throw new UsageError(`add: missing --role (${AGENT_ROLES.join("|")})`);
      if (!isAgentRole(values.role)) throw new UsageError(`add: unknown role "${values.role}": use one of ${AGENT_ROLES.join(", ")}`);
      if (values.name === undefined || values.name.trim() === "") throw new UsageError('add: missing --name "显示名"');
      return { kind: "add", username, role: values.role, displayName: values.name };
    }
    case "disable":
    case "enable":
    case "reset-password":
      noOptions();
      return { kind: command, username: onlyUsername() };
    case "list":
      noOptions();
      if (rest.length > 0) throw new UsageError(`list: unexpected argument "${rest[0]}"`);
      return { kind: "list" };
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const stdio: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/**
 * Only what provisioning needs. The pepper must be the server's: parseConfig would generate one in
 * sandbox mode, so it is demanded here first. The other secrets are the server's business; sandbox
 * parsing fills them with throwaways this command never uses.
 */
export function cliConfig(env: Record<string, string | undefined>) {
  if (!env.PASSWORD_PEPPER)
    throw new ConfigError("PASSWORD_PEPPER is required: use the server's value, or the passwords printed here will not log in");
  const c = parseConfig({
    SANDBOX: "1",
    DATABASE_URL: env.DATABASE_URL || undefined,
    PGLITE_DIR: env.PGLITE_DIR || undefined,
    PASSWORD_PEPPER: env.PASSWORD_PEPPER,
    PASSWORD_HASH_ITERATIONS: env.PASSWORD_HASH_ITERATIONS || undefined,
  });
  return {
    databaseUrl: c.databaseUrl,
    pgliteDir: c.pgliteDir,
    secrets: { passwordPepper: c.secrets.passwordPepper },
    passwordHashIterations: c.passwordHashIterations,
  };
}

function operatorName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

const stamp = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : "-");

function table(rows: AgentListing[]): string {
  const head = ["USERNAME", "ROLE", "NAME", "CREATED", "DISABLED", "LOCKED"];
  const body = rows.map((r) => [
    r.username,
    r.role,
    r.displayName,
    stamp(r.createdAt),
    stamp(r.disabledAt),
    r.lockedUntil ? `until ${stamp(r.lockedUntil)}` : "-",
  ]);
  // Display width: CJK characters take two columns.
  const width = (s: string) =>
    [...s].reduce(
      (n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1),
      0,
    );
  const cols = head.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(cols[i]! - width(c)))).join("  ");
  return `${[line(head), ...body.map(line)].join("\n")}\n`;
}

async function execute(
  cmd: Exclude<AgentsCommand, { kind: "help" }>,
  ctx: ProvisioningCtx,
  actor: ProvisioningActor,
  io: CliIo,
): Promise<void> {
  switch (cmd.kind) {
    case "add": {
      const a = await addAgent(ctx, { username: cmd.username, role: cmd.role, displayName: cmd.displayName }, actor);
      io.out(
        `Created ${a.role} account "${a.username}".\npassword: ${a.password}\nThis password is shown only now and is not stored; hand it over on a safe channel.\n`,
      );
      return;
    }
    case "disable": {
      const r = await disableAgent(ctx, cmd.username, actor);
      io.out(`${r.changed ? "Disabled" : "Already disabled:"} "${cmd.username}"; ${r.sessionsRevoked} open session(s) revoked.\n`);
      return;
    }
    case "enable": {
      const r = await enableAgent(ctx, cmd.username, actor);
      io.out(r.changed ? `Enabled "${cmd.username}".\n` : `"${cmd.username}" was not disabled; nothing changed.\n`);
      return;
    }
    case "reset-password": {
      const r = await resetAgentPassword(ctx, cmd.username, actor);
      io.out(
        `New password for "${cmd.username}"; failed logins and lock cleared; ${r.sessionsRevoked} open session(s) revoked.\npassword: ${r.password}\nThis password is shown only now and is not stored.\n` +
          (r.disabled ? `Note: the account is disabled; run "enable ${cmd.username}" to allow logins.\n` : ""),
      );
      return;
    }
    case "list": {
      const rows = await listAgents(ctx);
      io.out(rows.length === 0 ? "No agent accounts.\n" : table(rows));
      return;
    }
  }
}

/** The whole CLI: parses, opens the database, runs, closes. Returns the exit code; never throws. */
export async function runAgentsCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  io: CliIo = stdio,
): Promise<number> {
  let cmd: AgentsCommand;
  try {
    cmd = parseAgentsArgs(argv);
  } catch (e) {
    io.err(`agents: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (cmd.kind === "help") {
    io.out(USAGE);
    return 0;
  }
  let config: ReturnType<typeof cliConfig>;
  try {
    config = cliConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`agents: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let handle: DbHandle | undefined;
  try {
    // Loaded only now, so --help and usage errors answer at once.
    const { openDatabase } = await import("@/db/node");
    handle = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, poolSize: 1 });
    const ctx: ProvisioningCtx = { db: handle.db, clock: systemClock, config };
    await execute(cmd, ctx, { id: "agents-cli", operator: operatorName() }, io);
    return 0;
  } catch (e) {
    if (e instanceof ProvisioningError) {
      io.err(`agents: ${e.message}\n`);
      return 2;
    }
    if (pgCode(e) === "42P01") {
      io.err("agents: the database has no agent tables yet: run `npm run db:migrate` first\n");
      return 1;
    }
    io.err(`agents: failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await handle?.close().catch(() => {});
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runAgentsCli(process.argv.slice(2));
}
