// The local stack has no pg_net, so pg_cron cannot call a function over HTTP there: a function
// whose work hosted projects schedule with pg_cron (POST /run) runs the same pass on a timer when
// its interval variable is set (`npm start` sets it; deployed functions never do). One pass at a
// time; a failed pass is logged and the next tick tries again.
export function runOnLocalTimer<T>(
  name: string,
  intervalVariable: string,
  pass: () => Promise<T>,
  worthLogging: (result: T) => boolean,
): void {
  const intervalMs = Number(Deno.env.get(intervalVariable) ?? 0);
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) return;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const result = await pass();
      if (worthLogging(result)) console.log(JSON.stringify({ level: "info", message: `${name} pass`, ...result }));
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: `${name} pass failed`, error: String(err) }));
    } finally {
      running = false;
    }
  }, Math.max(1000, intervalMs));
  Deno.unrefTimer(timer);
}
