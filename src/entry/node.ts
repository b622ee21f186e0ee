import { ConfigError } from "@/config";
import { startNodeServer } from "./server";

async function main() {
  process.stderr.write("医保钱包 yibao-wallet: starting\n");
  const server = await startNodeServer(process.env, {
    progress: (line) => process.stderr.write(`${line}\n`),
    banner: (text) => process.stdout.write(text),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`start-up failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
